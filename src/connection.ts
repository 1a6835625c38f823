import { BehaviorSubject, EMPTY, Observable, Subject, asyncScheduler, defer, merge, of, throwError } from 'rxjs';
import { catchError, distinctUntilChanged, filter, finalize, map, retry, share, switchMap, takeUntil, tap } from 'rxjs/operators';
import type { Activity, ActivitySet, ChannelAccount, Conversation } from './protocol/activity';
import { DirectLineError, asDirectLineError } from './protocol/errors';
import * as calls from './http/calls';
import { upload } from './http/upload';
import type { UploadEvent, UploadFile } from './http/upload';
import { ConnectionStatus } from './connection-status';
import { Credentials } from './credentials';
import { defaultOnline$ } from './environment/online';
import { BoundedSet, DEFAULT_DEDUPE_CAPACITY } from './operators/dedupe';
import type { ReconnectEvent } from './operators/events';
import { reconnect$, WEBSOCKET_UNAVAILABLE } from './operators/reconnect';
import type { StreamSource } from './operators/reconnect';
import { retryCall, waitOnline } from './operators/retry-policy';
import type { RetryOptions } from './operators/retry-policy';
import { deliverActivities } from './operators/watermark';
import { startOnce } from './operators/start-once';
import { poll$ } from './operators/polling';
import { openStream } from './stream/websocket';
import type { ConnectOptions, SessionState } from './options';
import { prepareActivity, validateOptions } from './validate';
import { PostEchoes, clientActivityIdOf, withClientActivityId } from './post-echoes';

/**
 * A connection to one conversation, as `connect()` returns it.
 *
 * @example
 * ```ts
 * const conn = connect({ token });
 * conn.activity$.subscribe((activity) => render(activity));
 * conn.postActivity({ type: 'message', text: 'hello' }).subscribe((id) => console.log('sent as', id));
 * ```
 */
export interface DirectLineConnection {
  /** Every activity of the conversation, exactly once, in order. Shared and lazily started. */
  readonly activity$: Observable<Activity>;
  /** The current status first, then every change. Completes after Ended on `end()`. */
  readonly connectionStatus$: Observable<ConnectionStatus>;
  /** What to persist to resume later: `{ conversationId, token, watermark }`, replaying the latest. */
  readonly session$: Observable<SessionState>;
  /** Posts one activity; emits the id the service gave it. Errors with DirectLineError. */
  postActivity(activity: Activity): Observable<string>;
  /** Uploads files with an activity (multipart), emitting progress then `{ type: 'done', id }`. */
  uploadActivity(activity: Activity, files: UploadFile[]): Observable<UploadEvent>;
  /** The session as it is now. */
  getSession(): SessionState;
  /** Hands a new token (after ExpiredToken, or at any time). */
  setToken(token: string): void;
  /** The session id of the Web Chat sign-in flow. */
  getSessionId(): Observable<string>;
  /** Ends the connection: activity$ completes, status emits Ended then completes, nothing is left running. */
  end(): void;
}

const MAX_POST_RETRIES = 3;

function randomClientActivityId(): string {
  return `rx-${Math.random().toString(36).slice(2, 10)}${Math.random().toString(36).slice(2, 10)}`;
}

