import { Observable, NEVER, Subject, concat, defer, merge, of, throwError, timer } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { distinctUntilChanged, retry, switchMap, take } from 'rxjs/operators';
import type { ReconnectEvent } from './events';
import { DirectLineError } from '../protocol/errors';
import { backoffDelay } from './backoff';
import type { BackoffOptions } from './backoff';

/** How failed attempts (of the stream or of polling) are retried. */
export interface RetryOptions {
  backoff?: BackoffOptions;
  /** Failed attempts in a row (since the last stable connection) before giving up. Default 10. */
  maxRetries?: number;
  /** Random source in [0, 1) for the jitter. Default Math.random. */
  random?: () => number;
  /** Network state; retries wait while it is false and start at once when it turns true. */
  online$?: Observable<boolean>;
  /**
   * Called on 403. Returns an observable whose first value means "credentials renewed, retry now";
   * an error gives up with that error. Without it, 403 fails.
   */
  onForbidden?: (error: DirectLineError) => Observable<unknown>;
  scheduler?: SchedulerLike;
}

export type RetryDecision =
  | { kind: 'retry'; delayMs: number; wait: Observable<unknown> }
  | { kind: 'fail'; error: DirectLineError };

export function asDirectLineError(err: unknown): DirectLineError {
  if (err instanceof DirectLineError) return err;
  return new DirectLineError(err instanceof Error ? err.message : 'Unknown failure', { code: 'NetworkError', retryable: true });
}

/** Waits `ms` while online; if offline, waits until online and then goes at once. */
export function waitOnline(ms: number, online$: Observable<boolean> | undefined, scheduler?: SchedulerLike): Observable<unknown> {
  const delay = timer(ms, scheduler);
  if (!online$) return delay;
  return online$.pipe(
    distinctUntilChanged(),
    switchMap((online, index) => (online ? (index === 0 ? delay : of(0)) : NEVER)),
    take(1),
  );
}

/**
 * Decides what follows failed attempt number `attempt` (1-based, counted since the last stable
 * connection): back off, wait `Retry-After`, renew credentials, or fail.
 */
export function decideRetry(err: unknown, attempt: number, options: RetryOptions): RetryDecision {
  const error = asDirectLineError(err);
  const maxRetries = options.maxRetries ?? 10;
  const status = error.status;
  const forbidden = status === 403 && error.code !== 'SocketHandshakeFailed';
  if (forbidden && !options.onForbidden) return { kind: 'fail', error };
  if (!forbidden && !error.retryable) return { kind: 'fail', error };
  if (attempt > maxRetries) {
    return {
      kind: 'fail',
      error: new DirectLineError(`Gave up after ${maxRetries} retries: ${error.message}`, { code: 'RetriesExhausted', status, retryable: false }),
    };
  }
  if (forbidden && options.onForbidden) return { kind: 'retry', delayMs: 0, wait: options.onForbidden(error) };
  const delayMs = error.retryAfterMs !== undefined && (status === 429 || status === 503)
    ? error.retryAfterMs
    : backoffDelay(attempt - 1, options.backoff, options.random);
  return { kind: 'retry', delayMs, wait: waitOnline(delayMs, options.online$, options.scheduler) };
}

/** Failed attempts in a row; reset by whoever sees a success (a stable socket, a good poll). */
export interface FailureCount {
  failures: number;
}

/**
 * Re-subscribes to `attempts` after each failure as the policy says, announcing every retry as a
 * `connecting` event (the first one, attempt 0, before anything starts). Errors when the policy
 * gives up.
 */
export function retrying(attempts: Observable<ReconnectEvent>, count: FailureCount, options: RetryOptions, onFailure?: () => void): Observable<ReconnectEvent> {
  return defer(() => {
    const notices = new Subject<ReconnectEvent>();
    const retried = attempts.pipe(
      retry({
        delay: (err) => {
          count.failures++;
          onFailure?.();
          const decision = decideRetry(err, count.failures, options);
          if (decision.kind === 'fail') return throwError(() => decision.error);
          notices.next({ type: 'connecting', attempt: count.failures, delayMs: decision.delayMs, error: asDirectLineError(err) });
          return decision.wait;
        },
      }),
    );
    return merge(notices, concat(of<ReconnectEvent>({ type: 'connecting', attempt: 0, delayMs: 0 }), retried));
  });
}
