import type { Observable, SchedulerLike } from 'rxjs';
import type { ChannelAccount, Conversation } from './protocol/activity';
import type { BackoffOptions } from './operators/backoff';
import type { WebSocketFactory } from './stream/websocket';
import type { XMLHttpRequestLike } from './transports';
import type { ConnectionStatus } from './connection-status';
import type { DirectLineError } from './protocol/errors';

/** What the connection reports to a debug hook (never a secret or token). */
export type DebugEvent =
  | {
      /** The status changed. */
      type: 'status';
      /** The new status. */
      status: ConnectionStatus;
    }
  | {
      /** A retry is scheduled. */
      type: 'retry';
      /** The attempt's number, from 1. */
      attempt: number;
      /** The wait before it, ms. */
      delayMs: number;
      /** The failure that made it necessary. */
      error?: DirectLineError;
    }
  | {
      /** WebSockets do not work here: the connection receives by polling from now on. */
      type: 'fallback';
      /** Always `polling`. */
      to: 'polling';
      /** The last handshake failure. */
      error: DirectLineError;
    }
  | {
      /** The token was refreshed. */
      type: 'tokenRefreshed';
    }
  | {
      /** Refreshing the token failed. */
      type: 'tokenRefreshFailed';
      /** Why. */
      error: DirectLineError;
    }
  | {
      /** The connection failed for good: `activity$` errors with `error`. */
      type: 'failed';
      /** Why. */
      error: DirectLineError;
    }
  | {
      /**
       * The service sent a watermark longer than any it issues: it was not kept (the last good
       * one stays, and goes in the next reconnect call); the set's activities were delivered.
       */
      type: 'watermarkRefused';
      /** Its length, in characters. */
      length: number;
      /** The longest accepted. */
      maxLength: number;
    }
  | {
      /**
       * The Web Chat object's `getSessionId()` could not read the session id and answered `''`, as
       * Web Chat expects: its sign-in goes on without a code challenge.
       */
      type: 'sessionIdUnavailable';
      /** Why. */
      error: DirectLineError;
    }
  | {
      /**
       * `createDirectLine` left out a setting the official client would have started with anyway
       * (a locale that is not a string, a `timeout` of 0, `setUserId('dl_…')` …), where `connect()`
       * would have thrown: the default applies instead.
       */
      type: 'ignored';
      /** The option (`conversationStartProperties.locale`), or `setUserId`. */
      setting: string;
      /** Why it was left out. */
      reason: string;
    };

/**
 * Gives a new token when the current one cannot be refreshed: at once, as a promise, or as an observable (its first value).
 */
export type TokenProvider = () => Observable<string> | Promise<string> | string;

/**
 * Options of `connect()`: where to connect, with which credential, and how to behave when the network does not.
 */
export interface ConnectOptions {
  /** Default https://directline.botframework.com/v3/directline */
  domain?: string;
  /** A Direct Line secret (servers only: never put one in a browser page). Given with a `token`, the secret wins. */
  secret?: string;
  /** A Direct Line token. Ignored when a `secret` is given too (as in the official client): the secret is sent, and nothing is refreshed. */
  token?: string;
  /** Resume this conversation instead of starting one. */
  conversationId?: string;
  /** Resume after this watermark (as received: opaque; at most 1 024 characters). */
  watermark?: string;
  /** A streamUrl already obtained for `conversationId` (used once, if still fresh). */
  streamUrl?: string;
  /** The user; `from` of posted activities. One id for the whole conversation. */
  user?: ChannelAccount;
  /** The user's language (e.g. `en-US`), sent when the conversation starts. */
  locale?: string;
  /** Receive over a WebSocket (default true) or by polling (false). */
  webSocket?: boolean;
  /**
   * Ask the bot to livestream its answers: every activity posted (uploads included) goes out with
   * `deliveryMode: "stream"`, as with the official client's option of the same name. Default false.
   */
  streaming?: boolean;
  /** Polling pause between rounds, ms. Default 1 000. */
  pollingInterval?: number;
  /** Fall back to polling after this many WebSocket handshake failures in a row while HTTP works. Default 3; 0 never. */
  fallbackToPollingAfter?: number;
  /** Called for a new token when the current one cannot be refreshed (expired, or 403). */
  tokenProvider?: TokenProvider;
  /** Token refresh period when the token's lifetime is unknown (resume with a token). Default 15 min. */
  refreshIntervalMs?: number;
  /**
   * The delays between retries: exponential with full jitter. Default `{ initialMs: 500, factor: 2, maxMs: 30000 }`.
   */
  backoff?: BackoffOptions;
  /** Failed attempts in a row that never reached Online before FailedToConnect. Default 10. */
  maxRetries?: number;
  /**
   * The longest wait a `Retry-After` (on a 429 or 503) may impose, ms; a longer one waits this
   * long and then retries. Default 60 000.
   */
  maxRetryAfterMs?: number;
  /**
   * A connection that has never reached any server (no HTTP answer, no socket open: a wrong host,
   * nothing listening, DNS or TLS failing) stops trying after this long, ms, and fails with
   * `Unreachable` (FailedToConnect), naming the origin tried and the cause. Once any server
   * answered, only `maxRetries` ends the retries. Default 15 000.
   */
  unreachableMs?: number;
  /** Random source in [0, 1) for backoff jitter. */
  random?: () => number;
  /** HTTP request timeout, ms. Default 20 000. */
  requestTimeoutMs?: number;
  /** The largest HTTP response body or stream frame accepted, in bytes; past it the call fails with ResponseTooLarge / FrameTooLarge. Default 16 MB. */
  maxResponseBytes?: number;
  /** No frame (keep-alives included) for this long: the socket is dead. Default 60 000. */
  silenceMs?: number;
  /** Online this long resets the backoff to its first step. Default 2 000. (A socket that opens resets the retry budget at once.) */
  stableMs?: number;
  /** How long a streamUrl may be used after it was issued. Default 60 000. */
  streamUrlLifetimeMs?: number;
  /** Ids remembered for de-duplication. Default 10 000. */
  dedupeCapacity?: number;
  /** Network state (true = online). Default: the browser's online/offline events; always online elsewhere. */
  online$?: Observable<boolean>;
  /**
   * The clock of every timer (retries, silence, polling, token refresh). Default `asyncScheduler`; a `TestScheduler` in marble tests.
   */
  scheduler?: SchedulerLike;
  /** XMLHttpRequest factory for rxjs/ajax. */
  createXHR?: () => XMLHttpRequestLike;
  /** WebSocket factory. */
  webSocketFactory?: WebSocketFactory;
  /** Hears what the connection does and why (status changes, retries, fallback to polling, token refreshes, failures), for logging; never a secret or token. */
  debug?: (event: DebugEvent) => void;
  /** Appended to the `x-ms-bot-agent` header of every REST call (the official client's `botAgent`). */
  botAgent?: string;
  /** Without `user`: the `from.id` of the first activity posted becomes the conversation's user. Default false. */
  adoptUser?: boolean;
  /** Called with every conversation the service answers (start, reconnect call): `referenceGrammarId`, `eTag` … */
  onConversation?: (conversation: Conversation) => void;
}

/** What an application persists to resume later with no loss and no repeat. */
export interface SessionState {
  /** The conversation to resume. */
  conversationId?: string;
  /** The newest token of the conversation (it expires: resume within its life). */
  token?: string;
  /** The watermark after the last activity delivered to the subscribers. */
  watermark?: string;
}
