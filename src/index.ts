// Public surface of the isomorphic entry (browsers and Node). Grows with the connection.
export * from './protocol';
export * as http from './http';
export { openStream, browserWebSocketFactory } from './stream/websocket';
export type { WebSocketFactory, StreamEvent } from './stream/websocket';
export { VERSION } from './version';
