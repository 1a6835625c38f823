import { AsyncSubject, Observable, ReplaySubject, Subject, asyncScheduler, defer, merge, of, timer } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { catchError, distinctUntilChanged, finalize, map, mergeMap, scan, share, startWith, tap } from 'rxjs/operators';
import type { DirectLineConnection } from '../connection';
import type { Activity } from '../protocol/activity';
import { DirectLineError } from '../protocol/errors';
import { isObject } from '../protocol/guards';
import type { ChatState } from './chat-state';
import { initialChatState } from './chat-state';
import { chatReducer } from './chat-reducer';
import { activityReceived, connectionFailed, DEFAULT_TYPING_MS, postFailed, postStarted, postSucceeded, sessionChanged, statusChanged, typingExpired } from './events';
import type { ChatEvent } from './events';

/** Options of {@link toChatState}. */
export interface ChatStateOptions {
  /** The clock of the typing timers: give the scheduler the connection was given (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
  /** How long a typing indicator shows without a new typing activity, ms. Default 5 000. */
  typingMs?: number;
  /** The state to start from (a state restored from storage, for example). */
  initialState?: ChatState;
  /** Makes the `channelData.clientActivityID` of a post that has none. Default: a random id. */
  createClientActivityId?: () => string;
}

/** The chat state of one connection, as an observable, and the way to post into it. */
export interface ChatStateObservable extends Observable<ChatState> {
  /**
   * Posts a message (a string) or an activity, at once, whether or not anyone subscribes: the state
   * shows the post pending straight away, then sent (with the service's id) or failed (with the
   * error). The activity gets a `channelData.clientActivityID` if it has none.
   *
   * @returns The service's id for the activity, then completes; or errors with the
   * `DirectLineError`. Subscribing is optional (the result is kept for late subscribers).
   */
  send(input: string | Activity): Observable<string>;
  /** The state as it is now. */
  getState(): ChatState;
}

function randomClientActivityId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * Runs {@link chatReducer} over a connection: its activities, status and session, its own posts,
 * and typing indicators that expire on the scheduler. The result replays the current state to each
 * subscriber, emits only when the state changes, and shares one subscription to the connection;
 * the state is kept across subscriptions, so a subscriber that comes back finds the transcript
 * where it was.
 *
 * Subscribing starts the conversation (it subscribes to `activity$`); unsubscribing everywhere
 * leaves it, as leaving `activity$` does.
 *
 * @example
 * ```ts
 * const chat = toChatState(connect({ token }));
 * chat.subscribe((state) => render(state.activities, state.posts, state.typing, state.status));
 * chat.send('hello');
 * ```
 */
export function toChatState(connection: DirectLineConnection, options: ChatStateOptions = {}): ChatStateObservable {
  const scheduler = options.scheduler ?? asyncScheduler;
  const typingMs = options.typingMs ?? DEFAULT_TYPING_MS;
  const createClientActivityId = options.createClientActivityId ?? randomClientActivityId;
  let current = options.initialState ?? initialChatState;
  let live = false;
  const local$ = new Subject<ChatEvent>();

  /** Reduces an event now: through the running scan when subscribed, straight into the state otherwise. */
  const dispatch = (event: ChatEvent) => {
    if (live) local$.next(event);
    else current = chatReducer(current, event);
  };

  const fromActivities$ = connection.activity$.pipe(
    mergeMap((activity): Observable<ChatEvent> => {
      const received = activityReceived(activity, scheduler.now(), typingMs);
      const userId = activity.from?.id;
      if (activity.type !== 'typing' || !userId) return of(received);
      const expiry$ = timer(typingMs, scheduler).pipe(map(() => typingExpired(userId, scheduler.now())));
      return merge(of(received), expiry$);
    }),
    catchError((error) => of(connectionFailed(error))),
  );
  const fromConnection$ = merge(
    connection.connectionStatus$.pipe(map((status) => statusChanged(status))),
    connection.session$.pipe(map((session) => sessionChanged(session))),
    fromActivities$,
  );

  const state$ = defer(() => {
    live = true;
    return merge(local$, fromConnection$).pipe(
      scan((state: ChatState, event: ChatEvent) => chatReducer(state, event), current),
      startWith(current),
      distinctUntilChanged(),
      tap((state) => (current = state)),
      finalize(() => (live = false)),
    );
  }).pipe(share({ connector: () => new ReplaySubject<ChatState>(1), resetOnError: true, resetOnComplete: true, resetOnRefCountZero: true }));

  const send = (input: string | Activity): Observable<string> => {
    const result = new AsyncSubject<string>();
    const activity = typeof input === 'string' ? { type: 'message', text: input } : input;
    if (!isObject(activity) || (activity.channelData !== undefined && !isObject(activity.channelData))) {
      result.error(new DirectLineError('send() takes a string or an activity whose channelData, if any, is an object', { code: 'InvalidActivity' }));
      return result.asObservable();
    }
    const channelData = (activity.channelData ?? {}) as Record<string, unknown>;
    const clientActivityId = typeof channelData.clientActivityID === 'string' && channelData.clientActivityID !== '' ? channelData.clientActivityID : createClientActivityId();
    const posted: Activity = { ...activity, channelData: { ...channelData, clientActivityID: clientActivityId } };
    dispatch(postStarted(posted, scheduler.now()));
    connection.postActivity(posted).subscribe({
      next: (id) => {
        dispatch(postSucceeded(clientActivityId, id));
        result.next(id);
      },
      error: (error) => {
        dispatch(postFailed(clientActivityId, error));
        result.error(error);
      },
      complete: () => result.complete(),
    });
    return result.asObservable();
  };

  return Object.assign(state$, { send, getState: () => current }) as ChatStateObservable;
}

