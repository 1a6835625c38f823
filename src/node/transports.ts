import WebSocket from 'ws';
import XHR2 from 'xhr2';
import type { WebSocketFactory } from '../stream/websocket';
import type { XMLHttpRequestLike } from '../transports';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../defaults';

/** `ws` as the WebSocket implementation; frames over `maxResponseBytes` are refused as they arrive (close 1009). */
export const nodeWebSocketFactory: WebSocketFactory = (url, protocols, limits) =>
  new WebSocket(url, protocols, { maxPayload: limits?.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES });

/** `xhr2` as the XMLHttpRequest behind rxjs/ajax. */
export const nodeCreateXHR = (): XMLHttpRequestLike => new (XHR2 as unknown as { new (): XMLHttpRequestLike })();
