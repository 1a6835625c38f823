import WebSocket from 'ws';
import XHR2 from 'xhr2';
import type { WebSocketFactory } from '../stream/websocket';

/** `ws` as the WebSocket implementation. */
export const nodeWebSocketFactory: WebSocketFactory = (url, protocols) =>
  new WebSocket(url, protocols as string | string[]) as unknown as ReturnType<WebSocketFactory>;

/** `xhr2` as the XMLHttpRequest behind rxjs/ajax. */
export const nodeCreateXHR = (): XMLHttpRequest => new (XHR2 as unknown as { new (): XMLHttpRequest })();
