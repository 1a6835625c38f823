// The transports the library is given, described by the members it uses. The public types name
// these shapes, never the DOM's `XMLHttpRequest` or `WebSocket` nor `ws`, so that they compile
// without lib "DOM" (Node projects) as well as with it. A browser's XMLHttpRequest and WebSocket,
// xhr2 and ws all fit them.

/** A listener as transports call it; `any` so that listeners typed for DOM events fit too. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type TransportListener = (event: any) => unknown;

/** The members of a WebSocket that a receive-only stream uses. */
export interface WebSocketLike {
  onopen: TransportListener | null;
  onclose: TransportListener | null;
  onmessage: TransportListener | null;
  onerror: TransportListener | null;
  send(data: string): void;
  close(): void;
}

/** The members of an XMLHttpRequest that `rxjs/ajax` and the REST calls use. */
export interface XMLHttpRequestLike {
  open(method: string, url: string, async?: boolean, user?: string | null, password?: string | null): void;
  setRequestHeader(name: string, value: string): void;
  send(body?: unknown): void;
  abort(): void;
  addEventListener(type: string, listener: TransportListener): void;
  getResponseHeader(name: string): string | null;
  getAllResponseHeaders(): string;
  readonly readyState: number;
  readonly status: number;
  readonly response: unknown;
  responseType: string;
  timeout: number;
  withCredentials: boolean;
  readonly upload: { addEventListener(type: string, listener: TransportListener): void };
}
