/**
 * Every default of the library, in one place: each layer that takes one of these options falls
 * back to the value here (the option keeps its name through every layer). The emulator's own
 * settings are its own.
 */

/** The Direct Line 3.0 endpoint (`domain`). */
export const DEFAULT_DOMAIN = 'https://directline.botframework.com/v3/directline';

/** The largest HTTP response body or stream frame accepted, in bytes (`maxResponseBytes`): 16 MB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** A REST call that has not answered after this long is aborted (`requestTimeoutMs`). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 20000;

/** Failed attempts in a row that never reached Online before giving up (`maxRetries`). */
export const DEFAULT_MAX_RETRIES = 10;

/** A streamUrl is opened only within this long of the answer that carried it (`streamUrlLifetimeMs`). */
export const DEFAULT_STREAM_URL_LIFETIME_MS = 60000;

/** The safety margin kept before a streamUrl's deadline (`streamUrlMarginMs`), at most half its lifetime. */
export const DEFAULT_STREAM_URL_MARGIN_MS = 5000;

/** No frame at all (keep-alives included) for this long: the socket is dead (`silenceMs`). */
export const DEFAULT_SILENCE_MS = 60000;

/** Online this long resets the backoff to its first step (`stableMs`). */
export const DEFAULT_STABLE_MS = 2000;

/** WebSocket handshake failures in a row, while HTTP works, before falling back to polling (`fallbackToPollingAfter`). */
export const DEFAULT_FALLBACK_TO_POLLING_AFTER = 3;

/** The pause between polling rounds (`pollingInterval`). */
export const DEFAULT_POLLING_INTERVAL_MS = 1000;

/** The token refresh period when the token's lifetime is unknown (`refreshIntervalMs`): 15 minutes. */
export const DEFAULT_REFRESH_INTERVAL_MS = 15 * 60 * 1000;

/** Activity ids remembered to drop repeats (`dedupeCapacity`). */
export const DEFAULT_DEDUPE_CAPACITY = 10000;

/** Activities the Web Chat object replays to a late subscriber (`historyCapacity`). */
export const DEFAULT_HISTORY_CAPACITY = 10000;

/** How long a typing indicator lasts without a new one (`typingMs`). */
export const DEFAULT_TYPING_MS = 5000;

/** How long the Web Chat object keeps reporting Online while a post is sending through a reconnect (`sendingGraceMs`). */
export const DEFAULT_SENDING_GRACE_MS = 5000;

/** The longest wait a server's `Retry-After` imposes (`maxRetryAfterMs`): 60 s; a longer one is cut to this. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60000;

/** How long a connection that has never reached any server keeps trying (`unreachableMs`): 15 s. */
export const DEFAULT_UNREACHABLE_MS = 15000;

/** How long a livestream may stay quiet (no new chunk) before it is marked interrupted (`livestreamTimeoutMs`). */
export const DEFAULT_LIVESTREAM_TIMEOUT_MS = 30_000;
