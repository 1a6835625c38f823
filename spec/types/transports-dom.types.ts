// Type tests of the transport shapes against the browser's own classes (needs lib "DOM"; see
// connect.types.ts for how they are compiled): what a browser hands over fits as it is.
import { expectTypeOf } from 'expect-type';
import { connect } from 'directline-rx';
import type { WebSocketFactory, WebSocketLike, XMLHttpRequestLike } from 'directline-rx';

expectTypeOf<WebSocket>().toExtend<WebSocketLike>();
expectTypeOf<XMLHttpRequest>().toExtend<XMLHttpRequestLike>();
const browserFactory: WebSocketFactory = (url, protocols) => new WebSocket(url, protocols);
expectTypeOf(connect).toBeCallableWith({ token: 't', webSocketFactory: browserFactory, createXHR: () => new XMLHttpRequest() });
// @ts-expect-error an EventSource is not a WebSocket
expectTypeOf(connect).toBeCallableWith({ token: 't', webSocketFactory: (url: string) => new EventSource(url) });
