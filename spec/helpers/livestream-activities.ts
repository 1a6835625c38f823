import type { Activity } from '../../src/protocol/activity';

/** The bot's account on the activities a test sends as the bot. */
export const BOT = { id: 'bot', name: 'Bot', role: 'bot' };

/** An interim chunk of a livestream as a bot sends it: the first has no streamId (its id becomes the livestream's). */
export const botChunk = (sequence: number, text: string, streamId?: string): Partial<Activity> => ({
  type: 'typing',
  from: BOT,
  text,
  channelData: { streamType: 'streaming', streamSequence: sequence, ...(streamId ? { streamId } : {}) },
});

/** The final message of a livestream. */
export const botFinal = (text: string, streamId: string): Partial<Activity> => ({
  type: 'message',
  from: BOT,
  text,
  channelData: { streamType: 'final', streamId },
});
