/** Exponential backoff with full jitter. */
export interface BackoffOptions {
  /** Upper bound of the first retry's delay (ms). The first retry is quick. Default 500. */
  initialMs?: number;
  /** Growth per failed attempt. Default 2. */
  factor?: number;
  /** Cap of any delay (ms). Default 30 000. */
  maxMs?: number;
}

/** The backoff when none is given: 500 ms, doubling, at most 30 s. */
export const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialMs: 500, factor: 2, maxMs: 30000 };

/**
 * The delay before retry number `attempt` (0 = first retry): a uniform draw in
 * [0, min(maxMs, initialMs × factor^attempt)). `random` returns a number in [0, 1).
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const { initialMs, factor, maxMs } = { ...DEFAULT_BACKOFF, ...options };
  const ceiling = Math.min(maxMs, initialMs * Math.pow(factor, Math.max(0, attempt)));
  let r = Number(random());
  if (!Number.isFinite(r) || r < 0) r = 0;
  if (r >= 1) r = 0.999999;
  return Math.floor(r * ceiling);
}
