/**
 * The isomorphic entry, for browsers and Node: `connect()`, the operators it is built from, the
 * REST calls, the protocol types, and the chat state for UI stores.
 *
 * @module directline-rx
 */
// Public surface of the isomorphic entry (browsers and Node).
export { connect } from './connection';
export type { DirectLineConnection } from './connection';
export type { ConnectOptions, SessionState, DebugEvent, TokenProvider } from './options';
export { ConnectionStatus } from './connection-status';
export { reconnect$, WEBSOCKET_UNAVAILABLE } from './operators/reconnect';
export type { ReconnectOptions, ReconnectEvent, StreamSource } from './operators/reconnect';
export { poll$ } from './operators/polling';
export type { PollingOptions } from './operators/polling';
export { backoffDelay, DEFAULT_BACKOFF } from './operators/backoff';
export type { BackoffOptions } from './operators/backoff';
export { dedupeBy } from './operators/dedupe';
export type { SeenKeys } from './operators/dedupe';
export { deliverActivities } from './operators/watermark';
export { DEFAULT_MAX_RETRY_AFTER_MS } from './operators/retry-policy';
export type { RetryOptions } from './operators/retry-policy';
export { newServerContact, DEFAULT_UNREACHABLE_MS } from './operators/server-contact';
export type { ServerContact } from './operators/server-contact';
export { defaultOnline$ } from './environment/online';
export * from './protocol';
export * as http from './http';
export type { UploadFile, UploadEvent } from './http/upload';
export { openStream, browserWebSocketFactory } from './stream/websocket';
export type { WebSocketFactory, StreamEvent } from './stream/websocket';
export type { WebSocketLike, XMLHttpRequestLike } from './transports';
export { VERSION } from './version';
export { createDirectLine } from './adapters/web-chat';
export type { DirectLineOptions, WebChatDirectLine, ConversationStartProperties } from './adapters/web-chat';
export * from './state';
export type { DeliverOptions } from './operators/watermark';
