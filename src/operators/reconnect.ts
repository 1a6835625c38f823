import { EMPTY, Observable, asyncScheduler, defer } from 'rxjs';
import type { OperatorFunction, SchedulerAction, SchedulerLike, Subscriber, Subscription } from 'rxjs';
import { switchMap } from 'rxjs/operators';
import type { ActivitySet, Conversation } from '../protocol/activity';
import { DirectLineError } from '../protocol/errors';
import { parseFrame } from '../protocol/frame';
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

/** Online this long resets the backoff to its first step. */
export const DEFAULT_STABLE_MS = 2000;

/** A conversation to stream; `receivedAt` (scheduler time) dates its streamUrl, else "now". */
export type StreamSource = Conversation & {
  /** When the answer carrying `streamUrl` arrived, in scheduler time. */
  receivedAt?: number;
};

const streamEnded = () => new DirectLineError('The stream ended', { code: 'SocketClosed', retryable: true });

const ONLINE: ReconnectEvent = { type: 'online' };

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
  return new Observable<ReconnectEvent>((subscriber) => {
    const stream = new ConversationStream(initial, options);
    return retrying(stream.attempts, stream.count, options).subscribe(subscriber);
  });
}

/**
 * One conversation's stream across its attempts: the URL not yet used, the failure counts, and the
 * settings read once. An idle connection holds this object, the attempt that has its socket open,
 * and the socket's own (their methods live on the prototypes, not in closures per connection).
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
  readonly count: FailureCount = { failures: 0, step: 0 };
  /** Handshake failures in a row, for the fall back to polling. */
  handshakeFailures = 0;
  /** Each subscription is one attempt. */
  readonly attempts: Observable<ReconnectEvent>;

  constructor(
    initial: StreamSource,
    readonly options: ReconnectOptions,
  ) {
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.lifetime = options.streamUrlLifetimeMs ?? 60000;
    this.margin = Math.min(options.streamUrlMarginMs ?? 5000, this.lifetime / 2);
    this.silenceMs = options.silenceMs ?? 60000;
    this.stableMs = options.stableMs ?? DEFAULT_STABLE_MS;
    this.fallbackToPollingAfter = options.fallbackToPollingAfter ?? 3;
    if (initial.streamUrl) this.pending = { url: initial.streamUrl, receivedAt: initial.receivedAt ?? this.scheduler.now() };
    this.attempts = new Observable<ReconnectEvent>((subscriber) => new Attempt(this, subscriber));
  }

  /** The pending streamUrl if it is still fresh; a URL is handed out once at most. */
  takeFreshUrl(): string | undefined {
    const p = this.pending;
    this.pending = undefined;
    if (p && this.scheduler.now() - p.receivedAt < this.lifetime - this.margin) return p.url;
    return undefined;
  }

  /** The error a failed socket ends its attempt with: its own, or, after too many handshake failures, WebSocketUnavailable. */
  failed(opened: boolean, err: unknown): unknown {
    if (!opened) this.handshakeFailures++;
    if (this.fallbackToPollingAfter > 0 && this.handshakeFailures >= this.fallbackToPollingAfter) {
      return new DirectLineError(`WebSocket handshake failed ${this.handshakeFailures} times while HTTP works`, { code: WEBSOCKET_UNAVAILABLE, retryable: false });
    }
    return err;
  }
}

/**
 * One attempt: a fresh URL's socket, or (first catching up when no watermark is known) the
 * reconnect call and the socket of the URL it answers. The observer of the socket's events and
 * the attempt's teardown, as one object. One silence timer per socket, whatever the number of
 * frames; the conversation that carried the URL is emitted before the socket opens.
 */
class Attempt {
  private opened = false;
  private call?: Subscription;
  private socket?: Subscription;
  private silence?: SilenceWatch;
  private stable?: Subscription;

  constructor(
    private readonly stream: ConversationStream,
    private readonly subscriber: Subscriber<ReconnectEvent>,
  ) {
    const { options } = stream;
    const fresh = stream.takeFreshUrl();
    if (fresh) this.open(fresh);
    else if (options.catchUp && options.getWatermark() === undefined) this.catchUp();
    else this.ask();
  }

  private catchUp(): void {
    const { options } = this.stream;
    // called as a method: the options may be an object whose methods read `this`
    const call = defer(() => (options.catchUp ? options.catchUp() : EMPTY)).subscribe({
      next: (activitySet) => this.subscriber.next({ type: 'activitySet', activitySet }),
      error: (err) => this.subscriber.error(err),
      complete: () => this.ask(),
    });
    if (!call.closed) this.call = call;
  }

  private ask(): void {
    const { options } = this.stream;
    let answered = false;
    const call = defer(() => options.getConversation(options.getWatermark())).subscribe({
      next: (conversation) => {
        answered = true;
        if (!conversation.streamUrl) this.subscriber.error(new DirectLineError('Get conversation answered no streamUrl', { code: 'BadResponse', retryable: true }));
        else this.open(conversation.streamUrl, { type: 'conversation', conversation });
      },
      error: (err) => this.subscriber.error(err),
      // an answer without a conversation ends the attempt like a closed stream
      complete: () => {
        this.call = undefined;
        if (!answered) this.subscriber.error(streamEnded());
      },
    });
    if (!call.closed) this.call = call;
  }

  private open(url: string, first?: ReconnectEvent): void {
    if (first) this.subscriber.next(first);
    if (this.subscriber.closed) return;
    const { stream } = this;
    this.silence = new SilenceWatch(stream.scheduler, stream.silenceMs, this);
    this.socket = stream.options.openSocket(url).subscribe(this);
  }

  /** A socket event: open, or a frame. */
  next(event: StreamEvent): void {
    this.silence?.touch();
    const { stream } = this;
    if (event.type === 'open') {
      this.opened = true;
      stream.handshakeFailures = 0;
      // Reached Online: the budget starts again; the backoff only once the stay lasts.
      markOnline(stream.count);
      this.subscriber.next(ONLINE);
      this.stable = stream.scheduler.schedule(settle, stream.stableMs, this);
      return;
    }
    const frame = parseFrame(event.data);
    if (frame.kind === 'activitySet') this.subscriber.next({ type: 'activitySet', activitySet: frame.activitySet });
  }

  error(err: unknown): void {
    this.subscriber.error(this.stream.failed(this.opened, err));
  }

  /** A stream never ends by itself; if it does, that is a close like any other. */
  complete(): void {
    this.subscriber.error(streamEnded());
  }

  onSilence(): void {
    const { silenceMs } = this.stream;
    this.error(new DirectLineError(`No frame for ${silenceMs} ms: the socket is dead`, { code: 'SocketSilent', retryable: true }));
  }

  /** Online for `stableMs`: the backoff is back at its first step. */
  settled(): void {
    this.stable = undefined;
    markStable(this.stream.count);
  }

  unsubscribe(): void {
    this.silence?.unsubscribe();
    this.stable?.unsubscribe();
    this.socket?.unsubscribe();
    this.call?.unsubscribe();
  }
}

function settle(this: SchedulerAction<Attempt>, attempt?: Attempt): void {
  attempt?.settled();
}
