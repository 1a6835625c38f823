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
  'webSocket' | 'pollingInterval' | 'silenceMs' | 'stableMs' | 'streamUrlLifetimeMs' | 'fallbackToPollingAfter' | 'webSocketFactory' | 'maxResponseBytes' | 'onConversation'
>;

/** What the calls of one conversation are made with. */
export interface ConversationCallParts {
  settings: ReceiveSettings;
  retry: RetryOptions;
  credentials: Credentials;
  session: SessionStore;
}

/**
 * The calls and settings one conversation is received with, over a WebSocket (`reconnect$`'s
 * options) or by polling (`poll$`'s). Methods on the prototype: the receive path holds this one
 * object rather than a closure per call.
 */
export class ConversationCalls implements ReconnectOptions, PollingOptions {
  declare readonly backoff: RetryOptions['backoff'];
  declare readonly maxRetries: RetryOptions['maxRetries'];
  declare readonly random: RetryOptions['random'];
  declare readonly online$: RetryOptions['online$'];
  declare readonly onForbidden: RetryOptions['onForbidden'];
  declare readonly scheduler: RetryOptions['scheduler'];
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
    Object.assign(this, retry); // the retry policy's settings, as given
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
