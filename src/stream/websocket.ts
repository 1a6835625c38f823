import { Observable } from 'rxjs';
import type { WebSocketLike } from '../transports';
import { DirectLineError } from '../protocol/errors';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../http/request';

/**
 * Creates a WebSocket; browsers' `WebSocket` by default, `ws` under `directline-rx/node`.
 * `limits.maxResponseBytes` is the largest frame the stream accepts: a factory that can refuse
 * larger frames as they arrive (as `ws` does with `maxPayload`) should.
 */
export type WebSocketFactory = (url: string, protocols?: string | string[], limits?: { maxResponseBytes?: number }) => WebSocketLike;

export type StreamEvent = { type: 'open' } | { type: 'frame'; data: unknown };

export const browserWebSocketFactory: WebSocketFactory = (url, protocols) => {
  const Ctor = (globalThis as { WebSocket?: new (url: string, protocols?: string | string[]) => WebSocketLike }).WebSocket;
  if (!Ctor) throw new DirectLineError('No WebSocket implementation: pass `webSocketFactory`, or import from directline-rx/node', { code: 'InvalidOptions' });
  return new Ctor(url, protocols);
};

const frameTooLarge = () => new DirectLineError('The stream sent a frame larger than maxResponseBytes', { code: 'FrameTooLarge', retryable: false });

/** What a socket said about its end: whether it opened, its close code and reason, its error text. */
interface SocketEnd {
  opened: boolean;
  closeCode?: number;
  closeReason?: string;
  errorText?: string;
}

function socketError(socket: SocketEnd | undefined, fallback: unknown): DirectLineError {
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

function closeQuietly(socket: WebSocketLike): void {
  try {
    socket.close();
  } catch {
    // closing a socket that failed to connect may throw in some implementations
  }
}

/**
 * Opens one receive-only stream at `url` as a cold observable: emits `open`, then each frame's
 * data. Any end of the socket that the subscriber did not ask for is an error (a DirectLineError
 * with code SocketHandshakeFailed or SocketClosed). Unsubscribing closes the socket.
 *
 * Written straight over the socket's four handlers: one subscriber and four small closures per
 * socket, nothing per frame but the frame's event.
 */
export function openStream(url: string, factory: WebSocketFactory = browserWebSocketFactory, maxResponseBytes: number = DEFAULT_MAX_RESPONSE_BYTES): Observable<StreamEvent> {
  return new Observable<StreamEvent>((subscriber) => {
    let socket: WebSocketLike;
    try {
      socket = factory(url, [], { maxResponseBytes });
    } catch (err) {
      subscriber.error(socketError(undefined, err));
      return undefined;
    }
    const end: SocketEnd = { opened: false };
    /** The stream has ended (an error, or the subscriber left): the socket's later events are ignored. */
    let done = false;
    let left = false;
    const fail = (error: DirectLineError) => {
      done = true;
      subscriber.error(error);
    };
    socket.onopen = () => {
      // opened after the subscriber left: close it again
      if (left) closeQuietly(socket);
      if (done) return;
      end.opened = true;
      subscriber.next(OPEN);
    };
    socket.onmessage = (e: unknown) => {
      if (done) return;
      const data = (e as { data?: unknown } | null)?.data;
      // Where the transport has no limit of its own (browsers), a frame over the bound fails the stream here
      // (a string is measured in characters).
      const size = typeof data === 'string' ? data.length : (data as { byteLength?: unknown } | null)?.byteLength;
      if (typeof size === 'number' && size > maxResponseBytes) {
        done = true;
        closeQuietly(socket);
        subscriber.error(frameTooLarge());
        return;
      }
      subscriber.next({ type: 'frame', data });
    };
    socket.onerror = (e: unknown) => {
      const message = (e as { message?: unknown } | null)?.message;
      if (typeof message === 'string') end.errorText = message;
      if (!done) fail(socketError(end, undefined));
    };
    socket.onclose = (e: unknown) => {
      const ev = (e ?? {}) as { code?: unknown; reason?: unknown };
      if (typeof ev.code === 'number') end.closeCode = ev.code;
      if (typeof ev.reason === 'string') end.closeReason = ev.reason;
      if (!done) fail(socketError(end, undefined));
    };
    return () => {
      if (done) return;
      done = true;
      left = true;
      closeQuietly(socket);
    };
  });
}
