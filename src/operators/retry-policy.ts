import { NEVER, Observable, asyncScheduler, defer, distinctUntilChanged, of, retry, switchMap, take, tap, throwError, timer } from 'rxjs';
import type { MonoTypeOperatorFunction, Observer, SchedulerLike, Subscriber, Subscription } from 'rxjs';
import type { ReconnectEvent } from './events';
import { DirectLineError, asDirectLineError } from '../protocol/errors';
import { backoffDelay } from './backoff';
import { Relay } from '../stream/relay';
import { DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_AFTER_MS, DEFAULT_UNREACHABLE_MS } from '../defaults';
import type { BackoffOptions } from './backoff';
import { answered, beginTrying, markReached, newServerContact, timeLeft, unreachableError } from './server-contact';
import type { ServerContact } from './server-contact';

/** How failed attempts (of the stream or of polling) are retried. */
export interface RetryOptions {
  /** The delays between retries. Default {@link DEFAULT_BACKOFF}. */
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
  /** The clock of the waits. Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /**
   * The longest wait a `Retry-After` may impose, ms: a longer one waits this long, then retries.
   * Default {@link DEFAULT_MAX_RETRY_AFTER_MS}.
   */
  maxRetryAfterMs?: number;
  /**
   * While no server has ever answered (no HTTP answer, no open socket), attempts stop after this
   * long, ms, with an `Unreachable` error naming the last cause. Once any server answered, only
   * `maxRetries` ends the retries. Default {@link DEFAULT_UNREACHABLE_MS}.
   */
  unreachableMs?: number;
  /**
   * Whether a server answered yet, shared by every call of one connection (the start and the
   * receive path). Default: one per retried call or stream.
   */
  contact?: ServerContact;
}

export { DEFAULT_MAX_RETRY_AFTER_MS } from '../defaults';

/**
 * The wait a 429 / 503 asks for (`Retry-After`), capped at `maxRetryAfterMs`; undefined when the
 * answer named none (or is not a 429 / 503).
 */
export function retryAfterWait(error: DirectLineError, options: Pick<RetryOptions, 'maxRetryAfterMs'>): number | undefined {
  if (error.retryAfterMs === undefined || (error.status !== 429 && error.status !== 503)) return undefined;
  const cap = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  return Math.min(error.retryAfterMs, Number.isFinite(cap) && cap >= 0 ? cap : DEFAULT_MAX_RETRY_AFTER_MS);
}

/** What to do after a failure: retry after `delayMs` (once `wait` emits), or fail with `error`. */
export type RetryDecision =
  | {
      /** Try again. */
      kind: 'retry';
      /** The backoff delay (or `Retry-After`), ms. */
      delayMs: number;
      /** Emits when it is time (and the network is online). */
      wait: Observable<unknown>;
    }
  | {
      /** Give up. */
      kind: 'fail';
      /** Why. */
      error: DirectLineError;
    };

/**
 * Waits `ms` while online; if offline, waits until online and then goes at once (`onBackOnline`
 * hears that moment).
 */
export function waitOnline(
  ms: number,
  online$: Observable<boolean> | undefined,
  scheduler?: SchedulerLike,
  onBackOnline?: () => void,
): Observable<unknown> {
  const delay = timer(ms, scheduler);
  if (!online$) return delay;
  return online$.pipe(
    distinctUntilChanged(),
    switchMap((online, index) => (online ? (index === 0 ? delay : backOnline(onBackOnline)) : NEVER)),
    take(1),
  );
}

function backOnline(onBackOnline: (() => void) | undefined): Observable<number> {
  return defer(() => {
    onBackOnline?.();
    return of(0);
  });
}

/**
 * Where a run of failures stands. Two counts, because a connection that keeps coming back must
 * never give up, while a server that accepts and then drops every socket must not be hammered.
 */
export interface FailureCount {
  /** Failed attempts in a row that never reached Online: the retry budget. Reset by `markOnline`. */
  failures: number;
  /** Failures since the last stable stay Online: the backoff's step. Reset by `markStable`. */
  step?: number;
  /** The attempt now failing had reached Online. */
  wasOnline?: boolean;
  /** This run of failures began with a retry at once (after a stay Online). */
  quick?: boolean;
  /** Whether a server answered yet (see {@link RetryOptions.contact}); without it, no `unreachableMs` limit. */
  contact?: ServerContact;
}

