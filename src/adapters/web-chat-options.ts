import type { Observable } from 'rxjs';
import type { DirectLineConnection } from '../connection';
import type { ConnectionStatus } from '../connection-status';
import type { ConnectOptions, SessionState } from '../options';
import type { Activity, Conversation } from '../protocol/activity';
import { DirectLineError } from '../protocol/errors';
import type { CurrentValue } from './current-value';

/** What the official client sends when it starts a conversation. */
export interface ConversationStartProperties {
  /** A BCP 47 language tag, e.g. `fr-FR`. */
  locale?: string;
}

/**
 * Options of `createDirectLine`: every option of `connect()`, plus the names the official client
 * (botframework-directlinejs) uses for the same things.
 */
export interface DirectLineOptions extends ConnectOptions {
  /** HTTP request timeout, ms: the official client's name for `requestTimeoutMs`. */
  timeout?: number;
  /** Sent with the start of the conversation (`locale`). */
  conversationStartProperties?: ConversationStartProperties;
  /** Activities kept to replay to a later subscriber of `activity$`. Default 10 000. */
  historyCapacity?: number;
  /**
   * While a message from Web Chat waits for its echo, a reconnect is reported as Connecting only
   * once it has lasted this long, ms (Web Chat fails every message in flight when the status
   * leaves Online, and its Retry would send it twice). Default 5 000; 0 reports at once.
   */
  sendingGraceMs?: number;
}

/** The object Web Chat (botframework-webchat 4.x) takes as its `directLine` prop. */
export interface WebChatDirectLine {
  /**
   * Every activity of the conversation once per subscriber, in order. Each subscriber first gets
   * what was delivered before it subscribed (up to `historyCapacity`), then the new ones.
   */
  readonly activity$: Observable<Activity>;
  /** The status numbers of the official client; replays the current one, which `value` also holds. */
  readonly connectionStatus$: CurrentValue<ConnectionStatus>;
  /** What to persist to resume later: `{ conversationId, token, watermark }`. */
  readonly session$: Observable<SessionState>;
  /** The `referenceGrammarId` of the conversation, once the service gave one. */
  readonly referenceGrammarId?: string;
  /** The current token (Web Chat reads the user id a token carries from it). */
  readonly token?: string;
  /** The conversation id, once the conversation started. */
  readonly conversationId?: string;
  /** Posts one activity (or uploads it with its `blob:` / `data:` attachments); emits the id or errors. */
  postActivity(activity: Activity): Observable<string>;
  /** Ends the connection: `activity$` completes, `connectionStatus$` emits Ended and completes. */
  end(): void;
  /** The session id of the Web Chat sign-in flow. */
  getSessionId(): Observable<string>;
  /**
   * The user id to post as (Web Chat calls it with its `userID` when it connects). Ignored once the
   * user is fixed: given in the options, set before, or taken from the first post.
   */
  setUserId(userId: string): void;
  /**
   * Continues with the answer of `GET /conversations/{id}?watermark=` that the application's
   * backend obtained: its token, and its `streamUrl` while still fresh (else a new one is asked
   * for). Replays from the newest watermark; nothing is lost or repeated.
   */
  reconnect(conversation: Conversation): void;
  /** Hands a new token (after ExpiredToken, or at any time). */
  setToken(token: string): void;
  /** The session as it is now. */
  getSession(): SessionState;
}

export type ConnectFunction = (options: ConnectOptions) => DirectLineConnection;

/** An InvalidOptions error. */
export const invalid = (message: string) => new DirectLineError(message, { code: 'InvalidOptions' });

/** Checks the options `createDirectLine` adds to `connect()`'s; throws InvalidOptions. */
export function checkOptions(options: DirectLineOptions): void {
  if (!options || typeof options !== 'object') throw invalid('createDirectLine() needs an options object');
  const { timeout, conversationStartProperties: start, historyCapacity, sendingGraceMs } = options;
  if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout > 0))) throw invalid('`timeout` must be a positive number of ms');
  if (start !== undefined && (typeof start !== 'object' || start === null)) throw invalid('`conversationStartProperties` must be an object');
  if (start?.locale !== undefined && (typeof start.locale !== 'string' || start.locale === '')) throw invalid('`conversationStartProperties.locale` must be a BCP 47 language tag');
  if (historyCapacity !== undefined && (!Number.isInteger(historyCapacity) || historyCapacity < 0)) throw invalid('`historyCapacity` must be a whole number');
  if (sendingGraceMs !== undefined && (typeof sendingGraceMs !== 'number' || !(sendingGraceMs >= 0) || sendingGraceMs > 2147483647)) throw invalid('`sendingGraceMs` must be a number of ms from 0');
}

/** Checks a user id Web Chat hands over; throws InvalidOptions. */
export function checkUserId(userId: unknown): asserts userId is string {
  if (typeof userId !== 'string' || userId === '') throw invalid('A user id must be a non-empty string');
  if (/^dl_/.test(userId)) throw invalid('User ids beginning "dl_" are reserved for ids embedded in a token');
}

/**
 * `connect()`'s options from `createDirectLine`'s: the official client's names translated
 * (`timeout`, `conversationStartProperties.locale`; `connect()`'s own names win), the options only
 * the Web Chat object reads left out, and the conversation handed to `onConversation` too.
 */
export function toConnectOptions(options: DirectLineOptions, onConversation: (conversation: Conversation) => void): ConnectOptions {
  const { timeout, conversationStartProperties, historyCapacity: _history, sendingGraceMs: _grace, ...own } = options;
  return {
    ...own,
    locale: own.locale ?? conversationStartProperties?.locale,
    requestTimeoutMs: own.requestTimeoutMs ?? timeout,
    onConversation: (conversation) => {
      onConversation(conversation);
      own.onConversation?.(conversation);
    },
  };
}
