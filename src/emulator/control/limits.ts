/**
 * The longest delay a Node timer takes: 2^31 − 1 ms (about 24.8 days). A longer one fires after
 * 1 ms, so a larger setting would turn "almost never" into "at once".
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Checks a duration in milliseconds; a TypeError naming the setting when a timer cannot take it. */
export function checkMs(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS) {
    throw new TypeError(`${name} must be a number of milliseconds from 0 to ${MAX_TIMER_MS}`);
  }
  return value;
}

/** Checks a duration in seconds, with the same bound as `checkMs`. */
export function checkSeconds(name: string, value: number): number {
  const max = Math.floor(MAX_TIMER_MS / 1000);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new TypeError(`${name} must be a number of seconds from 0 to ${max}`);
  }
  return value;
}
