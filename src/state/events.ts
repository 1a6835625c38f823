import type { Activity } from '../protocol/activity';
import type { ConnectionStatus } from '../connection-status';
import type { SessionState } from '../options';
import type { ChatError } from './chat-state';
import { toChatError } from './chat-error';

import { DEFAULT_TYPING_MS } from '../defaults';

export { DEFAULT_TYPING_MS } from '../defaults';

/** The service delivered an activity (a message, an event, a typing indicator, an own post's echo…). */
export type ActivityReceived = {
  /** `[Direct Line] Activity Received`: the event's name, and its action type in a store. */
  readonly type: '[Direct Line] Activity Received';
  /** The activity, as delivered. */
  readonly activity: Activity;
  /** When it arrived, ms (the scheduler's `now()`). */
  readonly at: number;
  /** How long a typing activity shows its sender as typing, ms. */
  readonly typingMs: number;
};

/** This client started posting an activity. */
export type PostStarted = {
  /** `[Direct Line] Post Started`: the event's name, and its action type in a store. */
  readonly type: '[Direct Line] Post Started';
  /** The activity as posted; its `channelData.clientActivityID` keys the post. */
  readonly activity: Activity;
  /** When the post started, ms. */
  readonly at: number;
};

/** The service accepted an own post and gave it an id. */
export type PostSucceeded = {
  /** `[Direct Line] Post Succeeded`: the event's name, and its action type in a store. */
  readonly type: '[Direct Line] Post Succeeded';
  /** The post's `channelData.clientActivityID`. */
  readonly clientActivityId: string;
  /** The id the service gave the activity. */
  readonly id: string;
};

/** An own post failed. */
export type PostFailed = {
  /** `[Direct Line] Post Failed`: the event's name, and its action type in a store. */
  readonly type: '[Direct Line] Post Failed';
  /** The post's `channelData.clientActivityID`. */
  readonly clientActivityId: string;
  /** Why. */
  readonly error: ChatError;
};

/** The connection's status changed. */
export type StatusChanged = {
  /** `[Direct Line] Status Changed`: the event's name, and its action type in a store. */
  readonly type: '[Direct Line] Status Changed';
  /** The new status. */
  readonly status: ConnectionStatus;
};

/** A typing indicator's time is up (ignored if the user typed again since). */
export type TypingExpired = {
  /** `[Direct Line] Typing Expired`: the event's name, and its action type in a store. */
  readonly type: '[Direct Line] Typing Expired';
  /** The user whose indicator expires. */
  readonly userId: string;
  /** The time now, ms. */
  readonly at: number;
};

/** No chunk of a livestream came for the quiet period: it is marked interrupted unless one came since. */
export type LivestreamTimedOut = {
  /** `[Direct Line] Livestream Timed Out`: the event's name, and its action type in a store. */
  readonly type: '[Direct Line] Livestream Timed Out';
  /** The livestream. */
  readonly streamId: string;
  /** When its last chunk came, ms: a chunk taken after this keeps it streaming. */
  readonly since: number;
};

/** The session to persist changed (a conversation started, a new watermark, a new token). */
export type SessionChanged = {
  /** `[Direct Line] Session Changed`: the event's name, and its action type in a store. */
  readonly type: '[Direct Line] Session Changed';
  /** The session as it is now. */
  readonly session: SessionState;
};

/** The connection failed for good (the error `activity$` ended with). */
export type ConnectionFailed = {
  /** `[Direct Line] Connection Failed`: the event's name, and its action type in a store. */
  readonly type: '[Direct Line] Connection Failed';
  /** Why. */
  readonly error: ChatError;
};

/** Every event {@link chatReducer} reduces. Each is a plain object with a string `type`: an NgRx or Redux action as it is. */
export type ChatEvent =
  | ActivityReceived
  | PostStarted
  | PostSucceeded
  | PostFailed
  | StatusChanged
  | TypingExpired
  | LivestreamTimedOut
  | SessionChanged
  | ConnectionFailed;

