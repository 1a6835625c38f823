// The transports the library is given, described by the members it uses. The public types name
// these shapes, never the DOM's `XMLHttpRequest` or `WebSocket` nor `ws`, so that they compile
// without lib "DOM" (Node projects) as well as with it. A browser's XMLHttpRequest and WebSocket,
// xhr2 and ws all fit them.

/** A listener as transports call it; `any` so that listeners typed for DOM events fit too. */
type TransportListener = (event: any) => unknown;

/** The members of a WebSocket that a receive-only stream uses. */
export interface WebSocketLike {
  /** Called when the socket opens. */
  onopen: TransportListener | null;
  /** Called when the socket closes (with the close event: `code`, `reason`). */
  onclose: TransportListener | null;
  /** Called with each message (its `data`). */
  onmessage: TransportListener | null;
  /** Called when the socket fails. */
  onerror: TransportListener | null;
  /** Sends a text message. */
  send(data: string): void;
  /** Closes the socket. */
  close(): void;
}

/** The members of an XMLHttpRequest that `rxjs/ajax` and the REST calls use. */
export interface XMLHttpRequestLike {
  /** Starts a request: method and URL. */
  open(method: string, url: string, async?: boolean, user?: string | null, password?: string | null): void;
  /** Sets a request header. */
  setRequestHeader(name: string, value: string): void;
  /** Sends the request with its body. */
  send(body?: unknown): void;
  /** Aborts the request. */
  abort(): void;
  /** Listens to `load`, `error`, `timeout`, `abort`, `progress` … */
  addEventListener(type: string, listener: TransportListener): void;
  /** One response header, or null. */
  getResponseHeader(name: string): string | null;
  /** Every response header, as text. */
  getAllResponseHeaders(): string;
  /** The request's state (4: done). */
  readonly readyState: number;
  /** The HTTP status (0: no answer). */
  readonly status: number;
  /** The response body. */
  readonly response: unknown;
  /** How to read the body (`text`, `json`, …). */
  responseType: string;
  /** The timeout, ms (0: none). */
  timeout: number;
  /** Whether cookies go with cross-origin requests. */
  withCredentials: boolean;
  /** The upload side: its progress events. */
  readonly upload: {
    /** Listens to the upload's `progress` events. */
    addEventListener(type: string, listener: TransportListener): void;
  };
}
