import WebSocket from 'ws';
import XHR2 from 'xhr2';
import type { WebSocketFactory } from '../stream/websocket';
import type { XMLHttpRequestLike } from '../transports';

/** `ws` as the WebSocket implementation. */
export const nodeWebSocketFactory: WebSocketFactory = (url, protocols) => new WebSocket(url, protocols);

/** `xhr2` as the XMLHttpRequest behind rxjs/ajax. */
export const nodeCreateXHR = (): XMLHttpRequestLike => new (XHR2 as unknown as { new (): XMLHttpRequestLike })();
