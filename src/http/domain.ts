import { DirectLineError } from '../protocol/errors';

/** The Direct Line 3.0 service. */
export const DEFAULT_DOMAIN = 'https://directline.botframework.com/v3/directline';

/** The base URL of every call: the domain given (default {@link DEFAULT_DOMAIN}), without surrounding spaces or trailing slashes. */
export function baseUrl(domain: string | undefined): string {
  return (domain?.trim() || DEFAULT_DOMAIN).replace(/\/+$/, '');
}

/** The domain as it may be shown in a message: origin and path, never a user, password or query. */
export function showDomain(domain: string | undefined): string {
  const base = baseUrl(domain);
  try {
    const url = new URL(base);
    return url.origin + url.pathname.replace(/\/+$/, '');
  } catch {
    return 'the domain given';
  }
}

/**
 * The error of a start answered 404: no Direct Line service at that domain (a conversation that
 * does not exist yet cannot be missing). Not retried; the connection reports FailedToConnect.
 */
export function domainNotFound(error: DirectLineError, domain: string | undefined): DirectLineError {
  const shown = showDomain(domain);
  const hint = /\/v3\/directline$/i.test(shown) ? 'is it the Direct Line service (or an emulator)?' : 'does it end in /v3/directline?';
  return new DirectLineError(`${error.message} — no Direct Line service at ${shown}: check \`domain\`, ${hint} (the service's is ${DEFAULT_DOMAIN})`, {
    status: error.status,
    code: DOMAIN_NOT_FOUND,
    retryable: false,
  });
}

/** The code of the error a start answered 404 fails with. */
export const DOMAIN_NOT_FOUND = 'DomainNotFound';
