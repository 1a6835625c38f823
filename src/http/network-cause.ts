/**
 * What an XMLHttpRequest that got no answer may say about why. A browser's says nothing; the
 * one `directline-rx/node` gives (xhr2) records the socket's error here, in words.
 */
export interface NetworkErrorRecord {
  /** Why, e.g. `connection refused (ECONNREFUSED)`, `host not found (ENOTFOUND)`, `TLS failed (CERT_HAS_EXPIRED)`. */
  networkErrorCause?: string;
}

/** Why a request got no answer, as the transport recorded it; where it does not tell (browsers never do), says so. */
export function networkCause(xhr: unknown): string {
  const cause = (xhr as NetworkErrorRecord | undefined)?.networkErrorCause;
  return typeof cause === 'string' ? cause : 'network error (the browser does not say why)';
}

/** The origin of a URL (scheme, host and port: never a path, query, user or password), for messages. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the domain given';
  }
}