function randomUserId(): string {
  return `user-${Math.random().toString(36).slice(2, 10)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Connects to a conversation (a new one, or one resumed from `conversationId` and `watermark`). */
export function connect(options: ConnectOptions): DirectLineConnection {
  validateOptions(options);
  const scheduler = options.scheduler ?? asyncScheduler;
  const debug = options.debug ?? (() => undefined);
  let user: ChannelAccount = options.user ? { ...options.user } : { id: randomUserId() };
  let adoptable = options.adoptUser === true && !options.user;
  /** With adoptUser, the first posted `from.id` becomes the user (once, before anything was posted). */
  const adopt = (activity: Activity) => {
    if (!adoptable) return;
    adoptable = false;
    const from = activity && typeof activity === 'object' ? activity.from : undefined;
    if (from && typeof from.id === 'string' && from.id !== '') user = { id: from.id, ...(typeof from.name === 'string' ? { name: from.name } : {}) };
  };
  const status = new BehaviorSubject<ConnectionStatus>(ConnectionStatus.Uninitialized);
  const ended$ = new Subject<void>();
  let ended = false;
  let terminal: DirectLineError | undefined; // the conversation is gone (404): nothing can bring it back
  const seen = new BoundedSet<string>(options.dedupeCapacity ?? DEFAULT_DEDUPE_CAPACITY);
  const echoes = new PostEchoes(() => user.id);

  const session = new BehaviorSubject<SessionState>({ conversationId: options.conversationId, token: options.token, watermark: options.watermark });
  const updateSession = (patch: Partial<SessionState>) => {
    const next = { ...session.value, ...patch };
    if (next.conversationId !== session.value.conversationId || next.token !== session.value.token || next.watermark !== session.value.watermark) session.next(next);
  };

  const setStatus = (next: ConnectionStatus) => {
    if (ended || status.value === next) return;
    status.next(next);
    debug({ type: 'status', status: next });
  };

  const credentials = new Credentials({
    secret: options.secret,
    token: options.token,
    tokenProvider: options.tokenProvider,
    refreshIntervalMs: options.refreshIntervalMs ?? 15 * 60 * 1000,
    scheduler,
    http: { domain: options.domain, createXHR: options.createXHR, requestTimeoutMs: options.requestTimeoutMs, maxResponseBytes: options.maxResponseBytes, scheduler, botAgent: options.botAgent },
    onToken: (token) => updateSession({ token }),
    onExpired: () => setStatus(ConnectionStatus.ExpiredToken),
    onRefreshed: () => debug({ type: 'tokenRefreshed' }),
    onRefreshFailed: (error) => debug({ type: 'tokenRefreshFailed', error }),
  });
  const http = () => credentials.http();

  const retryOptions: RetryOptions = {
    backoff: options.backoff,
    maxRetries: options.maxRetries,
    random: options.random,
    online$: options.online$ ?? defaultOnline$(),
    scheduler,
    onForbidden: (error) => credentials.renew(error),
  };

  // The conversation: resumed from options, or started once (shared by activity$ and posts).
  let pendingStream: StreamSource | undefined = options.conversationId
    ? { conversationId: options.conversationId, streamUrl: options.streamUrl, receivedAt: scheduler.now() }
    : undefined;
  // One conversation per connection, ever: retried by the policy, shared by the stream and posts.
  const start$ = defer(() => credentials.ensure()).pipe(
    switchMap(() => calls.startConversation(http(), { user: adoptable ? undefined : user, locale: options.locale })),
    retryCall<Conversation>(retryOptions, (attempt, delayMs, error) => debug({ type: 'retry', attempt, delayMs, error })),
    map((conversation) => {
      options.onConversation?.(conversation);
      credentials.apply(conversation);
      pendingStream = { ...conversation, receivedAt: scheduler.now() };
      updateSession({ conversationId: conversation.conversationId });
      return conversation.conversationId;
    }),
    startOnce(),
  );
  const conversationId$ = (): Observable<string> => defer(() => (session.value.conversationId ? of(session.value.conversationId) : start$));

  const polling = (conversationId: string) =>
    poll$({
      ...retryOptions,
      pollingInterval: options.pollingInterval,
      getActivities: (watermark) => calls.getActivities(http(), conversationId, watermark),
      getWatermark: () => session.value.watermark,
    });

  const streaming = (source: StreamSource) =>
    of(source).pipe(
      reconnect$({
        ...retryOptions,
        getConversation: (watermark) => calls.getConversation(http(), source.conversationId, watermark),
        openSocket: (url) => openStream(url, options.webSocketFactory, options.maxResponseBytes),
        getWatermark: () => session.value.watermark,
        catchUp: () => calls.getActivities(http(), source.conversationId),
        silenceMs: options.silenceMs,
        stableMs: options.stableMs,
        streamUrlLifetimeMs: options.streamUrlLifetimeMs,
        fallbackToPollingAfter: options.fallbackToPollingAfter,
      }),
      catchError((err) => {
        const error = asDirectLineError(err);
        if (error.code !== WEBSOCKET_UNAVAILABLE) return throwError(() => error);
        debug({ type: 'fallback', to: 'polling', error });
        return polling(source.conversationId);
      }),
    );

  const onEvent = (event: ReconnectEvent) => {
    switch (event.type) {
      case 'connecting':
        setStatus(ConnectionStatus.Connecting);
        if (event.attempt > 0) debug({ type: 'retry', attempt: event.attempt, delayMs: event.delayMs, error: event.error });
        break;
      case 'conversation':
        options.onConversation?.(event.conversation);
        credentials.apply(event.conversation);
        break;
      case 'online':
        setStatus(ConnectionStatus.Online);
        break;
    }
  };

  const receive$ = defer((): Observable<Activity> => {
    if (ended) return EMPTY;
    if (terminal) return throwError(() => terminal);
    setStatus(ConnectionStatus.Connecting);
    const events$ = conversationId$().pipe(
      switchMap((conversationId) => {
        const source: StreamSource = pendingStream && pendingStream.conversationId === conversationId ? pendingStream : { conversationId };
        pendingStream = undefined;
        return options.webSocket === false ? polling(conversationId) : streaming(source);
      }),
    );
    return merge(events$, credentials.refreshLoop()).pipe(
      tap(onEvent),
      filter((e): e is Extract<ReconnectEvent, { type: 'activitySet' }> => e.type === 'activitySet'),
      map((e): ActivitySet => e.activitySet),
      deliverActivities({ seen, onWatermark: (watermark) => updateSession({ watermark }) }),
      tap((activity) => echoes.note(activity)),
      catchError((err) => {
        const error = asDirectLineError(err);
        if (error.status === 404) {
          terminal = error;
          setStatus(ConnectionStatus.Ended);
        } else {
          setStatus(ConnectionStatus.FailedToConnect);
        }
        debug({ type: 'failed', error });
        return throwError(() => error);
      }),
      takeUntil(ended$),
      finalize(() => {
        // Nobody listens any more: the socket is closed, so never claim to be Online.
        const s = status.value;
        if (s === ConnectionStatus.Online || s === ConnectionStatus.Connecting || s === ConnectionStatus.ExpiredToken) setStatus(ConnectionStatus.Uninitialized);
      }),
    );
  }).pipe(share());

  const endedError = () => new DirectLineError('The connection has ended', { code: 'Ended' });
  /** Runs `source` until end(), which aborts it with an Ended error. */
  const untilEnded = <T>(source: Observable<T>): Observable<T> =>
    new Observable<T>((subscriber) => {
      if (ended) {
        subscriber.error(endedError());
        return undefined;
      }
      const stop = ended$.subscribe(() => subscriber.error(endedError()));
      const run = source.subscribe(subscriber);
      return () => {
        stop.unsubscribe();
        run.unsubscribe();
      };
    });

  const postActivity = (activity: Activity): Observable<string> =>
    defer(() => {
      adopt(activity);
      const prepared = withClientActivityId(prepareActivity(activity, user), randomClientActivityId);
      const send$ = conversationId$().pipe(
        switchMap((conversationId) => calls.postActivity(http(), conversationId, prepared)),
        retry({
          delay: (err, n) => {
            const error = asDirectLineError(err);
            // Only where nothing can have been processed: throttled, or overloaded with Retry-After.
            const resend = n <= MAX_POST_RETRIES && error.retryAfterMs !== undefined && (error.status === 429 || error.status === 503);
            return resend ? waitOnline(error.retryAfterMs as number, retryOptions.online$, scheduler) : throwError(() => error);
          },
        }),
      );
      return new Observable<string>((subscriber) => {
        if (ended) {
          subscriber.error(endedError());
          return undefined;
        }
        const key = clientActivityIdOf(prepared);
        const pending = key === undefined ? undefined : echoes.expect(key);
        // The HTTP answer is lost (end(), network): the post still succeeded if its echo came back.
        const fail = (error: DirectLineError) => {
          if (pending?.id !== undefined) {
            subscriber.next(pending.id);
            subscriber.complete();
          } else subscriber.error(error);
        };
        const stop = ended$.subscribe(() => fail(endedError()));
        const run = send$.subscribe({
          next: (id) => subscriber.next(id),
          error: (err) => fail(asDirectLineError(err)),
          complete: () => subscriber.complete(),
        });
        return () => {
          stop.unsubscribe();
          run.unsubscribe();
          if (pending) echoes.forget(pending);
        };
      });
    }).pipe(catchError((err) => throwError(() => asDirectLineError(err))));

  const uploadActivity = (activity: Activity, files: UploadFile[]): Observable<UploadEvent> =>
    untilEnded(
      defer(() => {
        adopt(activity);
        const prepared = prepareActivity(activity, user);
        if (!Array.isArray(files) || files.length === 0) throw new DirectLineError('uploadActivity needs at least one file', { code: 'InvalidActivity' });
        return conversationId$().pipe(switchMap((conversationId) => upload(http(), conversationId, user.id, files, prepared)));
      }),
    ).pipe(catchError((err) => throwError(() => asDirectLineError(err))));

  const end = () => {
    if (ended) return;
    status.next(ConnectionStatus.Ended);
    debug({ type: 'status', status: ConnectionStatus.Ended });
    ended = true;
    ended$.next();
    ended$.complete();
    status.complete();
    session.complete();
  };

  return {
    activity$: receive$,
    connectionStatus$: status.pipe(distinctUntilChanged()),
    session$: session.asObservable(),
    postActivity,
    uploadActivity,
    getSession: () => ({ ...session.value }),
    setToken: (token: string) => credentials.setToken(token),
    getSessionId: () => untilEnded(calls.getSessionId(http())),
    end,
  };
}
