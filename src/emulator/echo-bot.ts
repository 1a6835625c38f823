import type { Activity } from '../protocol/activity';
import { BOT_ACCOUNT, type BotHandler } from './types';

/** The default bot: answers each user message with `echo: <text>`, its attachments included. */
export const echoBot: BotHandler = (activity, reply) => {
  if (activity.type !== 'message') return;
  const answer: Partial<Activity> = {
    type: 'message',
    text: `echo: ${activity.text ?? ''}`,
    replyToId: activity.id,
    from: { ...BOT_ACCOUNT },
  };
  if (activity.from) answer.recipient = activity.from;
  if (Array.isArray(activity.attachments) && activity.attachments.length > 0) answer.attachments = activity.attachments;
  reply(answer);
};
