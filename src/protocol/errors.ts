import { redact, redactPatterns } from './redact';

/** Codes the library uses for failures that are not an HTTP error body. */
export type DirectLineErrorCode =
  | 'NetworkError'
  | 'Timeout'
  | 'BadResponse'
  | 'InvalidOptions'
  | 'InvalidActivity'
  | 'InsecureTransport'
  | 'Ended'
  | 'RetriesExhausted'
  | 'SocketClosed'
  | 'TokenExpired'
  | 'Aborted'
  | string;

/** What a {@link DirectLineError} is made with, besides its message. */
export interface DirectLineErrorInit {
  /** The HTTP status, when the failure is an HTTP answer. */
  status?: number;
  /** The service's error code, or the library's. */
  code?: DirectLineErrorCode;
  /** Whether the same request may be tried again. Default false. */
  retryable?: boolean;
  /** How long the service asked to wait before trying again (`Retry-After`), ms. */
  retryAfterMs?: number;
}

/**
 * Every failure the library reports. Its message is the library's own text, with what came from
 * outside (a server's answer, a close reason) scrubbed of the call's credentials before it was
 * put in (see `redact`); no property holds a request, a header or a URL with credentials.
 */
export class DirectLineError extends Error {
  /** Always `DirectLineError`. */
  override readonly name = 'DirectLineError';
  /** The HTTP status, when the failure is an HTTP answer (0: no answer at all). */
  readonly status?: number;
  /** The service's error code (`BadArgument`, `TokenExpired`, …) or the library's (`NetworkError`, `Timeout`, `Ended`, …). */
  readonly code?: DirectLineErrorCode;
  /** Whether the same request may be tried again. */
  readonly retryable: boolean;
  /** How long the service asked to wait before trying again (`Retry-After`), ms. */
  readonly retryAfterMs?: number;

  /**
   * @param message What failed. Text from outside in it must be scrubbed with `redact` first: the
   *   constructor only removes what looks like a credential whatever it is (`t=` parameters,
   *   Bearer values, JWTs), so that the library's own words are never rewritten.
   */
  constructor(message: string, init: DirectLineErrorInit = {}) {
    super(redactPatterns(message));
    this.status = init.status;
    this.code = init.code;
    this.retryable = !!init.retryable;
    if (init.retryAfterMs !== undefined && Number.isFinite(init.retryAfterMs)) this.retryAfterMs = Math.max(0, init.retryAfterMs);
    if (this.stack) this.stack = redactPatterns(this.stack);
  }
}

/** Whether a value is a {@link DirectLineError}. */
export function isDirectLineError(value: unknown): value is DirectLineError {
  return value instanceof DirectLineError;
}

/**
 * Any failure as a DirectLineError: a DirectLineError as it is, anything else as a retryable
 * NetworkError whose message (from outside) is scrubbed.
 */
export function asDirectLineError(err: unknown): DirectLineError {
  if (err instanceof DirectLineError) return err;
  return new DirectLineError(err instanceof Error ? redact(err.message) : 'Unknown failure', { code: 'NetworkError', retryable: true });
}

/** Statuses after which the same request may be tried again. */
export function isRetryableStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

/**
 * The longest wait `parseRetryAfter` returns: the largest delay a timer can hold (about 24.8 days).
 * A longer one overflows setTimeout, which then fires at once: the opposite of what the server asked.
 */
const MAX_RETRY_AFTER_MS = 2147483647;

/**
 * Reads `Retry-After` as delta-seconds or an HTTP date. Returns undefined when absent or unreadable.
 * `now` is the current time in ms (from the scheduler, so that tests control it).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = String(value).trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.min(MAX_RETRY_AFTER_MS, Math.round(parseFloat(trimmed) * 1000));
  // An HTTP date names its month (IMF-fixdate, RFC 850 and asctime all do). Without this check the
  // lenient Date.parse reads garbage such as "-5" or "1.5.3" as a date in the past, i.e. "retry now".
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - now));
}

/**
 * Builds the error for an HTTP answer that is not a success. Accepts any body, even HTML or none.
 * `secret`, the credential of the call, is scrubbed from every field, the server's code included.
 */
export function errorFromResponse(
  status: number,
  body: unknown,
  retryAfterHeader: string | null | undefined,
  what: string,
  now?: number,
  secret?: string,
): DirectLineError {
  let code: string | undefined;
  let detail: string | undefined;
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
  }
  if (parsed && typeof parsed === 'object' && 'error' in parsed) {
    const err = (parsed as { error?: unknown }).error;
    if (err && typeof err === 'object') {
      const c = (err as { code?: unknown }).code;
      const m = (err as { message?: unknown }).message;
      // The server's code and message may repeat what it was sent: both are scrubbed.
      if (typeof c === 'string') code = redact(c, secret).slice(0, 100);
      // Redact before cutting: a cut could leave the head of a secret that redaction no longer recognises.
      if (typeof m === 'string') detail = redact(m, secret).slice(0, 300);
    }
  }
  const retryAfterMs = parseRetryAfter(retryAfterHeader, now);
  const message = `${what} failed with HTTP ${status}${code ? ` ${code}` : ''}${detail ? `: ${detail}` : ''}`;
  return new DirectLineError(message, { status, code: code ?? defaultCode(status), retryable: isRetryableStatus(status), retryAfterMs });
}

/** The code of an error answer whose body names none, by status. */
const DEFAULT_CODES: Record<number, string> = {
  400: 'BadArgument',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  429: 'TooManyRequests',
  502: 'BotError',
  503: 'ServiceUnavailable',
  504: 'BotTimeout',
};

function defaultCode(status: number): string {
  return DEFAULT_CODES[status] ?? (status >= 500 ? 'ServiceError' : 'HttpError');
}
