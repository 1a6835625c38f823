import type { Activity } from '../protocol/activity';

/** An in-process bot: gets each activity the user posts and may reply any number of times. */
export type BotHandler = (activity: Activity, reply: (activity: Partial<Activity>) => void) => void | Promise<void>;

export const BOT_ACCOUNT = { id: 'bot', name: 'Bot', role: 'bot' } as const;

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
