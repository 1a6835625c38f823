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
 * Why a socket failed, in words, from its error's code: refused, not found, timed out, TLS …
 * with the code; `network error` with the code for the rest, and without one when there is none.
 */
export function describeSocketError(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'string' || !/^[A-Z0-9_]{1,64}$/.test(code)) return 'network error';
  const known = Object.prototype.hasOwnProperty.call(CAUSES, code) ? CAUSES[code] : undefined;
  if (known) return `${known} (${code})`;
  if (/CERT|TLS|SSL|EPROTO/.test(code)) return `TLS failed (${code})`;
  return `network error (${code})`;
}
