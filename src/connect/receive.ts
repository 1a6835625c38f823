import { EMPTY, Observable, merge, throwError } from 'rxjs';
import { catchError, share, switchMap } from 'rxjs/operators';
import { ConnectionStatus } from '../connection-status';
import type { Credentials } from '../credentials';
import { getActivities, getConversation } from '../http/calls';
import type { ConnectOptions, DebugEvent } from '../options';
import type { BoundedSet } from '../operators/dedupe';
import type { ReconnectEvent } from '../operators/events';
import { poll$ } from '../operators/polling';
import { streamConversation, WEBSOCKET_UNAVAILABLE } from '../operators/reconnect';
import type { StreamSource } from '../operators/reconnect';
import type { RetryOptions } from '../operators/retry-policy';
import { deliverSet } from '../operators/watermark';
import type { Activity } from '../protocol/activity';
import { asDirectLineError } from '../protocol/errors';
import type { DirectLineError } from '../protocol/errors';
import { openStream } from '../stream/websocket';
import type { ConversationSource } from './conversation-source';
import type { Ending } from './ending';
import type { PostEchoes } from './post-echoes';
import type { SessionStore } from './session-store';
import type { StatusStore } from './status-store';

/** The options of `connect()` that shape how activities are received. */
export type ReceiveSettings = Pick<
  ConnectOptions,
  'webSocket' | 'pollingInterval' | 'silenceMs' | 'stableMs' | 'streamUrlLifetimeMs' | 'fallbackToPollingAfter' | 'webSocketFactory' | 'maxResponseBytes' | 'onConversation'
>;

export interface ReceiveParts {
  settings: ReceiveSettings;
  retry: RetryOptions;
  credentials: Credentials;
  conversation: ConversationSource;
  session: SessionStore;
  status: StatusStore;
  ending: Ending;
  /** Ids already delivered, kept across subscriptions. */
  seen: BoundedSet<string>;
  echoes: PostEchoes;
  debug: (event: DebugEvent) => void;
}

/**
 * Receives one conversation's activity sets: over a WebSocket (the stream `reconnect$` switches to), falling back
 * to polling after repeated handshake failures while HTTP works; or by polling alone.
 */
export function receivePath(source: StreamSource, parts: ReceiveParts): Observable<ReconnectEvent> {
  const { settings, credentials, session } = parts;
  const { conversationId } = source;
  const polling = () =>
    poll$({
      ...parts.retry,
      pollingInterval: settings.pollingInterval,
      getActivities: (watermark) => getActivities(credentials.http(), conversationId, watermark),
      getWatermark: () => session.value.watermark,
    });
  if (settings.webSocket === false) return polling();
  const stream$ = streamConversation(source, {
    ...parts.retry,
    getConversation: (watermark) => getConversation(credentials.http(), conversationId, watermark),
    openSocket: (url) => openStream(url, settings.webSocketFactory, settings.maxResponseBytes),
    getWatermark: () => session.value.watermark,
    catchUp: () => getActivities(credentials.http(), conversationId),
    silenceMs: settings.silenceMs,
    stableMs: settings.stableMs,
    streamUrlLifetimeMs: settings.streamUrlLifetimeMs,
    fallbackToPollingAfter: settings.fallbackToPollingAfter,
  });
  return stream$.pipe(
    catchError((err) => {
      const error = asDirectLineError(err);
      if (error.code !== WEBSOCKET_UNAVAILABLE) return throwError(() => error);
      parts.debug({ type: 'fallback', to: 'polling', error });
      return polling();
    }),
  );
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
 * resumed), receives it (with token refresh alongside), delivers each activity exactly once and in
 * order, records the watermark after delivery, notes the echoes of our posts, and turns failures
 * into status. When the last subscriber leaves, the socket closes and the status is no longer Online.
 *
 * The steps after the receive path are written as one subscriber (not a tap, filter, map, deliver,
 * tap, catchError, takeUntil, finalize chain): an idle connection holds one object for them, and
 * an activity goes through one function call on its way out.
 */
export function receiveActivities(parts: ReceiveParts): Observable<Activity> {
  const { conversation, credentials, session, status, ending, echoes, seen } = parts;
  let gone: DirectLineError | undefined; // the conversation is gone (404): nothing can bring it back
  const onWatermark = (watermark: string) => session.update({ watermark });
  const note = (activity: Activity) => echoes.note(activity);
  return new Observable<Activity>((subscriber) => {
    if (ending.ended) {
      subscriber.complete();
      return undefined;
    }
    if (gone) {
      subscriber.error(gone);
      return undefined;
    }
    status.set(ConnectionStatus.Connecting);
    const events$ = conversation.id$().pipe(switchMap((id) => receivePath(conversation.takeStream(id), parts)));
    const refresh = credentials.refreshLoop();
    const stop = ending.ended$.subscribe(() => subscriber.complete());
    const run = (refresh === EMPTY ? events$ : merge(events$, refresh)).subscribe({
      next: (event) => {
        follow(event, parts);
        if (event.type === 'activitySet') deliverSet(event.activitySet, subscriber, seen, onWatermark, note);
      },
      error: (err) => {
        const error = asDirectLineError(err);
        if (error.status === 404) gone = error;
        status.fail(error);
        subscriber.error(error);
      },
      complete: () => subscriber.complete(),
    });
    return () => {
      stop.unsubscribe();
      run.unsubscribe();
      status.idle();
    };
  }).pipe(share());
}
