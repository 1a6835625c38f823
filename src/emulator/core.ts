import type { Activity, Conversation } from '../protocol/activity';
import { TokenSigner } from './auth/tokens';
import type { Credential } from './auth/authorize';
import { ConversationStore, decodeWatermark, type ConversationState } from './conversation-store';
import { echoBot } from './echo-bot';
import { BOT_ACCOUNT, type BotHandler } from './types';
import { BotFailure, forwardToBot } from './bot-forwarder';
import { badRequest, conversationNotFound, HttpError } from './errors';
import { FaultPlan, ROUTE_NAMES, type RouteName } from './faults';

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

/** State and behaviour shared by every route: conversations, tokens, faults, the bot. */
export class EmulatorCore {
  readonly store = new ConversationStore(() => this.settings.tokenLifetimeSec * 1000);
  readonly signer = new TokenSigner();
  readonly faults = new FaultPlan();
  readonly requests = Object.fromEntries(ROUTE_NAMES.map((r) => [r, 0])) as Record<RouteName, number>;
  handshakes = 0;
  handshakesRefused = 0;
  private readonly inFlight = new Set<AbortController>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly settings: Settings,
    private readonly bot: string | BotHandler,
  ) {}

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
    const activity: Partial<Activity> = { ...partial };
    if (!activity.from || typeof activity.from !== 'object' || typeof activity.from.id !== 'string') activity.from = { ...BOT_ACCOUNT };
    else if (!activity.from.role) activity.from = { ...activity.from, role: 'bot' };
    return this.store.append(conversation, activity);
  }

  /** Stores a user activity, echoes it to the stream, gives it to the bot and waits for its answer. */
  async postFromUser(conversation: ConversationState, input: Partial<Activity>): Promise<Activity> {
    conversation.started = true;
    const activity = this.store.append(conversation, input);
    await this.deliverToBot(conversation, activity);
    return activity;
  }

  /**
   * Tells a bot behind a URL that a conversation started, as the service does (fire and forget:
   * nothing waits for it). In-process handlers only get what the user posts.
   */
  announceStart(conversation: ConversationState, userId?: string): void {
    if (typeof this.bot !== 'string') return;
    const update: Activity = {
      type: 'conversationUpdate',
      id: `${conversation.id}|start`,
      timestamp: new Date().toISOString(),
      channelId: 'directline',
      conversation: { id: conversation.id },
      from: { id: userId ?? conversation.user ?? 'user', role: 'user' },
      recipient: { ...BOT_ACCOUNT },
      membersAdded: [{ ...BOT_ACCOUNT }, ...(userId ? [{ id: userId }] : [])],
    };
    this.deliverToBot(conversation, update).catch(() => undefined);
  }

  private deliverToBot(conversation: ConversationState, activity: Activity): Promise<void> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const release = this.store.hold(conversation);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        controller.abort();
        reject(new HttpError(504, 'BotTimeout', 'The bot did not answer in time'));
      }, this.settings.botTimeoutMs);
      this.timers.add(timer);
      const finish = (): void => {
        clearTimeout(timer);
        this.timers.delete(timer);
        this.inFlight.delete(controller);
        release();
      };
      this.runBot(conversation, activity, controller.signal).then(
        () => {
          finish();
          resolve();
        },
        (error: unknown) => {
          finish();
          if (controller.signal.aborted) return; // already answered 504 (or closing)
          const status = error instanceof BotFailure && error.status && error.status >= 400 && error.status < 500 ? 'BotRejectedActivity' : 'BotError';
          reject(new HttpError(502, status, error instanceof BotFailure ? error.message : 'The bot failed'));
        },
      );
    });
  }

  private async runBot(conversation: ConversationState, activity: Activity, signal: AbortSignal): Promise<void> {
    if (typeof this.bot === 'string') {
      await forwardToBot(this.bot, activity, this.settings.origin, signal);
      return;
    }
    const handler = this.bot ?? echoBot;
    const reply = (partial: Partial<Activity>): void => {
      const current = this.store.get(conversation.id);
      if (current) this.sendFromBot(current, partial);
    };
    await handler(activity, reply);
  }

  /** Aborts calls to the bot and pending timers. */
  shutdown(): void {
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
