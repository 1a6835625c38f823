import { EMPTY, Observable } from 'rxjs';
import type { Observer, Subscriber, Subscription, Unsubscribable } from 'rxjs';
import { ConnectionStatus } from '../connection-status';
import type { DebugEvent } from '../options';
import type { BoundedSet } from '../operators/dedupe';
import type { ReconnectEvent } from '../operators/events';
import { poll$ } from '../operators/polling';
import { streamConversation, WEBSOCKET_UNAVAILABLE } from '../operators/reconnect';
import type { StreamSource } from '../operators/reconnect';
import { deliverSet } from '../operators/watermark';
import type { ActivityTarget } from '../operators/watermark';
import type { Activity } from '../protocol/activity';
import { asDirectLineError } from '../protocol/errors';
import type { DirectLineError } from '../protocol/errors';
import { ConversationCalls } from './conversation-calls';
import type { ConversationCallParts } from './conversation-calls';
import type { ConversationSource } from './conversation-source';
import type { Ending } from './ending';
import type { PostEchoes } from './post-echoes';
import type { StatusStore } from './status-store';
import { recordWatermark } from './watermark-bound';
import { Relay } from '../stream/relay';

/** What the activity feed is made of: the conversation's calls and settings, and the connection's parts it reports to. */
export interface ReceiveParts extends ConversationCallParts {
  conversation: ConversationSource;
  status: StatusStore;
  ending: Ending;
  /** Ids already delivered, kept across subscriptions. */
  seen: BoundedSet<string>;
  echoes: PostEchoes;
  debug: (event: DebugEvent) => void;
}

/** What each event of the receive path means for the status, the credentials and the debug hook. */
function follow(event: ReconnectEvent, parts: ReceiveParts): void {
  switch (event.type) {
    case 'connecting':
      parts.status.set(ConnectionStatus.Connecting);
      if (event.attempt > 0) parts.debug({ type: 'retry', attempt: event.attempt, delayMs: event.delayMs, error: event.error });
      break;
    case 'conversation':
      parts.settings.onConversation?.(event.conversation);
      parts.credentials.apply(event.conversation);
      break;
    case 'online':
      parts.status.set(ConnectionStatus.Online);
      break;
  }
}

/**
 * The connection's `activity$`: lazily started and shared. It gets the conversation (started or
 * resumed), receives it — over a WebSocket (the stream `reconnect$` switches to), falling back to
 * polling after repeated handshake failures while HTTP works, or by polling alone — with token
 * refresh alongside, delivers each activity exactly once and in order to every subscriber, records
 * the watermark after delivery, notes the echoes of our posts, and turns failures into status.
 * When the last subscriber leaves, the socket closes and the status is no longer Online.
 *
 * Written as one object (not share, switchMap, catchError, merge and takeUntil around a pipeline):
 * it is the observer of the receive path and the list of subscribers, so an idle connection holds
 * it and little else, and an activity goes through one function call on its way out.
 */
export class ActivityFeed {
  readonly activity$: Observable<Activity>;
  private subscribers: Subscriber<Activity>[] = [];
  /** The receive path (stream or polling). */
  private path?: Subscription;
  /** Waiting for the conversation's id (a start in progress). */
  private waitingForId?: Subscription;
  private refresh?: Subscription;
  private conversationId?: string;
  /** The path is a WebSocket stream (which may fall back to polling). */
  private streaming = false;
  /** The conversation is gone (404): nothing can bring it back. */
  private gone?: DirectLineError;
  private ended = false;
  private readonly out: ActivityTarget;
  private readonly onWatermark: (watermark: string) => void;
  private readonly onDeliver: (activity: Activity) => void;
  /** What the receive path reports to: this feed's own handlers (nothing else calls them). */
  private readonly events: Observer<ReconnectEvent>;

  constructor(private readonly parts: ReceiveParts) {
    const { session, echoes } = parts;
    this.activity$ = new Observable<Activity>((subscriber) => this.add(subscriber));
    this.out = new Fanout(this);
    this.onWatermark = (watermark) => recordWatermark(watermark, session, parts.debug);
    this.onDeliver = (activity) => echoes.note(activity);
    this.events = { next: (event) => this.onEvent(event), error: (err) => this.fail(err), complete: () => this.completeAll() };
  }

  /** Who receives activities now. */
  get audience(): readonly Subscriber<Activity>[] {
    return this.subscribers;
  }