/** A socket opened (or a poll answered): the retry budget starts again. */
export function markOnline(count: FailureCount): void {
  count.failures = 0;
  count.wasOnline = true;
}

/** Online long enough (`stableMs`): the backoff is back at its first step. */
export function markStable(count: FailureCount): void {
  count.step = 0;
  count.quick = false;
}

/**
 * Decides what follows a failed attempt: back off, wait `Retry-After`, renew credentials, or fail.
 * `count` is the number of failed attempts in a row that never reached Online (1-based), or a
 * `FailureCount`: then the first failure after a stable stay Online is retried at once, and the
 * backoff grows from the second failure in a row.
 */
export function decideRetry(err: unknown, count: number | FailureCount, options: RetryOptions): RetryDecision {
  const error = asDirectLineError(err);
  const run: FailureCount = typeof count === 'number' ? { failures: count } : count;
  const step = run.step ?? run.failures;
  const atOnce = run.wasOnline === true && step === 1;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const status = error.status;
  const forbidden = status === 403 && error.code !== 'SocketHandshakeFailed';
  const { contact } = run;
  if (contact && answered(error)) markReached(contact);
  if (forbidden && !options.onForbidden) return { kind: 'fail', error };
  if (!forbidden && !error.retryable) return { kind: 'fail', error };
  // Nothing ever answered: the attempts stop after `unreachableMs`, the last one at that moment.
  const scheduler = options.scheduler ?? asyncScheduler;
  const unreachableMs = options.unreachableMs ?? DEFAULT_UNREACHABLE_MS;
  const left = contact ? timeLeft(contact, unreachableMs, scheduler.now()) : undefined;
  if (left !== undefined && left <= 0) return { kind: 'fail', error: unreachableError(error, unreachableMs, run.failures) };
  if (run.failures > maxRetries) {
    return {
      kind: 'fail',
      error: new DirectLineError(`Gave up after ${maxRetries} retries: ${error.message}`, {
        code: 'RetriesExhausted',
        status,
        retryable: false,
      }),
    };
  }
  if (forbidden && options.onForbidden) return { kind: 'retry', delayMs: 0, wait: options.onForbidden(error) };
  // A `Retry-After` lengthens the wait, never shortens it: "retry now" must not spend the budget faster than the backoff.
  const backoff = atOnce ? 0 : backoffDelay(step - (run.quick ? 2 : 1), options.backoff, options.random);
  const delayMs = Math.min(Math.max(backoff, retryAfterWait(error, options) ?? 0), left ?? Infinity);
  // Time offline is not time spent trying: back online, the attempts have their whole `unreachableMs` again.
  const restart = contact ? () => beginTrying(contact, scheduler.now()) : undefined;
  return { kind: 'retry', delayMs, wait: waitOnline(delayMs, options.online$, options.scheduler, restart) };
}

/** How many times one post is re-sent at most. */
export const MAX_POST_RESENDS = 3;

/**
 * Decides whether a failed post is sent again. Only where nothing can have been processed — a 403
 * (sent again once, after the credentials were renewed), 429, or 503 with `Retry-After` — and at
 * most `MAX_POST_RESENDS` times, so a bot never sees a turn twice; every other failure is the
 * post's error. The wait is the larger of `Retry-After` (capped at `maxRetryAfterMs`) and the
 * backoff's step for this resend.
 */
export function decidePostResend(err: unknown, resend: number, options: RetryOptions): RetryDecision {
  const error = asDirectLineError(err);
  if (error.status === 403 && options.onForbidden && resend === 1) return { kind: 'retry', delayMs: 0, wait: options.onForbidden(error) };
  const asked = retryAfterWait(error, options);
  if (asked === undefined || resend > MAX_POST_RESENDS) return { kind: 'fail', error };
  const delayMs = Math.max(asked, backoffDelay(resend - 1, options.backoff, options.random));
  return { kind: 'retry', delayMs, wait: waitOnline(delayMs, options.online$, options.scheduler) };
}

/** Counts one more failure and asks the policy what follows it. */
function nextAfterFailure(err: unknown, count: FailureCount, options: RetryOptions): RetryDecision {
  count.failures++;
  count.step = (count.step ?? 0) + 1;
  const decision = decideRetry(err, count, options);
  if (count.wasOnline && count.step === 1) count.quick = true;
  count.wasOnline = false;
  return decision;
}

