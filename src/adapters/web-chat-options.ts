import type { Observable } from 'rxjs';
import type { DirectLineConnection } from '../connection';
import type { ConnectionStatus } from '../connection-status';
import type { ConnectOptions, DebugEvent, SessionState } from '../options';
import type { Activity, Conversation } from '../protocol/activity';
import { DirectLineError } from '../protocol/errors';

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
  /**
   * The status numbers of the official client: the current one first, then each change. The
   * current one can also be read at once, as `value` or `getValue()` (as Web Chat does).
   */
  readonly connectionStatus$: Observable<ConnectionStatus> & {
    /** The current status. */
    readonly value: ConnectionStatus;
    /** The current status (as a BehaviorSubject's `getValue()`). */
    getValue(): ConnectionStatus;
  };
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
   * user is fixed (given in the options, set before, or taken from the first post), and, as by the
   * official client, when it is empty or begins "dl_" (the `debug` hook hears why).
   */
  setUserId(userId: string): void;
  /**
   * Continues with the answer of `GET /conversations/{id}?watermark=` that the application's
   * backend obtained: its token, and its `streamUrl` while still fresh (else a new one is asked
   * for). Replays from the newest watermark; nothing is lost or repeated. Without a
   * `conversationId`, the current conversation goes on.
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

/** What `createDirectLine` reports when it leaves a setting out. */
type Ignore = (setting: string, reason: string) => void;

const text = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * The options as `createDirectLine` takes them: never stricter than the official client. A value
 * the official client would start with anyway (it ignores it, or does without it) is left out,
 * with an `ignored` debug event, so that the default applies; a value it cannot work with either
 * is left for `connect()` to refuse with a clear InvalidOptions error. Throws only when there is
 * no options object.
 */
export function lenientOptions(options: DirectLineOptions): DirectLineOptions {
  if (!options || typeof options !== 'object') throw invalid('createDirectLine() needs an options object');
  const kept: DirectLineOptions = { ...options };
  const ignore: Ignore = (setting, reason) => options.debug?.({ type: 'ignored', setting, reason });
  const drop = (option: keyof DirectLineOptions, reason: string) => {
    delete kept[option];
    ignore(option, reason);
  };
  const {
    timeout,
    conversationStartProperties: start,
    secret,
    token,
    botAgent,
    user,
    pollingInterval,
    historyCapacity,
    sendingGraceMs,
  } = options;
  if (timeout === 0) drop('timeout', 'a timeout of 0: the default applies');
  else if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout > 0)))
    throw invalid('`timeout` must be a positive number of ms');
  if (start !== undefined && (typeof start !== 'object' || start === null)) drop('conversationStartProperties', 'not an object');
  else if (start?.locale !== undefined && !text(start.locale)) {
    kept.conversationStartProperties = { ...start, locale: undefined };
    ignore('conversationStartProperties.locale', 'not a BCP 47 language tag');
  }
  // The official client reads `secret || token`: a falsy secret gives way to the token, and a secret wins over any token.
  if (secret !== undefined && !secret && (text(token) || options.tokenProvider)) drop('secret', 'empty (the token is used)');
  if (text(secret) && token !== undefined && !text(token)) drop('token', 'not a non-empty string (the secret is used)');
  if (botAgent !== undefined && typeof botAgent !== 'string') drop('botAgent', 'not a string');
  if (!options.conversationId) {
    if (options.watermark !== undefined) drop('watermark', 'no `conversationId` to resume: a new conversation starts');
    if (options.streamUrl !== undefined) drop('streamUrl', 'no `conversationId` to resume: a new conversation starts');
  }
  if (pollingInterval !== undefined && !(Number(pollingInterval) >= 200)) drop('pollingInterval', 'under 200 ms: the default applies');
  // Options the official client does not have: it starts whatever they hold.
  if (user !== undefined && !(user && typeof user === 'object' && text(user.id))) drop('user', '`user.id` is not a non-empty string');
  if (historyCapacity !== undefined && (!Number.isInteger(historyCapacity) || historyCapacity < 0))
    drop('historyCapacity', 'not a whole number');
  if (sendingGraceMs !== undefined && (typeof sendingGraceMs !== 'number' || !(sendingGraceMs >= 0) || sendingGraceMs > 2147483647)) {
    drop('sendingGraceMs', 'not a number of ms from 0');
  }
  return kept;
}

/**
 * Whether Web Chat's user id can be used: a non-empty string, not beginning "dl_" (reserved for
 * ids embedded in a token). Like the official client, one that cannot is ignored (an `ignored`
 * debug event says why), never thrown.
 */
export function usableUserId(userId: unknown, debug?: (event: DebugEvent) => void): userId is string {
  const reason = !text(userId)
    ? 'not a non-empty string'
    : /^dl_/.test(userId)
      ? 'ids beginning "dl_" are reserved for ids embedded in a token'
      : undefined;
  if (reason !== undefined) debug?.({ type: 'ignored', setting: 'setUserId', reason });
  return reason === undefined;
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
