import {
  AsyncSubject,
  Observable,
  ReplaySubject,
  Subject,
  defer,
  distinctUntilChanged,
  finalize,
  merge,
  scan,
  share,
  startWith,
  tap,
} from 'rxjs';
import type { DirectLineConnection } from '../connection';
import type { Activity } from '../protocol/activity';
import type { ChatState } from './chat-state';
import { initialChatState } from './chat-state';
import { chatReducer } from './chat-reducer';
import { chatEvents } from './chat-events';
import type { ChatEventsOptions } from './chat-events';
import { postEventsWith } from './post-events';
import type { PostEventsOptions } from './post-events';
import { postFailed, postSucceeded } from './events';
import type { ChatEvent } from './events';

/** Options of {@link toChatState}. */
export interface ChatStateOptions extends ChatEventsOptions, PostEventsOptions {
  /** The state to start from (a state restored from storage, for example). */
  initialState?: ChatState;
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
  let current = options.initialState ?? initialChatState;
  let live = false;
  const local$ = new Subject<ChatEvent>();

  /** Reduces an event now: through the running scan when subscribed, straight into the state otherwise. */
  const dispatch = (event: ChatEvent) => {
    if (live) local$.next(event);
    else current = chatReducer(current, event);
  };

  const fromConnection$ = chatEvents(connection, options);

  const state$ = defer(() => {
    live = true;
    return merge(local$, fromConnection$).pipe(
      scan((state: ChatState, event: ChatEvent) => chatReducer(state, event), current),
      startWith(current),
      distinctUntilChanged(),
      tap((state) => (current = state)),
      finalize(() => (live = false)),
    );
  }).pipe(
    share({ connector: () => new ReplaySubject<ChatState>(1), resetOnError: true, resetOnComplete: true, resetOnRefCountZero: true }),
  );

  const send = (input: string | Activity): Observable<string> => {
    const result = new AsyncSubject<string>();
    let failure: unknown;
    postEventsWith(connection, input, options, (error) => (failure = error)).subscribe({
      next: (event) => {
        dispatch(event);
        if (postSucceeded.match(event)) result.next(event.id);
        else if (postFailed.match(event)) result.error(failure);
      },
      complete: () => result.complete(),
    });
    return result.asObservable();
  };

  return Object.assign(state$, { send, getState: () => current }) as ChatStateObservable;
}
