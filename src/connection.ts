import { asyncScheduler } from 'rxjs';
import type { Observable } from 'rxjs';
import type { Activity } from './protocol/activity';
import type { UploadEvent, UploadFile } from './http/upload';
import { getSessionId } from './http/calls';
import { ConnectionStatus } from './connection-status';
import { Credentials } from './credentials';
import { defaultOnline$ } from './environment/online';
import { DEFAULT_DEDUPE_CAPACITY } from './defaults';
import { BoundedSet, trailingNumber } from './operators/dedupe';
import type { RetryOptions } from './operators/retry-policy';
import { newServerContact } from './operators/server-contact';
import type { ConnectOptions, SessionState } from './options';
import { validateOptions } from './validate';
import { ConversationSource } from './connect/conversation-source';
import { CredentialSettings } from './connect/credential-settings';
import { ConversationUser } from './connect/conversation-user';
import { Ending } from './connect/ending';
import { PostEchoes } from './connect/post-echoes';
import { Posts } from './connect/posts';
import { ActivityFeed } from './connect/receive';
import { SessionStore } from './connect/session-store';
import { StatusStore } from './connect/status-store';

/**
 * A connection to one conversation, as `connect()` returns it.
 *
 * @example
 * ```ts
 * const conn = connect({ token });
 * conn.activity$.subscribe((activity) => render(activity));
 * conn.postActivity({ type: 'message', text: 'hello' }).subscribe((id) => markSent(id));
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

const NO_DEBUG = (): void => undefined;

/**
 * Connects to a conversation: a new one, or one resumed from `conversationId` and `watermark`.
 *
 * Nothing is sent until the first subscription to `activity$` or the first post. Every activity
 * then arrives exactly once and in order, however often the socket drops: the connection
 * reconnects on its own from the newest watermark, falls back to polling where WebSockets fail,
 * and keeps the token fresh. `connectionStatus$` says what it is doing, and `end()` stops it all.
 *
 * @throws DirectLineError (`InvalidOptions`, `InsecureTransport`) when the options cannot work:
 * no credentials, a domain that is not an http(s) URL, a secret over plain http to a host that is
 * not loopback, …
 *
 * @example
 * ```ts
 * const conn = connect({ token, user: { id: 'user-42' } });
 * conn.activity$.subscribe((activity) => render(activity));
 * ```
 */
export function connect(options: ConnectOptions): DirectLineConnection {
  validateOptions(options);
  return new Connection(options);
}

/**
 * What `connect()` returns. A class, so that its methods live on the prototype: a connection
 * holds its parts and no closure per method.
 */
class Connection implements DirectLineConnection {
  readonly activity$: Observable<Activity>;
  readonly connectionStatus$: Observable<ConnectionStatus>;
  readonly session$: Observable<SessionState>;
  private readonly session: SessionStore;
  private readonly status: StatusStore;
  private readonly ending = new Ending();
  private readonly credentials: Credentials;
  private readonly feed: ActivityFeed;
  private readonly posts: Posts;

  constructor(options: ConnectOptions) {
    const scheduler = options.scheduler ?? asyncScheduler;
    const debug = options.debug ?? NO_DEBUG;
    const session = (this.session = new SessionStore(options));
    const status = (this.status = new StatusStore(debug));
    const { ending } = this;
    const user = new ConversationUser(options.user, options.adoptUser);
    const echoes = new PostEchoes(() => user.id);

    const credentials = (this.credentials = new Credentials(new CredentialSettings(options, scheduler, session, status, debug)));
    const retry: RetryOptions = {
      backoff: options.backoff,
      maxRetries: options.maxRetries,
      maxRetryAfterMs: options.maxRetryAfterMs,
      unreachableMs: options.unreachableMs,
      contact: newServerContact(), // one for the start and the receive path: once either reached a server, it did
      random: options.random,
      online$: options.online$ ?? defaultOnline$(),
      scheduler,
      onForbidden: (error) => credentials.renew(error),
    };
    const conversation = new ConversationSource({
      conversationId: options.conversationId,
      streamUrl: options.streamUrl,
      locale: options.locale,
      onConversation: options.onConversation,
      session,
      credentials,
      user,
      retry,
      scheduler,
      debug,
    });
    this.feed = new ActivityFeed({
      settings: options,
      retry,
      credentials,
      conversation,
      session,
      status,
      ending,
      seen: new BoundedSet<string>(options.dedupeCapacity ?? DEFAULT_DEDUPE_CAPACITY, trailingNumber),
      echoes,
      debug,
    });
    this.activity$ = this.feed.activity$;
    this.connectionStatus$ = status.changes$;
    this.session$ = session.changes$;
    this.posts = new Posts({ conversation, credentials, user, echoes, retry, ending, streaming: options.streaming === true });
  }

  postActivity(activity: Activity): Observable<string> {
    return this.posts.post(activity);
  }

  uploadActivity(activity: Activity, files: UploadFile[]): Observable<UploadEvent> {
    return this.posts.upload(activity, files);
  }

  getSession(): SessionState {
    return this.session.snapshot();
  }

  setToken(token: string): void {
    this.credentials.setToken(token);
  }

  getSessionId(): Observable<string> {
    return this.ending.untilEnded(getSessionId(this.credentials.http()));
  }

  end(): void {
    if (this.ending.ended) return;
    this.status.end(); // first, so that nothing stopping below can report another status
    this.feed.end();
    this.ending.end();
    this.status.complete();
    this.session.complete();
  }
}
