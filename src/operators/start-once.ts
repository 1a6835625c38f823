import { AsyncSubject, share } from 'rxjs';
import type { MonoTypeOperatorFunction } from 'rxjs';

/**
 * Runs a call (a source that answers one value, or fails) at most once for everybody who waits for
 * it: callers that come while it runs share it, callers that come after it succeeded get its value,
 * and callers that come after it failed get that failure — it is never run a second time. Only when
 * every caller leaves before it answers is it cancelled, and the next caller runs it again.
 */
export function startOnce<T>(): MonoTypeOperatorFunction<T> {
  return share<T>({ connector: () => new AsyncSubject<T>(), resetOnError: false, resetOnComplete: false, resetOnRefCountZero: true });
}
