import { Observable } from 'rxjs';
import type { Observer, Subscriber, Subscription } from 'rxjs';
import * as rxjsWebsockets from 'rxjs-websockets';
import type { WebSocketLike as WrappedSocket } from 'rxjs-websockets';
import type { WebSocketLike } from '../transports';
import { DirectLineError } from '../protocol/errors';
import { redact } from '../protocol/redact';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../defaults';
import { Relay } from './relay';

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

type MakeObservable = (
  url: string,
  options: { protocols: string | string[]; makeWebSocket: (url: string, protocols: string | string[]) => WrappedSocket },
) => Observable<(input: Observable<string>) => Observable<unknown>>;

// The package's default export is not callable from Node ESM as-is: take `.default` when present.
const moduleValue = rxjsWebsockets as unknown as { default?: unknown };
const makeWebSocketObservable = (
  typeof moduleValue.default === 'function' ? moduleValue.default : (moduleValue.default as { default?: unknown } | undefined)?.default
) as MakeObservable;

/**
 * The global `WebSocket` (browsers, Node 22+); throws an `InvalidOptions` DirectLineError where there is none.
 */
export const browserWebSocketFactory: WebSocketFactory = (url, protocols) => {
  const Ctor = (globalThis as { WebSocket?: new (url: string, protocols?: string | string[]) => WebSocketLike }).WebSocket;
  if (!Ctor)
    throw new DirectLineError('No WebSocket implementation: pass `webSocketFactory`, or import from directline-rx/node', {
      code: 'InvalidOptions',
    });
  return new Ctor(url, protocols);
};

/**
 * The socket as rxjs-websockets sees it. Its open, message and error handlers go straight to the
 * socket; only the close handler is wrapped, to keep the close code and reason it drops.
 */
class RecordingSocket implements WrappedSocket {
  closeCode?: number;
  closeReason?: string;

  constructor(private readonly socket: WebSocketLike) {}

  set onopen(handler: ((event: unknown) => unknown) | null) {
    this.socket.onopen = handler;
  }

  set onmessage(handler: ((event: unknown) => unknown) | null) {
    this.socket.onmessage = handler;
  }

  set onerror(handler: ((event: unknown) => unknown) | null) {
    this.socket.onerror = handler;
  }

  set onclose(handler: ((event: unknown) => unknown) | null) {
    this.socket.onclose = handler
      ? (e: unknown) => {
          const ev = (e ?? {}) as { code?: unknown; reason?: unknown };
          if (typeof ev.code === 'number') this.closeCode = ev.code;
          if (typeof ev.reason === 'string') this.closeReason = ev.reason;
          handler(e);
        }
      : null;
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

const frameTooLarge = () =>
  new DirectLineError('The stream sent a frame larger than maxResponseBytes', { code: 'FrameTooLarge', retryable: false });

/** What an end of the socket that nobody asked for means, from what the socket recorded. */
function socketError(socket: RecordingSocket | undefined, opened: boolean, err: unknown): DirectLineError {
  if (err instanceof DirectLineError) return err;
  // rxjs-websockets reports an error event as an Error with the event's message (ws: "Unexpected server response: 403").
  const errorText = err instanceof Error ? err.message : '';
  if (!opened) {
    const handshake = errorText.match(/Unexpected server response: (\d{3})/);
    const status = handshake ? Number(handshake[1]) : undefined;
    return new DirectLineError(`WebSocket handshake failed${status ? ` (HTTP ${status})` : ''}`, {
      code: 'SocketHandshakeFailed',
      status,
      retryable: true,
    });
  }
  const code = socket?.closeCode;
  if (code === 1009 || /max payload/i.test(errorText)) return frameTooLarge();
  const reason = socket?.closeReason ? `: ${redact(socket.closeReason).slice(0, 120)}` : '';
  return new DirectLineError(`WebSocket closed${code ? ` with code ${code}` : ''}${reason}`, { code: 'SocketClosed', retryable: true });
}

const OPEN: StreamEvent = { type: 'open' };
/** What the stream sends: nothing. */
const NOTHING = new Observable<string>();
const NO_PROTOCOLS: string[] = [];

/** The socket's opening, passed to the stream that owns it (once: not on the path of the frames). */
class Opening implements Observer<(input: Observable<string>) => Observable<unknown>> {
  constructor(private readonly stream: SocketStream) {}

  next(getResponses: (input: Observable<string>) => Observable<unknown>): void {
    this.stream.opened(getResponses);
  }

  error(err: unknown): void {
    this.stream.error(err);
  }

  complete(): void {
    this.stream.complete();
  }
}

/**
 * One open stream: the observer of the socket's frames (through a {@link Relay}) and the teardown
 * of the stream's subscriber, as one object (its methods live on the prototype: an open stream
 * holds no closures of its own).
 */
class SocketStream implements Observer<unknown> {
  private readonly socket?: RecordingSocket;
  private opening = true;
  private frames?: Subscription;
  private readonly stream?: Subscription;

  constructor(
    url: string,
    factory: WebSocketFactory,
    private readonly maxResponseBytes: number,
    private readonly subscriber: Subscriber<StreamEvent>,
  ) {
    try {
      this.socket = new RecordingSocket(factory(url, NO_PROTOCOLS, { maxResponseBytes }));
    } catch (err) {
      this.error(err);
      return;
    }
    const socket = this.socket;
    // rxjs-websockets asks for its socket as it is subscribed: the one just made
    this.stream = makeWebSocketObservable(url, { protocols: NO_PROTOCOLS, makeWebSocket: () => socket }).subscribe(new Opening(this));
  }

  /** The socket opened: rxjs-websockets hands over the function that gives its frames. */
  opened(getResponses: (input: Observable<string>) => Observable<unknown>): void {
    this.opening = false;
    this.subscriber.next(OPEN);
    if (!this.subscriber.closed) this.frames = getResponses(NOTHING).subscribe(new Relay(this));
  }

  /** A frame. */
  next(data: unknown): void {
    // Where the transport has no limit of its own (browsers), a frame over the bound fails the stream here
    // (a string is measured in characters).
    const size = typeof data === 'string' ? data.length : (data as { byteLength?: unknown } | null)?.byteLength;
    if (typeof size === 'number' && size > this.maxResponseBytes) this.error(frameTooLarge());
    else this.subscriber.next({ type: 'frame', data });
  }

  error(err: unknown): void {
    this.subscriber.error(socketError(this.socket, !this.opening, err));
  }

  /** The socket ended without the subscriber asking: a close like any other. */
  complete(): void {
    this.error(undefined);
  }

  unsubscribe(): void {
    this.frames?.unsubscribe();
    this.stream?.unsubscribe();
  }
}

/**
 * Opens one receive-only stream at `url` as a cold observable: emits `open`, then each frame's
 * data. Any end of the socket that the subscriber did not ask for is an error (a DirectLineError
 * with code SocketHandshakeFailed or SocketClosed). Unsubscribing closes the socket.
 *
 * Built on rxjs-websockets, with one object of our own around it (not concat, switchMap, map and
 * catchError): an open stream holds little beyond the socket, and a frame goes out in one call.
 */
export function openStream(
  url: string,
  factory: WebSocketFactory = browserWebSocketFactory,
  maxResponseBytes: number = DEFAULT_MAX_RESPONSE_BYTES,
): Observable<StreamEvent> {
  return new Observable<StreamEvent>((subscriber) => new SocketStream(url, factory, maxResponseBytes, subscriber));
}
