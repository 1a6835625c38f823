/**
 * The Node entry: everything of `directline-rx`, with `ws` and `xhr2` as the default transports.
 *
 * @module directline-rx/node
 */
// Node entry: the isomorphic surface, with ws and xhr2 as the default transports.
import { connect as connectWith } from '../connection';
import type { DirectLineConnection } from '../connection';
import type { ConnectOptions } from '../options';
import { createWebChatDirectLine } from '../adapters/web-chat';
import type { DirectLineOptions, WebChatDirectLine } from '../adapters/web-chat';
import { nodeCreateXHR, nodeWebSocketFactory } from './transports';

export * from '../index';
export { nodeWebSocketFactory, nodeCreateXHR } from './transports';

/** `connect` with ws and xhr2 unless other transports are given. */
export function connect(options: ConnectOptions): DirectLineConnection {
  return connectWith({ createXHR: nodeCreateXHR, webSocketFactory: nodeWebSocketFactory, ...options });
}

/** `createDirectLine` (the Web Chat drop-in) with ws and xhr2 unless other transports are given. */
export function createDirectLine(options: DirectLineOptions): WebChatDirectLine {
  return createWebChatDirectLine(options, connect);
}
