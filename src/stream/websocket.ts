import { Observable } from 'rxjs';
import type { Subscription } from 'rxjs';
import * as rxjsWebsockets from 'rxjs-websockets';
import type { WebSocketLike as WrappedSocket } from 'rxjs-websockets';
import type { WebSocketLike } from '../transports';
import { DirectLineError } from '../protocol/errors';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../http/request';

/**
 * Creates a WebSocket; browsers' `WebSocket` by default, `ws` under `directline-rx/node`.
 * `limits.maxResponseBytes` is the largest frame the stream accepts: a factory that can refuse
 * larger frames as they arrive (as `ws` does with `maxPayload`) should.
 */
export type WebSocketFactory = (url: string, protocols?: string | string[], limits?: { maxResponseBytes?: number }) => WebSocketLike;

/** What an open stream emits: `open` once the socket is open, then each frame as received. */
export type StreamEvent =
  | {
      /** The socket is open. */
      type: 'open';
    }
  | {
      /** A frame arrived. */
      type: 'frame';
      /** Its data, as received (text for the service's frames). */
      data: unknown;
    };

type MakeObservable = (url: string, options: { protocols: string | string[]; makeWebSocket: (url: string, protocols: string | string[]) => WrappedSocket }) => Observable<(input: Observable<string>) => Observable<unknown>>;

// The package's default export is not callable from Node ESM as-is: take `.default` when present.
const moduleValue = rxjsWebsockets as unknown as { default?: unknown };
const makeWebSocketObservable = (typeof moduleValue.default === 'function'
  ? moduleValue.default
  : (moduleValue.default as { default?: unknown } | undefined)?.default) as MakeObservable;

/**
 * The global `WebSocket` (browsers, Node 22+); throws an `InvalidOptions` DirectLineError where there is none.
 */
export const browserWebSocketFactory: WebSocketFactory = (url, protocols) => {
  const Ctor = (globalThis as { WebSocket?: new (url: string, protocols?: string | string[]) => WebSocketLike }).WebSocket;
  if (!Ctor) throw new DirectLineError('No WebSocket implementation: pass `webSocketFactory`, or import from directline-rx/node', { code: 'InvalidOptions' });
  return new Ctor(url, protocols);
};

/** Wraps a socket to keep what rxjs-websockets drops: the close code and the error text. */
class RecordingSocket implements WrappedSocket {
  onopen: ((event: unknown) => unknown) | null = null;
  onclose: ((event: unknown) => unknown) | null = null;
  onmessage: ((event: unknown) => unknown) | null = null;
  onerror: ((event: unknown) => unknown) | null = null;
  opened = false;
  closeCode?: number;
  closeReason?: string;
  errorText?: string;

  constructor(private readonly socket: WebSocketLike) {
    socket.onopen = (e: unknown) => {
      this.opened = true;
      this.onopen?.(e);
    };
    socket.onmessage = (e: unknown) => this.onmessage?.(e);
    socket.onerror = (e: unknown) => {
      const message = (e as { message?: unknown } | null)?.message;
      if (typeof message === 'string') this.errorText = message;
      this.onerror?.({ message: this.errorText ?? 'WebSocket error' });
    };
    socket.onclose = (e: unknown) => {
      const ev = (e ?? {}) as { code?: unknown; reason?: unknown };
      if (typeof ev.code === 'number') this.closeCode = ev.code;
      if (typeof ev.reason === 'string') this.closeReason = ev.reason;
      this.onclose?.(e);
    };
  }

  send(data: string): void {
    this.socket.send(data);
  }

  close(): void {
    try {
      this.socket.close();
    } catch {
      // closing a socket that failed to connect may throw in some implementations
    }
  }
}

const frameTooLarge = () => new DirectLineError('The stream sent a frame larger than maxResponseBytes', { code: 'FrameTooLarge', retryable: false });

function socketError(socket: RecordingSocket | undefined, fallback: unknown): DirectLineError {
  if (fallback instanceof DirectLineError) return fallback;
  const handshake = socket?.errorText?.match(/Unexpected server response: (\d{3})/);
  if (socket && !socket.opened) {
    const status = handshake ? Number(handshake[1]) : undefined;
    return new DirectLineError(`WebSocket handshake failed${status ? ` (HTTP ${status})` : ''}`, { code: 'SocketHandshakeFailed', status, retryable: true });
  }
  const code = socket?.closeCode;
  if (code === 1009 || /max payload/i.test(socket?.errorText ?? '')) return frameTooLarge();
  const reason = socket?.closeReason ? `: ${socket.closeReason.slice(0, 120)}` : '';
  return new DirectLineError(`WebSocket closed${code ? ` with code ${code}` : ''}${reason}`, { code: 'SocketClosed', retryable: true });
}

const OPEN: StreamEvent = { type: 'open' };
/** What the stream sends: nothing. */
const NOTHING = new Observable<string>();

/**
 * Opens one receive-only stream at `url` as a cold observable: emits `open`, then each frame's
 * data. Any end of the socket that the subscriber did not ask for is an error (a DirectLineError
 * with code SocketHandshakeFailed or SocketClosed). Unsubscribing closes the socket.
 *
 * Built on rxjs-websockets, with one subscriber of our own around it (not concat, switchMap, map
 * and catchError): an open stream holds little beyond the socket, and a frame goes out in one call.
 */
export function openStream(url: string, factory: WebSocketFactory = browserWebSocketFactory, maxResponseBytes: number = DEFAULT_MAX_RESPONSE_BYTES): Observable<StreamEvent> {
  return new Observable<StreamEvent>((subscriber) => {
    let socket: RecordingSocket | undefined;
    const makeWebSocket = (u: string, protocols: string | string[]) => {
      socket = new RecordingSocket(factory(u, protocols, { maxResponseBytes }));
      return socket;
    };
    const fail = (err: unknown) => subscriber.error(socketError(socket, err));
    let frames: Subscription | undefined;
    const stream = makeWebSocketObservable(url, { protocols: [], makeWebSocket }).subscribe({
      next: (getResponses) => {
        subscriber.next(OPEN);
        frames = getResponses(NOTHING).subscribe({
          next: (data) => {
            // Where the transport has no limit of its own (browsers), a frame over the bound fails the stream here
            // (a string is measured in characters).
            const size = typeof data === 'string' ? data.length : (data as { byteLength?: unknown } | null)?.byteLength;
            if (typeof size === 'number' && size > maxResponseBytes) fail(frameTooLarge());
            else subscriber.next({ type: 'frame', data });
          },
          error: fail,
          complete: () => fail(undefined),
        });
      },
      error: fail,
      // the socket ended without the subscriber asking: a close like any other
      complete: () => fail(undefined),
    });
    return () => {
      frames?.unsubscribe();
      stream.unsubscribe();
    };
  });
}
