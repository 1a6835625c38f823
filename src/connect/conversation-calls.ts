import type { Observable } from 'rxjs';
import type { Credentials } from '../credentials';
import { getActivities, getConversation } from '../http/calls';
import type { ConnectOptions } from '../options';
import type { PollingOptions } from '../operators/polling';
import type { ReconnectOptions } from '../operators/reconnect';
import type { RetryOptions } from '../operators/retry-policy';
import type { ActivitySet, Conversation } from '../protocol/activity';
import { openStream } from '../stream/websocket';
import type { StreamEvent } from '../stream/websocket';
import type { SessionStore } from './session-store';

/** The options of `connect()` that shape how activities are received. */
export type ReceiveSettings = Pick<
  ConnectOptions,
  | 'webSocket'
  | 'pollingInterval'
  | 'silenceMs'
  | 'stableMs'
  | 'streamUrlLifetimeMs'
  | 'fallbackToPollingAfter'
  | 'webSocketFactory'
  | 'maxResponseBytes'
  | 'onConversation'
>;

/** What the calls of one conversation are made with. */
export interface ConversationCallParts {
  settings: ReceiveSettings;
  retry: RetryOptions;
  credentials: Credentials;
  session: SessionStore;
}

/** The retry settings a conversation's calls carry: all of them (a new one fails to compile below until it is copied). */
type CopiedRetrySettings =
  'backoff' | 'maxRetries' | 'random' | 'online$' | 'onForbidden' | 'scheduler' | 'maxRetryAfterMs' | 'unreachableMs' | 'contact';
const everyRetrySettingCopied: Exclude<keyof RetryOptions, CopiedRetrySettings> extends never ? true : never = true;
void everyRetrySettingCopied;

/**
 * The calls and settings one conversation is received with, over a WebSocket (`reconnect$`'s
 * options) or by polling (`poll$`'s). Methods on the prototype: the receive path holds this one
 * object rather than a closure per call.
 */
export class ConversationCalls implements ReconnectOptions, PollingOptions {
  readonly backoff: RetryOptions['backoff'];
  readonly maxRetries: RetryOptions['maxRetries'];
  readonly random: RetryOptions['random'];
  readonly online$: RetryOptions['online$'];
  readonly onForbidden: RetryOptions['onForbidden'];
  readonly scheduler: RetryOptions['scheduler'];
  readonly maxRetryAfterMs: RetryOptions['maxRetryAfterMs'];
  readonly unreachableMs: RetryOptions['unreachableMs'];
  readonly contact: RetryOptions['contact'];
  readonly silenceMs: ReceiveSettings['silenceMs'];
  readonly stableMs: ReceiveSettings['stableMs'];
  readonly streamUrlLifetimeMs: ReceiveSettings['streamUrlLifetimeMs'];
  readonly fallbackToPollingAfter: ReceiveSettings['fallbackToPollingAfter'];
  readonly pollingInterval: ReceiveSettings['pollingInterval'];

  constructor(
    private readonly parts: ConversationCallParts,
    private readonly conversationId: string,
  ) {
    const { retry, settings } = parts;
    this.backoff = retry.backoff;
    this.maxRetries = retry.maxRetries;
    this.random = retry.random;
    this.online$ = retry.online$;
    this.onForbidden = retry.onForbidden;
    this.scheduler = retry.scheduler;
    this.maxRetryAfterMs = retry.maxRetryAfterMs;
    this.unreachableMs = retry.unreachableMs;
    this.contact = retry.contact;
    this.silenceMs = settings.silenceMs;
    this.stableMs = settings.stableMs;
    this.streamUrlLifetimeMs = settings.streamUrlLifetimeMs;
    this.fallbackToPollingAfter = settings.fallbackToPollingAfter;
    this.pollingInterval = settings.pollingInterval;
  }

  getConversation(watermark: string | undefined): Observable<Conversation> {
    return getConversation(this.parts.credentials.http(), this.conversationId, watermark);
  }

  openSocket(url: string): Observable<StreamEvent> {
    const { settings } = this.parts;
    return openStream(url, settings.webSocketFactory, settings.maxResponseBytes);
  }

  getWatermark(): string | undefined {
    return this.parts.session.value.watermark;
  }

  catchUp(): Observable<ActivitySet> {
    return getActivities(this.parts.credentials.http(), this.conversationId);
  }

  getActivities(watermark: string | undefined): Observable<ActivitySet> {
    return getActivities(this.parts.credentials.http(), this.conversationId, watermark);
  }
}
