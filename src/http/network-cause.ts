/**
 * What an XMLHttpRequest that got no answer may say about why. A browser's says nothing; the
 * one `directline-rx/node` gives (xhr2) records the socket's error here.
 */
export interface NetworkErrorRecord {
  /** The system's or TLS's error code: `ECONNREFUSED`, `ENOTFOUND`, `CERT_HAS_EXPIRED` … */
  networkErrorCode?: string;
}

/** Causes by error code, as a person checking the domain reads them. */
const CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/**
 * Why a request got no answer, in words: refused, not found, timed out, TLS … with the code when
 * one is known; where the transport does not tell (browsers never do), says so.
 */
export function networkCause(xhr: unknown): string {
  const code = typeof xhr === 'object' && xhr !== null ? (xhr as NetworkErrorRecord).networkErrorCode : undefined;
  if (typeof code !== 'string' || !/^[A-Z0-9_]{1,64}$/.test(code)) return 'network error (the browser does not say why)';
  const known = Object.prototype.hasOwnProperty.call(CAUSES, code) ? CAUSES[code] : undefined;
  if (known) return `${known} (${code})`;
  if (/CERT|TLS|SSL|EPROTO/.test(code)) return `TLS failed (${code})`;
  return `network error (${code})`;
}

/** The origin of a URL (scheme, host and port: never a path, query, user or password), for messages. */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'the domain given';
  }
}
