import { Observable, asyncScheduler, catchError, connect, filter, map, merge, mergeMap, of, timer } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import type { DirectLineConnection } from '../connection';
import type { Activity } from '../protocol/activity';
import { DEFAULT_LIVESTREAM_TIMEOUT_MS, DEFAULT_TYPING_MS } from '../defaults';
import { activityReceived, connectionFailed, sessionChanged, statusChanged, typingExpired } from './events';
import type { ActivityReceived, ConnectionFailed, LivestreamTimedOut, SessionChanged, StatusChanged, TypingExpired } from './events';
import { livestreamChunkOf } from '../protocol/livestream';
import { livestreamTimeouts } from './livestream-timeouts';

/** Options of {@link chatEvents}. */
export interface ChatEventsOptions {
  /** The clock of the typing timers: give the scheduler the connection was given (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
  /** How long a typing indicator shows without a new typing activity, ms. Default 5 000. */
  typingMs?: number;
  /** How long a livestream may go without a new chunk before it is marked interrupted, ms. Default 30 000. */
  livestreamTimeoutMs?: number;
}

type Item = { activity: Activity } | { error: unknown };

/** The events a connection produces by itself (all but the own posts' events). */
export type ConnectionEvent = ActivityReceived | StatusChanged | SessionChanged | TypingExpired | LivestreamTimedOut | ConnectionFailed;

/**
 * A connection's streams as {@link ChatEvent}s, for a store to reduce (an NgRx effect or a
 * redux-observable epic dispatches them as they come): each status as `statusChanged`, each
 * session as `sessionChanged`, each activity as `activityReceived`, a `typingExpired` on the
 * scheduler `typingMs` after each typing activity (even after `activity$` has ended), a
 * `livestreamTimedOut` `livestreamTimeoutMs` after a livestream's newest chunk unless its final
 * came, and the error `activity$` ends with as `connectionFailed` (it never errors).
 *
 * Subscribing subscribes to `activity$`, which starts the conversation.
 *
 * @example
 * ```ts
 * const subscription = chatEvents(connection).subscribe((event) => store.dispatch(event));
 * ```
 */
export function chatEvents(connection: DirectLineConnection, options: ChatEventsOptions = {}): Observable<ConnectionEvent> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const typingMs = options.typingMs ?? DEFAULT_TYPING_MS;
  const livestreamTimeoutMs = options.livestreamTimeoutMs ?? DEFAULT_LIVESTREAM_TIMEOUT_MS;
  // The error becomes an item first, so that it does not cut the typing and livestream timers still running.
  const activities$ = connection.activity$.pipe(
    map((activity): Item => ({ activity })),
    catchError((error) => of({ error })),
    connect((items$) =>
      merge(
        items$.pipe(
          mergeMap((item): Observable<ConnectionEvent> => {
            if (!('activity' in item)) return of(connectionFailed(item.error));
            const { activity } = item;
            const received = of(activityReceived(activity, scheduler.now(), typingMs));
            const userId = activity.from?.id;
            // A livestream's chunks are typing activities, but not a typing indicator.
            if (activity.type !== 'typing' || !userId || livestreamChunkOf(activity)) return received;
            return merge(received, timer(typingMs, scheduler).pipe(map(() => typingExpired(userId, scheduler.now()))));
          }),
        ),
        items$.pipe(
          filter((item): item is { activity: Activity } => 'activity' in item),
          map((item) => item.activity),
          livestreamTimeouts(livestreamTimeoutMs, scheduler),
        ),
      ),
    ),
  );
  return merge(
    connection.connectionStatus$.pipe(map((status) => statusChanged(status))),
    connection.session$.pipe(map((session) => sessionChanged(session))),
    activities$,
  );
}
