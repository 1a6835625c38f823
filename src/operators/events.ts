import type { ActivitySet, Conversation } from '../protocol/activity';
import type { DirectLineError } from '../protocol/errors';

/** What the receive paths (`reconnect$`, `poll$`) report to the connection. */
export type ReconnectEvent =
  | {
      /** An attempt starts (after `delayMs`). */
      type: 'connecting';
      /** The attempt's number: 0 first, then 1, 2 … for retries. */
      attempt: number;
      /** The wait before it, ms. */
      delayMs: number;
      /** The failure that made a retry necessary. */
      error?: DirectLineError;
    }
  | {
      /** The service answered a conversation (a new streamUrl, maybe a new token). */
      type: 'conversation';
      /** Its answer. */
      conversation: Conversation;
    }
  | {
      /** The socket is open (or polling answers). */
      type: 'online';
    }
  | {
      /** Activities arrived. */
      type: 'activitySet';
      /** The activities and their watermark. */
      activitySet: ActivitySet;
    };
