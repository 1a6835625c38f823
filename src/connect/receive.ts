import { EMPTY, Observable, defer, merge, of, throwError } from 'rxjs';
import { catchError, filter, finalize, map, share, switchMap, takeUntil, tap } from 'rxjs/operators';
import { ConnectionStatus } from '../connection-status';
import type { Credentials } from '../credentials';
import { getActivities, getConversation } from '../http/calls';
import type { ConnectOptions, DebugEvent } from '../options';
import type { BoundedSet } from '../operators/dedupe';
import type { ReconnectEvent } from '../operators/events';
import { poll$ } from '../operators/polling';
import { reconnect$, WEBSOCKET_UNAVAILABLE } from '../operators/reconnect';
import type { StreamSource } from '../operators/reconnect';
import type { RetryOptions } from '../operators/retry-policy';
import { deliverActivities } from '../operators/watermark';
import type { Activity, ActivitySet } from '../protocol/activity';
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
 * Receives one conversation's activity sets: over a WebSocket through `reconnect$`, falling back
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
  return of(source).pipe(
    reconnect$({
      ...parts.retry,
      getConversation: (watermark) => getConversation(credentials.http(), conversationId, watermark),
      openSocket: (url) => openStream(url, settings.webSocketFactory, settings.maxResponseBytes),
      getWatermark: () => session.value.watermark,
      catchUp: () => getActivities(credentials.http(), conversationId),
      silenceMs: settings.silenceMs,
      stableMs: settings.stableMs,
      streamUrlLifetimeMs: settings.streamUrlLifetimeMs,
      fallbackToPollingAfter: settings.fallbackToPollingAfter,
    }),
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

const isActivitySet = (e: ReconnectEvent): e is Extract<ReconnectEvent, { type: 'activitySet' }> => e.type === 'activitySet';

/**
 * The connection's `activity$`: lazily started and shared. It gets the conversation (started or
 * resumed), receives it (with token refresh alongside), delivers each activity exactly once and in
 * order, records the watermark after delivery, notes the echoes of our posts, and turns failures
 * into status. When the last subscriber leaves, the socket closes and the status is no longer Online.
 */
export function receiveActivities(parts: ReceiveParts): Observable<Activity> {
  const { conversation, credentials, session, status, ending, echoes } = parts;
  let gone: DirectLineError | undefined; // the conversation is gone (404): nothing can bring it back
  return defer((): Observable<Activity> => {
    if (ending.ended) return EMPTY;
    if (gone) return throwError(() => gone);
    status.set(ConnectionStatus.Connecting);
    const events$ = conversation.id$().pipe(switchMap((id) => receivePath(conversation.takeStream(id), parts)));
    return merge(events$, credentials.refreshLoop()).pipe(
      tap((event) => follow(event, parts)),
      filter(isActivitySet),
      map((event): ActivitySet => event.activitySet),
      deliverActivities({ seen: parts.seen, onWatermark: (watermark) => session.update({ watermark }) }),
      tap((activity) => echoes.note(activity)),
      catchError((err) => {
        const error = asDirectLineError(err);
        if (error.status === 404) gone = error;
        status.fail(error);
        return throwError(() => error);
      }),
      takeUntil(ending.ended$),
      finalize(() => status.idle()),
    );
  }).pipe(share());
}
