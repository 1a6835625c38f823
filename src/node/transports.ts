import WebSocket from 'ws';
import XHR2 from 'xhr2';
import type { WebSocketFactory } from '../stream/websocket';
import type { XMLHttpRequestLike } from '../transports';
import type { NetworkErrorRecord } from '../http/network-cause';
import { describeSocketError } from './socket-error';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../defaults';

/** `ws` as the WebSocket implementation; frames over `maxResponseBytes` are refused as they arrive (close 1009). */
export const nodeWebSocketFactory: WebSocketFactory = (url, protocols, limits) =>
  new WebSocket(url, protocols, { maxPayload: limits?.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES });

/** xhr2 as its class is: the socket's error reaches `_onHttpRequestError`, which drops it. */
type Xhr2Class = new () => XMLHttpRequestLike & { _onHttpRequestError(request: unknown, error: unknown): unknown };

/** xhr2, keeping why its socket failed (refused, not found, TLS …) where a failed call can read it. */
class NodeXHR extends (XHR2 as unknown as Xhr2Class) implements NetworkErrorRecord {
  networkErrorCause?: string;

  override _onHttpRequestError(request: unknown, error: unknown): unknown {
    this.networkErrorCause = describeSocketError(error);
    return super._onHttpRequestError(request, error);
  }
}

/** `xhr2` as the XMLHttpRequest behind rxjs/ajax; a call that got no answer tells why (refused, not found, TLS …). */
export const nodeCreateXHR = (): XMLHttpRequestLike => new NodeXHR();
