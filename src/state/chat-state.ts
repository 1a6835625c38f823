import type { Activity, ChannelAccount } from '../protocol/activity';
import { ConnectionStatus } from '../connection-status';
import type { SessionState } from '../options';
import type { Livestream } from './livestream';

/**
 * An error as plain data: what a {@link DirectLineError} says, without the class, so that a state
 * holding it stays serialisable (Redux DevTools, NgRx runtime checks, persistence).
 */
export interface ChatError {
  /** The error's message (already scrubbed of secrets and tokens). */
  message: string;
  /** The service's error code or the library's (`NetworkError`, `Timeout`, `Ended`, …). */
  code?: string;
  /** The HTTP status, when the error is an HTTP answer. */
  status?: number;
  /** Whether the same request may be tried again. */
  retryable?: boolean;
}

/** Where an own post is: sent and waiting for the service, accepted (with its id), or refused. */
export type PostState =
  | {
      /** Posted; the service has not answered yet. */
      status: 'pending';
    }
  | {
      /** The service accepted the post (its answer or its echo came). */
      status: 'sent';
      /** The id the service gave the activity. */
      id: string;
    }
  | {
      /** The post failed; it can be sent again with the same `clientActivityID`. */
      status: 'failed';
      /** Why the post failed. */
      error: ChatError;
    };

/** One activity this client posted, keyed in {@link ChatState.posts} by its `channelData.clientActivityID`. */
export type OwnPost = PostState & {
  /** The `channelData.clientActivityID` the post was sent with. */
  clientActivityId: string;
  /** When the post was started, in ms of the clock that timed the event (the scheduler's `now()`). */
  startedAt: number;
  /** Whether the service's echo of the post has arrived (it then stands in the transcript for the post). */
  echoed: boolean;
};

/** Someone typing: shown until `expiresAt` unless they type again or send a message. */
export interface TypingUser {
  /** Who is typing (the typing activity's `from`). */
  from: ChannelAccount;
  /** When the indicator expires, in ms of the clock that timed the event. */
  expiresAt: number;
}

/**
 * The state of a chat, as plain serialisable data that any store can hold.
 *
 * `activities` is the transcript: every activity the service delivered, in the service's order,
 * followed by the outbox: own posts the service has not echoed yet (pending or failed), in the
 * order they were sent, without an id. An own post is one entry: when the service's echo arrives,
 * the echo takes the post's place, in the service's order. Typing activities are not in the
 * transcript; they are in `typing`.
 *
 * A livestream (a bot's reply that grows chunk by chunk) is one entry too, standing where its
 * first chunk came: while it streams, the entry is its newest chunk (a `typing` activity whose
 * `text` is the text so far, with `channelData.streamId`); its final message then takes the
 * entry's place (a final without content removes it). Its status and informative line are in
 * `livestreams`, by stream id; {@link entryKeyOf} gives every entry a key that stays the same
 * across these updates.
 */
export interface ChatState {
  /** The transcript: the service's activities in its order, then the own posts not echoed yet. */
  activities: Activity[];
  /** Own posts by `channelData.clientActivityID`: pending, sent (with the service's id) or failed (with the error). */
  posts: Record<string, OwnPost>;
  /** Who is typing, by user id. A bot is not typing beside its own livestream while it streams. */
  typing: Record<string, TypingUser>;
  /**
   * The livestreams of the conversation, by stream id (the id of each one's first activity):
   * streaming, final or interrupted, with the newest informative line. Read it with own-property
   * checks (or {@link livestreamOf}): a stream id is data from the service.
   */
  livestreams: Record<string, Livestream>;
  /** The connection's status. */
  status: ConnectionStatus;
  /** The last error: a failed post or the connection's failure. Cleared when the connection is Online again. */
  error?: ChatError;
  /** What to persist to resume the conversation: `{ conversationId, token, watermark }`. */
  session: SessionState;
}

/** The state before anything happened. */
export const initialChatState: ChatState = Object.freeze({
  activities: [],
  posts: {},
  typing: {},
  livestreams: {},
  status: ConnectionStatus.Uninitialized,
  session: {},
}) as ChatState;
