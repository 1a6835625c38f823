import { DirectLineError } from '../protocol/errors';

/** The Direct Line 3.0 service. */
export const DEFAULT_DOMAIN = 'https://directline.botframework.com/v3/directline';

/** The base URL of every call: the domain given (default {@link DEFAULT_DOMAIN}), without surrounding spaces or trailing slashes. */
export function baseUrl(domain: string | undefined): string {
  return (domain?.trim() || DEFAULT_DOMAIN).replace(/\/+$/, '');
}

/**
 * The error of a start answered 404: no Direct Line service at that domain (a conversation that
 * does not exist yet cannot be missing). Not retried; the connection reports FailedToConnect.
 * The domain is shown as origin and path (never a user, password or query).
 */
export function domainNotFound(error: DirectLineError, domain: string | undefined): DirectLineError {
  let shown = 'the domain given';
  try {
    const url = new URL(baseUrl(domain));
    shown = url.origin + url.pathname;
  } catch {
    // shown as "the domain given"
  }
  return new DirectLineError(`${error.message}: no Direct Line service at ${shown}. Check \`domain\`: does it end in /v3/directline?`, {
    status: error.status,
    code: DOMAIN_NOT_FOUND,
  });
}

/** The code of the error a start answered 404 fails with. */
export const DOMAIN_NOT_FOUND = 'DomainNotFound';
