import { Observable, asyncScheduler, concat, defer, of, throwError } from 'rxjs';
import type { OperatorFunction, SchedulerLike, Subscription } from 'rxjs';
import { mergeMap, switchMap } from 'rxjs/operators';
import type { ActivitySet, Conversation } from '../protocol/activity';
import { DirectLineError } from '../protocol/errors';
import { parseFrame } from '../protocol/frame';
import type { StreamEvent } from '../stream/websocket';
import { markOnline, markStable, retrying } from './retry-policy';
import type { FailureCount, RetryOptions } from './retry-policy';
import type { ReconnectEvent } from './events';
import { watchSilence } from './silence';

export interface ReconnectOptions extends RetryOptions {
  /** The reconnect call: GET /conversations/{id}?watermark=W, answering a fresh streamUrl. */
  getConversation: (watermark: string | undefined) => Observable<Conversation>;
  /** Opens the stream at a URL (see `openStream`). */
  openSocket: (url: string) => Observable<StreamEvent>;
  /** The newest watermark delivered; read at every attempt. */
  getWatermark: () => string | undefined;
  /**
   * When no watermark is known, fetch what the conversation already holds before asking for a
   * stream URL (a URL asked for without a watermark replays nothing older). Optional.
   */
  catchUp?: () => Observable<ActivitySet>;
  /** A streamUrl is opened only within this long of the answer that carried it. Default 60 000. */
  streamUrlLifetimeMs?: number;
  /** Safety margin kept before that deadline. Default 5 000. */
  streamUrlMarginMs?: number;
  /** No frame at all (keep-alives included) for this long means the socket is dead. Default 60 000. */
  silenceMs?: number;
  /** Online this long without a failure resets the backoff to its first step. Default 2 000. (A socket that opens resets the retry budget at once.) */
  stableMs?: number;
  /** Handshake failures in a row (while HTTP works) before giving up on WebSockets. Default 3; 0 never. */
  fallbackToPollingAfter?: number;
  /** The clock of every timer. Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
}

export type { ReconnectEvent } from './events';

/**
 * The code of the error with which `reconnect$` gives up on WebSockets, so that the caller may fall back to polling.
 */
export const WEBSOCKET_UNAVAILABLE = 'WebSocketUnavailable';

/** Online this long resets the backoff to its first step. */
export const DEFAULT_STABLE_MS = 2000;

/** A conversation to stream; `receivedAt` (scheduler time) dates its streamUrl, else "now". */
export type StreamSource = Conversation & {
  /** When the answer carrying `streamUrl` arrived, in scheduler time. */
  receivedAt?: number;
};

const streamEnded = () => new DirectLineError('The stream ended', { code: 'SocketClosed', retryable: true });

/** Mirrors `source`, but its completion is a `streamEnded` error. */
function endedIsError<T>(source: Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) =>
    source.subscribe({ next: (value) => subscriber.next(value), error: (err) => subscriber.error(err), complete: () => subscriber.error(streamEnded()) }),
  );
}

/**
 * The heart of the connection. For each conversation the source emits (from start conversation,
 * or a resume), opens its streamUrl if still fresh, else asks GET /conversations/{id} for a new one
 * with the newest watermark, switches into the socket, and on close, error or silence backs off
 * and asks again. No URL is opened twice or past its deadline; at most one socket is open.
 */
export function reconnect$(options: ReconnectOptions): OperatorFunction<StreamSource, ReconnectEvent> {
  return (source) => source.pipe(switchMap((initial) => streamConversation(initial, options)));
}

/**
 * What `reconnect$` switches to for one conversation: its stream, reconnected as long as the
 * policy allows. For a caller with a single conversation (the connection), without the switch.
 */
export function streamConversation(initial: StreamSource, options: ReconnectOptions): Observable<ReconnectEvent> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const lifetime = options.streamUrlLifetimeMs ?? 60000;
  const margin = Math.min(options.streamUrlMarginMs ?? 5000, lifetime / 2);
  const silenceMs = options.silenceMs ?? 60000;
  const stableMs = options.stableMs ?? DEFAULT_STABLE_MS;
  const fallbackToPollingAfter = options.fallbackToPollingAfter ?? 3;

  return defer(() => {
    let pending: { url: string; receivedAt: number } | undefined = initial.streamUrl ? { url: initial.streamUrl, receivedAt: initial.receivedAt ?? scheduler.now() } : undefined;
    const count: FailureCount = { failures: 0, step: 0 };
    let handshakeFailures = 0;

    const takeFreshUrl = (): string | undefined => {
      const p = pending;
      pending = undefined; // a URL is used once at most
      if (p && scheduler.now() - p.receivedAt < lifetime - margin) return p.url;
      return undefined;
    };

    const failed = (opened: boolean, err: unknown): unknown => {
      if (!opened) handshakeFailures++;
      if (fallbackToPollingAfter > 0 && handshakeFailures >= fallbackToPollingAfter) {
        return new DirectLineError(`WebSocket handshake failed ${handshakeFailures} times while HTTP works`, { code: WEBSOCKET_UNAVAILABLE, retryable: false });
      }
      return err;
    };

    // One subscriber and one timer per socket, whatever the number of frames. `first` (the
    // conversation that carried the URL) is emitted before the socket opens.
    const socket = (url: string, first?: ReconnectEvent): Observable<ReconnectEvent> =>
      new Observable<ReconnectEvent>((subscriber) => {
        if (first) subscriber.next(first);
        let opened = false;
        let stable: Subscription | undefined;
        const silence = watchSilence(scheduler, silenceMs, () =>
          subscriber.error(failed(opened, new DirectLineError(`No frame for ${silenceMs} ms: the socket is dead`, { code: 'SocketSilent', retryable: true }))),
        );
        const stream = options.openSocket(url).subscribe({
          next: (event) => {
            silence.touch();
            if (event.type === 'open') {
              opened = true;
              handshakeFailures = 0;
              // Reached Online: the budget starts again; the backoff only once the stay lasts.
              markOnline(count);
              subscriber.next({ type: 'online' });
              stable = scheduler.schedule(() => markStable(count), stableMs);
              return;
            }
            const frame = parseFrame(event.data);
            if (frame.kind === 'activitySet') subscriber.next({ type: 'activitySet', activitySet: frame.activitySet });
          },
          error: (err) => subscriber.error(failed(opened, err)),
          // A stream never ends by itself; if it does, that is a close like any other.
          complete: () => subscriber.error(streamEnded()),
        });
        return () => {
          silence.unsubscribe();
          stable?.unsubscribe();
          stream.unsubscribe();
        };
      });

    const attempt = defer((): Observable<ReconnectEvent> => {
      const fresh = takeFreshUrl();
      if (fresh) return socket(fresh);
      const catchUp = options.catchUp && options.getWatermark() === undefined
        ? options.catchUp().pipe(mergeMap((activitySet) => of<ReconnectEvent>({ type: 'activitySet', activitySet })))
        : undefined;
      const ask = defer(() => options.getConversation(options.getWatermark())).pipe(
        switchMap((conversation) => {
          if (!conversation.streamUrl) {
            return throwError(() => new DirectLineError('Get conversation answered no streamUrl', { code: 'BadResponse', retryable: true }));
          }
          return socket(conversation.streamUrl, { type: 'conversation', conversation });
        }),
      );
      // an answer without a conversation ends the attempt like a closed stream
      return endedIsError(catchUp ? concat(catchUp, ask) : ask);
    });

    return retrying(attempt, count, { ...options, scheduler });
  });
}