  private add(subscriber: Subscriber<Activity>): Unsubscribable | undefined {
    if (this.ended || this.parts.ending.ended) {
      subscriber.complete();
      return undefined;
    }
    if (this.gone) {
      subscriber.error(this.gone);
      return undefined;
    }
    this.subscribers = [...this.subscribers, subscriber];
    if (this.subscribers.length === 1) this.start();
    return new Membership(this, subscriber);
  }

  /** A subscriber left; the last one stops the receive path. */
  remove(subscriber: Subscriber<Activity>): void {
    const rest = this.subscribers.filter((s) => s !== subscriber);
    if (rest.length === this.subscribers.length) return; // gone already (an error or the end took everyone out)
    this.subscribers = rest;
    if (rest.length === 0) this.stop();
  }

  private start(): void {
    const { parts } = this;
    parts.status.set(ConnectionStatus.Connecting);
    const refresh = parts.credentials.refreshLoop();
    if (refresh !== EMPTY) this.refresh = refresh.subscribe({ error: (err) => this.fail(err) });
    let received = false;
    const waiting = parts.conversation.id$().subscribe({
      next: (id) => {
        received = true;
        this.waitingForId = undefined;
        this.receive(parts.conversation.takeStream(id));
      },
      error: (err) => this.fail(err),
      complete: () => {
        if (!received) this.completeAll();
      },
    });
    if (!waiting.closed && !received) this.waitingForId = waiting;
  }

  private receive(source: StreamSource): void {
    const calls = new ConversationCalls(this.parts, source.conversationId);
    this.conversationId = source.conversationId;
    this.streaming = this.parts.settings.webSocket !== false;
    const path = this.streaming ? streamConversation(source, calls) : poll$(calls);
    const run = path.subscribe(new Relay(this.events));
    if (!run.closed) this.path = run;
  }

  /** Stops receiving (nobody listens, or the end): no socket stays open, and the status is no longer Online. */
  private stop(): void {
    const { path, waitingForId, refresh } = this;
    this.path = this.waitingForId = this.refresh = undefined;
    waitingForId?.unsubscribe();
    path?.unsubscribe();
    refresh?.unsubscribe();
    this.parts.status.idle();
  }

  /** Takes every subscriber out and stops: each hears the end after the receive path is gone. */
  private finish(): Subscriber<Activity>[] {
    const subscribers = this.subscribers;
    this.subscribers = [];
    this.stop();
    return subscribers;
  }

  /** An event of the receive path. */
  private onEvent(event: ReconnectEvent): void {
    follow(event, this.parts);
    if (event.type === 'activitySet') deliverSet(event.activitySet, this.out, this.parts.seen, this.onWatermark, this.onDeliver);
  }

  /** The receive path failed for good (or could not start): every subscriber hears the error. */
  private fail(err: unknown): void {
    const { parts } = this;
    const error = asDirectLineError(err);
    if (this.streaming && error.code === WEBSOCKET_UNAVAILABLE && this.conversationId !== undefined) {
      this.streaming = false;
      parts.debug({ type: 'fallback', to: 'polling', error });
      this.path = undefined;
      const run = poll$(new ConversationCalls(parts, this.conversationId)).subscribe(new Relay(this.events));
      if (!run.closed) this.path = run;
      return;
    }
    if (error.status === 404) this.gone = error;
    parts.status.fail(error);
    for (const subscriber of this.finish()) subscriber.error(error);
  }

  /** The receive path ended: every subscriber completes. */
  private completeAll(): void {
    for (const subscriber of this.finish()) subscriber.complete();
  }

  /** The connection ended: every subscriber completes, and later ones complete at once. */
  end(): void {
    this.ended = true;
    this.completeAll();
  }
}

/** Where a set's activities go: every subscriber of the feed. */
class Fanout implements ActivityTarget {
  constructor(private readonly feed: ActivityFeed) {}

  /** Everybody left. */
  get closed(): boolean {
    return this.feed.audience.length === 0;
  }

  next(activity: Activity): void {
    // The list is replaced (never changed in place) when someone comes or goes: this loop sees the audience as it was.
    for (const subscriber of this.feed.audience) subscriber.next(activity);
  }
}

/** One subscriber's place in the feed; unsubscribing gives it up. */
class Membership implements Unsubscribable {
  constructor(
    private readonly feed: ActivityFeed,
    private readonly subscriber: Subscriber<Activity>,
  ) {}

  unsubscribe(): void {
    this.feed.remove(this.subscriber);
  }
}
