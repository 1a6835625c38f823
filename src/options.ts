import type { Observable, SchedulerLike } from 'rxjs';
import type { ChannelAccount, Conversation } from './protocol/activity';
import type { BackoffOptions } from './operators/backoff';
import type { WebSocketFactory } from './stream/websocket';
import type { XMLHttpRequestLike } from './transports';
import type { ConnectionStatus } from './connection-status';
import type { DirectLineError } from './protocol/errors';

/** What the connection reports to a debug hook (never a secret or token). */
export type DebugEvent =
  | { type: 'status'; status: ConnectionStatus }
  | { type: 'retry'; attempt: number; delayMs: number; error?: DirectLineError }
  | { type: 'fallback'; to: 'polling'; error: DirectLineError }
  | { type: 'tokenRefreshed' }
  | { type: 'tokenRefreshFailed'; error: DirectLineError }
  | { type: 'failed'; error: DirectLineError };

export type TokenProvider = () => Observable<string> | Promise<string> | string;

export interface ConnectOptions {
  /** Default https://directline.botframework.com/v3/directline */
  domain?: string;
  /** A Direct Line secret (servers only: never put one in a browser page). */
  secret?: string;
  /** A Direct Line token. */
  token?: string;
  /** Resume this conversation instead of starting one. */
  conversationId?: string;
  /** Resume after this watermark (as received: opaque). */
  watermark?: string;
  /** A streamUrl already obtained for `conversationId` (used once, if still fresh). */
  streamUrl?: string;
  /** The user; `from` of posted activities. One id for the whole conversation. */
  user?: ChannelAccount;
  locale?: string;
  /** Receive over a WebSocket (default true) or by polling (false). */
  webSocket?: boolean;
  /** Polling pause between rounds, ms. Default 1 000. */
  pollingInterval?: number;
  /** Fall back to polling after this many WebSocket handshake failures in a row while HTTP works. Default 3; 0 never. */
  fallbackToPollingAfter?: number;
  /** Called for a new token when the current one cannot be refreshed (expired, or 403). */
  tokenProvider?: TokenProvider;
  /** Token refresh period when the token's lifetime is unknown (resume with a token). Default 15 min. */
  refreshIntervalMs?: number;
  backoff?: BackoffOptions;
  /** Failed attempts in a row that never reached Online before FailedToConnect. Default 10. */
  maxRetries?: number;
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
  scheduler?: SchedulerLike;
  /** XMLHttpRequest factory for rxjs/ajax. */
  createXHR?: () => XMLHttpRequestLike;
  /** WebSocket factory. */
  webSocketFactory?: WebSocketFactory;
  /** Receives internal events, for logging. */
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
  conversationId?: string;
  token?: string;
  watermark?: string;
}
