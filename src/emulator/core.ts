import type { Activity, Conversation } from '../protocol/activity';
import { TokenSigner } from './auth/tokens';
import type { Credential } from './auth/authorize';
import { ConversationStore, decodeWatermark, type ConversationState, type UploadCaps } from './state/conversation-store';
import { BotDelivery } from './bot/bot-delivery';
import { BOT_ACCOUNT, type BotHandler } from './types';
import { badRequest, conversationNotFound } from './http/errors';
import { checkActivityBounds, MAX_BOT_ACTIVITY_BYTES } from './state/activity-bounds';
import { FaultPlan, ROUTE_NAMES, type RouteName } from './control/faults';

export interface Settings {
  secret: string;
  tokenLifetimeSec: number;
  streamUrlLifetimeMs: number;
  keepAliveMs: number;
  botTimeoutMs: number;
  publicBaseUrl?: string;
  /** The origin the server listens on, e.g. http://127.0.0.1:54321. */
  origin: string;
}

/** State and behaviour shared by every route: conversations, tokens, faults, the way to the bot. */
export class EmulatorCore {
  readonly store: ConversationStore;
  readonly signer = new TokenSigner();
  readonly faults = new FaultPlan();
  readonly requests = Object.fromEntries(ROUTE_NAMES.map((r) => [r, 0])) as Record<RouteName, number>;
  handshakes = 0;
  handshakesRefused = 0;
  readonly bot: BotDelivery;

  constructor(
    readonly settings: Settings,
    bot: string | BotHandler,
    uploadCaps?: UploadCaps,
  ) {
    this.store = new ConversationStore(() => this.settings.tokenLifetimeSec * 1000, uploadCaps);
    this.bot = new BotDelivery(bot, this.store, settings, (conversation, activity) => this.sendFromBot(conversation, activity));
  }

  /** Origin advertised in stream and upload URLs. */
  get publicOrigin(): string {
    return (this.settings.publicBaseUrl ?? this.settings.origin).replace(/\/+$/, '');
  }

  conversationOr404(id: string): ConversationState {
    const conversation = this.store.get(id);
    if (!conversation) throw conversationNotFound();
    this.store.touch(conversation);
    return conversation;
  }

  issueToken(conversation: ConversationState, user?: string): { token: string; expires_in: number } {
    const lifetimeMs = this.settings.tokenLifetimeSec * 1000;
    const { token } = this.signer.issue('dl', conversation.id, lifetimeMs, user ?? conversation.user);
    this.store.retain(conversation, lifetimeMs);
    return { token, expires_in: this.settings.tokenLifetimeSec };
  }

  streamUrl(conversation: ConversationState, watermark?: string): string {
    const { token } = this.signer.issue('st', conversation.id, this.settings.streamUrlLifetimeMs);
    this.store.retain(conversation, this.settings.streamUrlLifetimeMs);
    const base = this.publicOrigin.replace(/^http/i, 'ws');
    const query = watermark === undefined ? `t=${token}` : `watermark=${encodeURIComponent(watermark)}&t=${token}`;
    return `${base}/v3/directline/conversations/${encodeURIComponent(conversation.id)}/stream?${query}`;
  }

  /**
   * Answer of start / get conversation: the presented token (or a new one for the secret) and a
   * fresh stream URL.
   */
  conversationAnswer(conversation: ConversationState, credential: Credential, watermark?: string): Conversation {
    let token: string;
    let expiresIn: number;
    if (credential.kind === 'token') {
      token = credential.token;
      expiresIn = Math.max(0, Math.round(credential.claims.exp - Date.now() / 1000));
    } else {
      ({ token, expires_in: expiresIn } = this.issueToken(conversation));
    }
    return {
      conversationId: conversation.id,
      token,
      expires_in: expiresIn,
      streamUrl: this.streamUrl(conversation, watermark),
      referenceGrammarId: 'c0c9ab2b-0b4f-4b1c-9c5e-emulator0001',
    };
  }

  /** Parses a `watermark` query parameter: 400 when it is not one the emulator issued. */
  watermarkParam(value: string | null): number {
    const seq = decodeWatermark(value);
    if (seq === undefined) throw badRequest('The watermark is not valid');
    return seq;
  }

  /** Appends a bot activity and delivers it (the test helper and the Bot Connector routes). */
  sendFromBot(conversation: ConversationState, partial: Partial<Activity>): Activity {
    checkActivityBounds(partial, MAX_BOT_ACTIVITY_BYTES);
    const activity: Partial<Activity> = { ...partial };
    if (!activity.from || typeof activity.from !== 'object' || typeof activity.from.id !== 'string') activity.from = { ...BOT_ACCOUNT };
    else if (!activity.from.role) activity.from = { ...activity.from, role: 'bot' };
    return this.store.append(conversation, activity);
  }

  /** Stores a user activity, echoes it to the stream, gives it to the bot and waits for its answer. */
  async postFromUser(conversation: ConversationState, input: Partial<Activity>): Promise<Activity> {
    conversation.started = true;
    // As the service does, an activity without a locale carries the one the conversation was started with.
    const withLocale =
      conversation.locale && (typeof input.locale !== 'string' || !input.locale) ? { ...input, locale: conversation.locale } : input;
    const activity = this.store.append(conversation, withLocale);
    await this.bot.deliver(conversation, activity);
    return activity;
  }
}
