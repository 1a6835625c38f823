import { Observable, asyncScheduler, concat, defer, map, switchMap, throwError, throwIfEmpty } from 'rxjs';
import type { Observer, OperatorFunction, SchedulerAction, SchedulerLike, Subscriber, Subscription } from 'rxjs';
import {
  DEFAULT_FALLBACK_TO_POLLING_AFTER,
  DEFAULT_SILENCE_MS,
  DEFAULT_STABLE_MS,
  DEFAULT_STREAM_URL_LIFETIME_MS,
  DEFAULT_STREAM_URL_MARGIN_MS,
} from '../defaults';
import type { ActivitySet, Conversation } from '../protocol/activity';
import { DirectLineError } from '../protocol/errors';
import { parseFrame } from '../protocol/frame';
import { Relay } from '../stream/relay';
import type { StreamEvent } from '../stream/websocket';
import { markOnline, markStable, retrying } from './retry-policy';
import type { FailureCount, RetryOptions } from './retry-policy';
import type { ReconnectEvent } from './events';
import { SilenceWatch } from './silence';

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

export { DEFAULT_STABLE_MS } from '../defaults';

/** A conversation to stream; `receivedAt` (scheduler time) dates its streamUrl, else "now". */
export type StreamSource = Conversation & {
  /** When the answer carrying `streamUrl` arrived, in scheduler time. */
  receivedAt?: number;
};

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
 * What `reconnect$` switches to for one conversation: its attempts, one after the other, as long
 * as the retry policy allows (on close, error or silence: back off, then ask again). For a caller
 * with a single conversation (the connection), without the switch.
 */
export function streamConversation(initial: StreamSource, options: ReconnectOptions): Observable<ReconnectEvent> {
  return defer(() => {
    const stream = new ConversationStream(initial, options);
    return retrying(attempt$(stream), stream.count, options);
  });
}

/**
 * One attempt, read in the order it runs: (catch up) → a URL, fresh or from GET
 * /conversations/{id}?watermark= → into the socket → frames. It never ends by itself: it fails,
 * and the retry policy decides what follows.
 */
function attempt$(stream: ConversationStream): Observable<ReconnectEvent> {
  const { options } = stream;
  return defer(() => {
    // The 60 s rule: the URL that came with the conversation is opened only while fresh, and once.
    const fresh = stream.takeFreshUrl();
    if (fresh !== undefined) return socket$(stream, fresh);
    const asked = askForUrl$(stream);
    // A URL asked for without a watermark replays nothing older: first fetch what the conversation holds.
    return options.catchUp && options.getWatermark() === undefined ? concat(catchUp$(options), asked) : asked;
  });
}

/** What the conversation already holds (called as a method: the options may be an object whose methods read `this`). */
function catchUp$(options: ReconnectOptions): Observable<ReconnectEvent> {
  return defer(() => (options.catchUp as () => Observable<ActivitySet>).call(options)).pipe(
    map((activitySet): ReconnectEvent => ({ type: 'activitySet', activitySet })),
  );
}

/** GET /conversations/{id}?watermark=W with the newest watermark: announces the conversation, then switches into its fresh URL's socket. */
function askForUrl$(stream: ConversationStream): Observable<ReconnectEvent> {
  const { options } = stream;
  return defer(() => options.getConversation(options.getWatermark())).pipe(
    switchMap((conversation) =>
      conversation.streamUrl
        ? socket$(stream, conversation.streamUrl, { type: 'conversation', conversation })
        : throwError(() => new DirectLineError('Get conversation answered no streamUrl', { code: 'BadResponse', retryable: true })),
    ),
    // an answer without a conversation ends the attempt like a closed stream
    throwIfEmpty(streamEnded),
  );
}

/**
 * Into the socket: `open` is Online, each frame an activity set (keep-alives and unknown frames
 * only count as life); silence, an error or the end of the socket fail the attempt. `announce`
 * (the conversation that carried the URL) goes out before the socket opens.
 */
function socket$(stream: ConversationStream, url: string, announce?: ReconnectEvent): Observable<ReconnectEvent> {
  return new Observable<ReconnectEvent>((subscriber) => {
    if (announce) subscriber.next(announce);
    if (subscriber.closed) return;
    const stay = new SocketStay(stream, subscriber);
    subscriber.add(stay);
    subscriber.add(stream.options.openSocket(url).subscribe(new Relay(stay)));
  });
}

/**
 * What one socket's events mean, from its open to its end: the observer of the socket (through a
 * {@link Relay}) and the silence watch's listener (methods on the prototype: an idle connection
 * holds no closures for its socket). One silence timer per socket, whatever the number of frames.
 */