/**
 * An event creator: a function that builds the event, with the event's `type` on it (as NgRx's
 * `createAction` and Redux Toolkit's `createAction` do), so that `on(creator, …)`, `ofType(creator)`,
 * `builder.addCase(creator, …)` and `creator.match(action)` all work.
 */
export type ChatEventCreator<E extends ChatEvent, A extends unknown[]> = ((...args: A) => E) & {
  /** The `type` of the events it creates. */
  readonly type: E['type'];
  /** Whether an action is one of the events it creates. */
  match(action: { type: string }): action is E;
};

function creator<E extends ChatEvent, A extends unknown[]>(
  type: E['type'],
  build: (...args: A) => Omit<E, 'type'>,
): ChatEventCreator<E, A> {
  const create = (...args: A) => ({ type, ...build(...args) }) as E;
  return Object.assign(create, { type, match: (action: { type: string }): action is E => action.type === type });
}

/** Creates an {@link ActivityReceived} event. */
export const activityReceived = creator<ActivityReceived, [activity: Activity, at: number, typingMs?: number]>(
  '[Direct Line] Activity Received',
  (activity, at, typingMs = DEFAULT_TYPING_MS) => ({ activity, at, typingMs }),
);

/** Creates a {@link PostStarted} event; the activity must carry `channelData.clientActivityID`. */
export const postStarted = creator<PostStarted, [activity: Activity, at: number]>('[Direct Line] Post Started', (activity, at) => ({
  activity,
  at,
}));

/** Creates a {@link PostSucceeded} event. */
export const postSucceeded = creator<PostSucceeded, [clientActivityId: string, id: string]>(
  '[Direct Line] Post Succeeded',
  (clientActivityId, id) => ({ clientActivityId, id }),
);

/** Creates a {@link PostFailed} event; the error (a `DirectLineError` or any value) is kept as a {@link ChatError}. */
export const postFailed = creator<PostFailed, [clientActivityId: string, error: unknown]>(
  '[Direct Line] Post Failed',
  (clientActivityId, error) => ({ clientActivityId, error: toChatError(error) }),
);

/** Creates a {@link StatusChanged} event. */
export const statusChanged = creator<StatusChanged, [status: ConnectionStatus]>('[Direct Line] Status Changed', (status) => ({ status }));

/** Creates a {@link TypingExpired} event. */
export const typingExpired = creator<TypingExpired, [userId: string, at: number]>('[Direct Line] Typing Expired', (userId, at) => ({
  userId,
  at,
}));

/** Creates a {@link LivestreamTimedOut} event. */
export const livestreamTimedOut = creator<LivestreamTimedOut, [streamId: string, since: number]>(
  '[Direct Line] Livestream Timed Out',
  (streamId, since) => ({ streamId, since }),
);

/** Creates a {@link SessionChanged} event. */
export const sessionChanged = creator<SessionChanged, [session: SessionState]>('[Direct Line] Session Changed', (session) => ({
  session: { ...session },
}));

/** Creates a {@link ConnectionFailed} event; the error is kept as a {@link ChatError}. */
export const connectionFailed = creator<ConnectionFailed, [error: unknown]>('[Direct Line] Connection Failed', (error) => ({
  error: toChatError(error),
}));

const CHAT_EVENT_TYPES: ReadonlySet<string> = new Set<ChatEvent['type']>([
  activityReceived.type,
  postStarted.type,
  postSucceeded.type,
  postFailed.type,
  statusChanged.type,
  typingExpired.type,
  livestreamTimedOut.type,
  sessionChanged.type,
  connectionFailed.type,
]);

/** Whether an action is one of the {@link ChatEvent}s. */
export function isChatEvent(action: unknown): action is ChatEvent {
  return typeof action === 'object' && action !== null && CHAT_EVENT_TYPES.has((action as { type?: unknown }).type as string);
}
