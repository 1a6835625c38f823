import type { ActivitySet, Conversation } from '../protocol/activity';
import type { DirectLineError } from '../protocol/errors';

/** What the receive paths (`reconnect$`, `poll$`) report to the connection. */
export type ReconnectEvent =
  | { type: 'connecting'; attempt: number; delayMs: number; error?: DirectLineError }
  | { type: 'conversation'; conversation: Conversation }
  | { type: 'online' }
  | { type: 'activitySet'; activitySet: ActivitySet };
