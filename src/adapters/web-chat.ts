import { BehaviorSubject, Observable, ReplaySubject, Subscription, asyncScheduler, defer, throwError } from 'rxjs';
import { filter, finalize, map, switchMap, take, tap, throwIfEmpty } from 'rxjs/operators';
import { connect } from '../connection';
import type { DirectLineConnection } from '../connection';
import { ConnectionStatus } from '../connection-status';
import type { UploadEvent } from '../http/upload';
import { BoundedSet, DEFAULT_DEDUPE_CAPACITY } from '../operators/dedupe';
import type { ConnectOptions, SessionState } from '../options';
import type { Activity, Conversation } from '../protocol/activity';
import { DirectLineError } from '../protocol/errors';
import { endedError } from '../connect/ending';
import { clientActivityIdOf } from '../connect/post-echoes';
import { CurrentValue } from './current-value';
import { DEFAULT_SENDING_GRACE_MS, SendingGrace } from './sending-grace';
import { hasLocalAttachments, toUpload } from './local-attachments';

/** What the official client sends when it starts a conversation. */
export interface ConversationStartProperties {
  /** A BCP 47 language tag, e.g. `fr-FR`. */
  locale?: string;
}

/**
 * Options of `createDirectLine`: every option of `connect()`, plus the names the official client
 * (botframework-directlinejs) uses for the same things.
 */
export interface DirectLineOptions extends ConnectOptions {
  /** HTTP request timeout, ms: the official client's name for `requestTimeoutMs`. */
  timeout?: number;
  /** Sent with the start of the conversation (`locale`). */
  conversationStartProperties?: ConversationStartProperties;
  /** Activities kept to replay to a later subscriber of `activity$`. Default 10 000. */
  historyCapacity?: number;
  /**
   * While a message from Web Chat waits for its echo, a reconnect is reported as Connecting only
   * once it has lasted this long, ms (Web Chat fails every message in flight when the status
   * leaves Online, and its Retry would send it twice). Default 5 000; 0 reports at once.
   */
  sendingGraceMs?: number;
}

/** The object Web Chat (botframework-webchat 4.x) takes as its `directLine` prop. */
export interface WebChatDirectLine {
  /**
   * Every activity of the conversation once per subscriber, in order. Each subscriber first gets
   * what was delivered before it subscribed (up to `historyCapacity`), then the new ones.
   */
  readonly activity$: Observable<Activity>;
  /** The status numbers of the official client; replays the current one, which `value` also holds. */
  readonly connectionStatus$: CurrentValue<ConnectionStatus>;
  /** What to persist to resume later: `{ conversationId, token, watermark }`. */
  readonly session$: Observable<SessionState>;
  /** The `referenceGrammarId` of the conversation, once the service gave one. */
  readonly referenceGrammarId?: string;
  /** The current token (Web Chat reads the user id a token carries from it). */
  readonly token?: string;
  /** The conversation id, once the conversation started. */
  readonly conversationId?: string;
  /** Posts one activity (or uploads it with its `blob:` / `data:` attachments); emits the id or errors. */
  postActivity(activity: Activity): Observable<string>;
  /** Ends the connection: `activity$` completes, `connectionStatus$` emits Ended and completes. */
  end(): void;
  /** The session id of the Web Chat sign-in flow. */
  getSessionId(): Observable<string>;
  /**
   * The user id to post as (Web Chat calls it with its `userID` when it connects). Ignored once the
   * user is fixed: given in the options, set before, or taken from the first post.
   */
  setUserId(userId: string): void;
  /**
   * Continues with the answer of `GET /conversations/{id}?watermark=` that the application's
   * backend obtained: its token, and its `streamUrl` while still fresh (else a new one is asked
   * for). Replays from the newest watermark; nothing is lost or repeated.
   */
  reconnect(conversation: Conversation): void;
  /** Hands a new token (after ExpiredToken, or at any time). */
  setToken(token: string): void;
  /** The session as it is now. */
  getSession(): SessionState;
}

export type ConnectFunction = (options: ConnectOptions) => DirectLineConnection;

const invalid = (message: string) => new DirectLineError(message, { code: 'InvalidOptions' });

function checkOptions(options: DirectLineOptions): void {
  if (!options || typeof options !== 'object') throw invalid('createDirectLine() needs an options object');
  const { timeout, conversationStartProperties: start, historyCapacity, sendingGraceMs } = options;
  if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout > 0))) throw invalid('`timeout` must be a positive number of ms');
  if (start !== undefined && (typeof start !== 'object' || start === null)) throw invalid('`conversationStartProperties` must be an object');
  if (start?.locale !== undefined && (typeof start.locale !== 'string' || start.locale === '')) throw invalid('`conversationStartProperties.locale` must be a BCP 47 language tag');
  if (historyCapacity !== undefined && (!Number.isInteger(historyCapacity) || historyCapacity < 0)) throw invalid('`historyCapacity` must be a whole number');
  if (sendingGraceMs !== undefined && (typeof sendingGraceMs !== 'number' || !(sendingGraceMs >= 0) || sendingGraceMs > 2147483647)) throw invalid('`sendingGraceMs` must be a number of ms from 0');
}

function checkUserId(userId: unknown): asserts userId is string {
  if (typeof userId !== 'string' || userId === '') throw invalid('A user id must be a non-empty string');
  if (/^dl_/.test(userId)) throw invalid('User ids beginning "dl_" are reserved for ids embedded in a token');
}

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
  const history = new ReplaySubject<Activity>(historyCapacity ?? 10000);
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
    getSessionId: () =>
      defer(() => {
        if (ended) return throwError(() => endedError());
        used = true;
        return current.getSessionId();
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
