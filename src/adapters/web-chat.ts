import { BehaviorSubject, Observable, ReplaySubject, Subscription, asyncScheduler, defer, of, throwError } from 'rxjs';
import { catchError, filter, finalize, map, switchMap, take, tap, throwIfEmpty } from 'rxjs/operators';
import { connect } from '../connection';
import type { DirectLineConnection } from '../connection';
import { ConnectionStatus } from '../connection-status';
import type { UploadEvent } from '../http/upload';
import { DEFAULT_DEDUPE_CAPACITY, DEFAULT_HISTORY_CAPACITY, DEFAULT_SENDING_GRACE_MS } from '../defaults';
import { BoundedSet } from '../operators/dedupe';
import type { ConnectOptions, SessionState } from '../options';
import type { Activity, Conversation } from '../protocol/activity';
import { DirectLineError, asDirectLineError } from '../protocol/errors';
import { endedError } from '../connect/ending';
import { clientActivityIdOf } from '../connect/post-echoes';
import { CurrentValue } from './current-value';
import { checkOptions, checkUserId, invalid } from './web-chat-options';
import type { ConnectFunction, DirectLineOptions, WebChatDirectLine } from './web-chat-options';
import { SendingGrace } from './sending-grace';
import { hasLocalAttachments, toUpload } from './local-attachments';

export type { ConnectFunction, ConversationStartProperties, DirectLineOptions, WebChatDirectLine } from './web-chat-options';