class SocketStay implements Observer<StreamEvent> {
  private opened = false;
  private readonly silence: SilenceWatch;
  private stable?: Subscription;

  constructor(
    private readonly stream: ConversationStream,
    private readonly subscriber: Subscriber<ReconnectEvent>,
  ) {
    this.silence = new SilenceWatch(stream.scheduler, stream.silenceMs, this);
  }

  next(event: StreamEvent): void {
    this.silence.touch();
    if (event.type === 'frame') {
      const frame = parseFrame(event.data);
      if (frame.kind === 'activitySet') this.subscriber.next({ type: 'activitySet', activitySet: frame.activitySet });
      return;
    }
    this.opened = true;
    this.stream.opened();
    this.subscriber.next(ONLINE);
    // Online for `stableMs`: the backoff is back at its first step.
    this.stable = this.stream.scheduler.schedule(stayed, this.stream.stableMs, this.stream);
  }

  error(err: unknown): void {
    this.subscriber.error(this.stream.failed(this.opened, err));
  }

  /** A stream never ends by itself; if it does, that is a close like any other. */
  complete(): void {
    this.subscriber.error(streamEnded());
  }

  onSilence(): void {
    this.error(
      new DirectLineError(`No frame for ${this.stream.silenceMs} ms: the socket is dead`, { code: 'SocketSilent', retryable: true }),
    );
  }

  unsubscribe(): void {
    this.silence.unsubscribe();
    this.stable?.unsubscribe();
  }
}

function stayed(this: SchedulerAction<ConversationStream>, stream?: ConversationStream): void {
  stream?.stayed();
}

const ONLINE: ReconnectEvent = { type: 'online' };

const streamEnded = () => new DirectLineError('The stream ended', { code: 'SocketClosed', retryable: true });

/**
 * One conversation's stream across its attempts: its settings (defaults from `defaults.ts`), the
 * URL not yet used, and the failure counts. Only its own methods change its fields.
 */
class ConversationStream {
  readonly scheduler: SchedulerLike;
  readonly silenceMs: number;
  readonly stableMs: number;
  private readonly lifetime: number;
  private readonly margin: number;
  private readonly fallbackToPollingAfter: number;
  /** The streamUrl that came with the conversation, until an attempt takes it. */
  private pending?: { url: string; receivedAt: number };
  /** The retry policy's count of this run of failures. */
  readonly count: FailureCount = { failures: 0, step: 0 };
  /** Handshake failures in a row, for the fall back to polling. */
  private handshakeFailures = 0;

  constructor(
    initial: StreamSource,
    readonly options: ReconnectOptions,
  ) {
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.lifetime = options.streamUrlLifetimeMs ?? DEFAULT_STREAM_URL_LIFETIME_MS;
    this.margin = Math.min(options.streamUrlMarginMs ?? DEFAULT_STREAM_URL_MARGIN_MS, this.lifetime / 2);
    this.silenceMs = options.silenceMs ?? DEFAULT_SILENCE_MS;
    this.stableMs = options.stableMs ?? DEFAULT_STABLE_MS;
    this.fallbackToPollingAfter = options.fallbackToPollingAfter ?? DEFAULT_FALLBACK_TO_POLLING_AFTER;
    if (initial.streamUrl) this.pending = { url: initial.streamUrl, receivedAt: initial.receivedAt ?? this.scheduler.now() };
  }

  /** The pending streamUrl if it is still fresh (within its lifetime less the margin); a URL is handed out once at most. */
  takeFreshUrl(): string | undefined {
    const p = this.pending;
    this.pending = undefined;
    if (p && this.scheduler.now() - p.receivedAt < this.lifetime - this.margin) return p.url;
    return undefined;
  }

  /** A socket opened: the handshakes work, and the retry budget starts again (the backoff only once the stay lasts). */
  opened(): void {
    this.handshakeFailures = 0;
    markOnline(this.count);
  }

  /** Online for `stableMs`. */
  stayed(): void {
    markStable(this.count);
  }

  /** The error a failed socket ends its attempt with: its own, or, after too many handshake failures, WebSocketUnavailable. */
  failed(opened: boolean, err: unknown): unknown {
    if (!opened) this.handshakeFailures++;
    if (this.fallbackToPollingAfter > 0 && this.handshakeFailures >= this.fallbackToPollingAfter) {
      return new DirectLineError(`WebSocket handshake failed ${this.handshakeFailures} times while HTTP works`, {
        code: WEBSOCKET_UNAVAILABLE,
        retryable: false,
      });
    }
    return err;
  }
}
