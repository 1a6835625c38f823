import { Observable, catchError, defer, map, of, switchMap } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import type { Credentials } from '../credentials';
import { startConversation } from '../http/calls';
import { domainNotFound } from '../http/domain';
import { asDirectLineError } from '../protocol/errors';
import type { DebugEvent } from '../options';
import type { StreamSource } from '../operators/reconnect';
import { retryCall } from '../operators/retry-policy';
import type { RetryOptions } from '../operators/retry-policy';
import { startOnce } from '../operators/start-once';
import type { Conversation } from '../protocol/activity';
import type { ConversationUser } from './conversation-user';
import type { SessionStore } from './session-store';

export interface ConversationSourceOptions {
  /** Resume this conversation instead of starting one. */
  conversationId?: string;
  /** A streamUrl already obtained for `conversationId`. */
  streamUrl?: string;
  locale?: string;
  session: SessionStore;
  credentials: Credentials;
  user: ConversationUser;
  retry: RetryOptions;
  scheduler: SchedulerLike;
  debug: (event: DebugEvent) => void;
  onConversation?: (conversation: Conversation) => void;
}

/**
 * The connection's one conversation: resumed from the options, or started once — by the stream
 * or a post, whichever needs it first — retried by the policy, and never started twice.
 */
export class ConversationSource {
  /** The streamUrl that came with the conversation, until the stream takes it. */
  private pending?: StreamSource;
  /** Starts the conversation once; built when first needed, and only its id kept once it started. */
  private start$?: Observable<string>;

  constructor(private readonly options: ConversationSourceOptions) {
    if (options.conversationId)
      this.pending = { conversationId: options.conversationId, streamUrl: options.streamUrl, receivedAt: options.scheduler.now() };
  }

  private startOnce(): Observable<string> {
    const { options } = this;
    const { credentials, scheduler, session } = options;
    return defer(() => credentials.ensure()).pipe(
      switchMap(() => startConversation(credentials.http(), { user: options.user.forStart(), locale: options.locale })),
      retryCall<Conversation>(options.retry, (attempt, delayMs, error) => options.debug({ type: 'retry', attempt, delayMs, error })),
      // A conversation not started yet cannot be missing: a 404 says the domain is wrong.
      catchError((err) => {
        const error = asDirectLineError(err);
        throw error.status === 404 ? domainNotFound(error, credentials.http().domain) : error;
      }),
      map((conversation) => {
        options.onConversation?.(conversation);
        credentials.apply(conversation);
        this.pending = { ...conversation, receivedAt: scheduler.now() };
        session.update({ conversationId: conversation.conversationId });
        // Started: later callers get the id alone, and the chain that started it can go.
        this.start$ = of(conversation.conversationId);
        return conversation.conversationId;
      }),
      startOnce(),
    );
  }

  /** The conversation's id: the resumed or the started one. Subscribing starts it when there is none yet. */
  id$(): Observable<string> {
    return this.withId((id) => of(id));
  }

  /**
   * `call` made with the conversation's id: once it is known, `call(id)` is all that runs (each post
   * goes through here); before, after the one start everyone shares.
   */
  withId<T>(call: (conversationId: string) => Observable<T>): Observable<T> {
    return defer(() => {
      const id = this.options.session.value.conversationId;
      return id ? call(id) : (this.start$ ??= this.startOnce()).pipe(switchMap(call));
    });
  }

  /** What to stream for `conversationId`: with the streamUrl that came with it, handed out once. */
  takeStream(conversationId: string): StreamSource {
    const pending = this.pending;
    this.pending = undefined;
    return pending && pending.conversationId === conversationId ? pending : { conversationId };
  }
}
