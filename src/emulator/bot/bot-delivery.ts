import type { Activity } from '../../protocol/activity';
import { BotFailure, forwardToBot } from './bot-forwarder';
import type { ConversationState, ConversationStore } from '../state/conversation-store';
import { HttpError } from '../http/errors';
import { BOT_ACCOUNT, type BotHandler } from '../types';

export interface BotDeliverySettings {
  botTimeoutMs: number;
  /** The emulator's origin: the `serviceUrl` a bot behind a URL replies to. */
  origin: string;
}

/** Appends a bot activity to a conversation (the bot's `reply`) and returns it as delivered. */
export type BotReply = (conversation: ConversationState, activity: Partial<Activity>) => Activity;

/**
 * The call to the bot, in process or behind a URL, with its time limit: the user's post answers
 * 502 when the bot fails and 504 when it is late. Aborted, with its timers, at shutdown.
 */
export class BotDelivery {
  private readonly inFlight = new Set<AbortController>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Aborted at shutdown: ends what an in-process bot still does after its turn (a livestream sent proactively). */
  private readonly closing = new AbortController();

  constructor(
    private readonly bot: string | BotHandler,
    private readonly store: ConversationStore,
    private readonly settings: BotDeliverySettings,
    private readonly reply: BotReply,
  ) {}

  /** Gives the activity to the bot; resolves once it has answered, rejects with a 502 or 504 HttpError. */
  deliver(conversation: ConversationState, activity: Activity): Promise<void> {
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
      this.run(conversation, activity, controller.signal).then(
        () => {
          finish();
          resolve();
        },
        (error: unknown) => {
          finish();
          if (controller.signal.aborted) return; // already answered 504 (or closing)
          const status =
            error instanceof BotFailure && error.status && error.status >= 400 && error.status < 500 ? 'BotRejectedActivity' : 'BotError';
          reject(new HttpError(502, status, error instanceof BotFailure ? error.message : 'The bot failed'));
        },
      );
    });
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
      ...(conversation.locale ? { locale: conversation.locale } : {}),
    };
    this.deliver(conversation, update).catch(() => undefined);
  }

  /** Aborts calls to the bot and their timers. */
  shutdown(): void {
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
    this.closing.abort();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async run(conversation: ConversationState, activity: Activity, signal: AbortSignal): Promise<void> {
    if (typeof this.bot === 'string') {
      await forwardToBot(this.bot, activity, this.settings.origin, signal);
      return;
    }
    const reply = (partial: Partial<Activity>): Activity | undefined => {
      const current = this.store.get(conversation.id);
      return current ? { ...this.reply(current, partial) } : undefined;
    };
    await this.bot(activity, reply, AbortSignal.any([signal, this.closing.signal]));
  }
}