/** `createDirectLine` over a given `connect` (the Node entry passes its own, with ws and xhr2). */
export function createWebChatDirectLine(options: DirectLineOptions, connectWith: ConnectFunction): WebChatDirectLine {
  checkOptions(options);
  const { timeout, conversationStartProperties, historyCapacity, sendingGraceMs, ...own } = options;
  let referenceGrammarId: string | undefined;
  const base: ConnectOptions = {
    ...own,
    locale: own.locale ?? conversationStartProperties?.locale,
    requestTimeoutMs: own.requestTimeoutMs ?? timeout,
    onConversation: (conversation) => {
      if (typeof conversation.referenceGrammarId === 'string') referenceGrammarId = conversation.referenceGrammarId;
      own.onConversation?.(conversation);
    },
  };

  // The user: given in the options, set by setUserId, or adopted from the first post's `from.id`.
  // Once fixed, every post goes out as that user, whatever `from.id` it carries (as the official client does).
  let userId = own.user?.id;
  const userOptions = (): Partial<ConnectOptions> => (userId ? { user: { ...own.user, id: userId } } : { adoptUser: true });

  const status = new BehaviorSubject<ConnectionStatus>(ConnectionStatus.Uninitialized);
  const session = new BehaviorSubject<SessionState>({ conversationId: own.conversationId, token: own.token, watermark: own.watermark });
  const history = new ReplaySubject<Activity>(historyCapacity ?? DEFAULT_HISTORY_CAPACITY);
  const delivered = new BoundedSet<string>(own.dedupeCapacity ?? DEFAULT_DEDUPE_CAPACITY);
  let ended = false;
  let listening = false;
  let used = false; // anything asked of the connection yet (listening, a post, a session id)

  let currentOptions: ConnectOptions = { ...base, ...userOptions() };
  let current: DirectLineConnection = connectWith(currentOptions);
  let links = new Subscription(); // status and session of `current`
  let upstream: Subscription | undefined; // activity$ of `current`
  const inFlight = new Map<DirectLineConnection, number>();
  const retired = new Set<DirectLineConnection>();

  const setStatus = (next: ConnectionStatus) => {
    if (!ended && status.value !== next) status.next(next);
  };
  const grace = new SendingGrace(sendingGraceMs ?? DEFAULT_SENDING_GRACE_MS, own.scheduler ?? asyncScheduler, () => status.value, setStatus);

  const attach = (connection: DirectLineConnection) => {
    links = new Subscription();
    // A connection reports Uninitialized before it starts (and if nobody listens): never a step back.
    links.add(connection.connectionStatus$.pipe(filter((s) => s !== ConnectionStatus.Uninitialized)).subscribe((s) => grace.next(s)));
    links.add(connection.session$.subscribe((s) => session.next(s)));
  };

  const listen = (connection: DirectLineConnection) => {
    upstream = connection.activity$.subscribe({
      next: (activity) => {
        const id = activity && typeof activity.id === 'string' ? activity.id : undefined;
        const echoOf = activity && typeof activity === 'object' ? clientActivityIdOf(activity) : undefined;
        if (echoOf !== undefined) grace.echoed(echoOf);
        if (id === undefined || delivered.addIfNew(id)) history.next(activity);
      },
      // The status tells the failure (FailedToConnect, ExpiredToken); reconnect() can revive it.
      // A conversation that is gone (Ended) ends this object.
      error: () => {
        if (status.value === ConnectionStatus.Ended) end();
      },
    });
  };

  const ensureListening = () => {
    if (listening || ended) return;
    listening = true;
    used = true;
    listen(current);
  };

  const endWhenIdle = (connection: DirectLineConnection) => {
    if (retired.has(connection) && !inFlight.get(connection)) {
      retired.delete(connection);
      connection.end();
    }
  };

  /** Counts `source` as in flight on `connection`, so a replaced connection ends only once it settled. */
  const tracked = <T>(connection: DirectLineConnection, source: Observable<T>): Observable<T> =>
    defer(() => {
      inFlight.set(connection, (inFlight.get(connection) ?? 0) + 1);
      return source.pipe(
        finalize(() => {
          const left = (inFlight.get(connection) ?? 1) - 1;
          if (left > 0) inFlight.set(connection, left);
          else inFlight.delete(connection);
          endWhenIdle(connection);
        }),
      );
    });

  /** Continues on a new connection; the old one ends once what is in flight on it has settled. */
  const switchTo = (nextOptions: ConnectOptions) => {
    const next = connectWith(nextOptions);
    const old = current;
    links.unsubscribe();
    upstream?.unsubscribe();
    upstream = undefined;
    retired.add(old);
    endWhenIdle(old);
    current = next;
    currentOptions = nextOptions;
    attach(next);
    if (listening) {
      setStatus(ConnectionStatus.Connecting);
      listen(next);
    }
  };

  const end = () => {
    if (ended) return;
    if (status.value !== ConnectionStatus.Ended) status.next(ConnectionStatus.Ended);
    ended = true;
    grace.cancel();
    links.unsubscribe();
    upstream?.unsubscribe();
    current.end();
    retired.forEach((c) => c.end());
    retired.clear();
    status.complete();
    session.complete();
    history.complete();
  };

  const activity$ = new Observable<Activity>((subscriber) => {
    const subscription = history.subscribe(subscriber);
    ensureListening();
    return subscription;
  });

  const postActivity = (activity: Activity): Observable<string> =>
    defer(() => {
      if (ended) return throwError(() => endedError());
      used = true;
      let outgoing = activity;
      if (outgoing && typeof outgoing === 'object') {
        const fromId = outgoing.from && typeof outgoing.from === 'object' ? outgoing.from.id : undefined;
        if (!userId && typeof fromId === 'string' && fromId !== '') userId = fromId;
        else if (userId && fromId !== userId) outgoing = { ...outgoing, from: { ...(outgoing.from ?? {}), id: userId } };
      }
      const connection = current;
      const send$: Observable<string> = hasLocalAttachments(outgoing)
        ? toUpload(outgoing).pipe(
            switchMap((upload) => connection.uploadActivity(upload.activity, upload.files)),
            filter((e: UploadEvent): e is Extract<UploadEvent, { type: 'done' }> => e.type === 'done'),
            map((e) => e.id),
            take(1),
            throwIfEmpty(() => new DirectLineError('The upload ended without an id', { code: 'BadResponse' })),
          )
        : connection.postActivity(outgoing);
      const key = outgoing && typeof outgoing === 'object' ? clientActivityIdOf(outgoing) : undefined;
      if (key === undefined) return tracked(connection, send$);
      grace.sent(key);
      return tracked(connection, send$.pipe(tap({ next: () => grace.answered(key), error: () => grace.failed(key) })));
    });

  const setUserId = (id: string) => {
    checkUserId(id);
    if (userId || ended) return;
    userId = id;
    // Nothing sent yet: start over with the user, so that the start of the conversation carries it.
    if (!used) switchTo({ ...currentOptions, ...userOptions(), adoptUser: undefined });
  };

  const reconnect = (conversation: Conversation) => {
    if (ended) throw endedError();
    if (!conversation || typeof conversation !== 'object' || typeof conversation.conversationId !== 'string' || conversation.conversationId === '') {
      throw invalid('reconnect() needs { conversationId, token, streamUrl }');
    }
    if (conversation.token !== undefined && (typeof conversation.token !== 'string' || conversation.token === '')) throw invalid('`token` must be a non-empty string');
    if (conversation.streamUrl !== undefined && typeof conversation.streamUrl !== 'string') throw invalid('`streamUrl` must be a string');
    const previous = current.getSession();
    const same = previous.conversationId === conversation.conversationId;
    switchTo({
      ...base,
      ...userOptions(),
      conversationId: conversation.conversationId,
      token: conversation.token ?? previous.token ?? own.token,
      streamUrl: conversation.streamUrl,
      watermark: same ? previous.watermark : undefined,
    });
  };

  attach(current);

  return {
    activity$,
    connectionStatus$: new CurrentValue(status),
    session$: session.asObservable(),
    get referenceGrammarId() {
      return referenceGrammarId;
    },
    get token() {
      return session.value.token ?? own.token;
    },
    get conversationId() {
      return session.value.conversationId;
    },
    postActivity,
    end,
    // Web Chat builds the sign-in URL from this: like the official client, a session id that cannot
    // be read (no cookie, a refused call) is '' so that the sign-in goes on, and the debug hook hears why.
    getSessionId: () =>
      defer(() => {
        if (ended) return throwError(() => endedError());
        used = true;
        return current.getSessionId().pipe(
          catchError((err) => {
            own.debug?.({ type: 'sessionIdUnavailable', error: asDirectLineError(err) });
            return of('');
          }),
        );
      }),
    setUserId,
    reconnect,
    setToken: (token: string) => current.setToken(token),
    getSession: () => ({ ...session.value }),
  };
}

/**
 * A drop-in for botframework-directlinejs's `DirectLine` under Web Chat 4.x, built on `connect()`:
 * `<ReactWebChat directLine={createDirectLine({ token })} />`.
 */
export function createDirectLine(options: DirectLineOptions): WebChatDirectLine {
  return createWebChatDirectLine(options, connect);
}