/**
 * Re-subscribes to `attempts` after each failure as the policy says, announcing every retry as a
 * `connecting` event (the first one, attempt 0, before anything starts). Errors when the policy
 * gives up.
 */
export function retrying(
  attempts: Observable<ReconnectEvent>,
  count: FailureCount,
  options: RetryOptions,
  onFailure?: () => void,
): Observable<ReconnectEvent> {
  return new Observable<ReconnectEvent>((subscriber) => new Retrying(attempts, count, options, onFailure, subscriber));
}

/**
 * What `retrying` runs for one subscriber: written by hand rather than merge(notices,
 * concat(of(…), attempts.pipe(retry(…)))). It is the observer of every attempt and the teardown,
 * as one object for the whole life of the connection; nothing is left behind per retry.
 */
class Retrying implements Observer<ReconnectEvent> {
  private current?: Subscription;
  private waiting?: Subscription;

  constructor(
    private readonly attempts: Observable<ReconnectEvent>,
    private readonly count: FailureCount,
    private readonly options: RetryOptions,
    private readonly onFailure: (() => void) | undefined,
    private readonly subscriber: Subscriber<ReconnectEvent>,
  ) {
    const contact = (count.contact ??= options.contact ?? newServerContact());
    beginTrying(contact, (options.scheduler ?? asyncScheduler).now());
    subscriber.next({ type: 'connecting', attempt: 0, delayMs: 0 });
    if (!subscriber.closed) this.start();
  }

  private start(): void {
    const run = this.attempts.subscribe(new Relay(this));
    // An attempt that failed at once (and may have started the next one inside) is over already.
    if (!run.closed) this.current = run;
  }

  next(event: ReconnectEvent): void {
    // A conversation, a socket open, activities: a server answered.
    if (event.type !== 'connecting' && this.count.contact) markReached(this.count.contact);
    this.subscriber.next(event);
  }

  error(err: unknown): void {
    const { subscriber, count } = this;
    this.current = undefined;
    this.onFailure?.();
    const decision = nextAfterFailure(err, count, this.options);
    if (decision.kind === 'fail') {
      subscriber.error(decision.error);
      return;
    }
    subscriber.next({ type: 'connecting', attempt: count.failures, delayMs: decision.delayMs, error: asDirectLineError(err) });
    if (subscriber.closed) return;
    // The wait's first value starts the next attempt; its error fails; its end without a value ends.
    let fired = false;
    const wait: Subscription = decision.wait.subscribe({
      next: () => {
        if (fired) return;
        fired = true;
        this.waiting?.unsubscribe();
        this.waiting = undefined;
        this.start();
      },
      error: (e) => subscriber.error(e),
      complete: () => !fired && subscriber.complete(),
    });
    if (fired) wait.unsubscribe();
    else this.waiting = wait;
  }

  complete(): void {
    this.subscriber.complete();
  }

  unsubscribe(): void {
    this.waiting?.unsubscribe();
    this.current?.unsubscribe();
  }
}

/**
 * Retries one call (such as starting the conversation) by the same policy as the stream: back off
 * on 5xx, network errors and timeouts, wait `Retry-After` on 429 / 503, renew on 403, fail on 400 /
 * 401, when the budget is spent, and when no server answered for `unreachableMs`. A success marks
 * the contact reached. `onRetry` hears each retry before its wait.
 */
export function retryCall<T>(
  options: RetryOptions,
  onRetry?: (attempt: number, delayMs: number, error: DirectLineError) => void,
): MonoTypeOperatorFunction<T> {
  return (source) =>
    defer(() => {
      const contact = options.contact ?? newServerContact();
      const count: FailureCount = { failures: 0, contact };
      beginTrying(contact, (options.scheduler ?? asyncScheduler).now());
      return source.pipe(
        tap<T>(() => markReached(contact)),
        retry<T>({
          delay: (err) => {
            const decision = nextAfterFailure(err, count, options);
            if (decision.kind === 'fail') return throwError(() => decision.error);
            onRetry?.(count.failures, decision.delayMs, asDirectLineError(err));
            return decision.wait;
          },
        }),
      );
    });
}
