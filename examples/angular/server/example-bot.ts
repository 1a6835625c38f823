import { echoBot } from 'directline-rx/emulator';
import type { BotHandler, Emulator } from 'directline-rx/emulator';

/** The pause between two chunks of a livestreamed answer, ms. */
export const STREAM_CHUNK_MS = 300;
/** The most words a livestreamed answer has (each one chunk). */
const MAX_WORDS = 40;
const BOT = { id: 'bot', name: 'Bot', role: 'bot' };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The bot of the Angular examples: the echo bot, except that a message starting with "stream" is
 * answered by a livestream, as a bot streams a long answer: an informative line ("Thinking…"),
 * then the answer word by word (each chunk a `typing` activity with the text so far), then the
 * final message. The post is answered at once; the livestream follows in the background (sent with
 * `sendFromBot`, which gives each activity's id: the first one's is the stream's id).
 */
export function exampleBot(emulator: () => Emulator, chunkMs = STREAM_CHUNK_MS): BotHandler {
  return (activity, reply) => {
    const text = activity.text ?? '';
    const conversationId = activity.conversation?.id;
    if (activity.type !== 'message' || !/^stream\b/i.test(text) || !conversationId) return echoBot(activity, reply);
    const words = `Here is your answer, streamed word by word: echo: ${text}`.split(/\s+/).slice(0, MAX_WORDS);
    const stream = async (): Promise<void> => {
      const send = (partial: Parameters<Emulator['sendFromBot']>[1]) => emulator().sendFromBot(conversationId, { from: BOT, ...partial });
      const first = send({ type: 'typing', text: 'Thinking…', channelData: { streamType: 'informative', streamSequence: 1 } });
      const streamId = first.id as string;
      for (let i = 1; i <= words.length; i++) {
        await pause(chunkMs);
        send({ type: 'typing', text: words.slice(0, i).join(' '), channelData: { streamType: 'streaming', streamId, streamSequence: i + 1 } });
      }
      await pause(chunkMs);
      send({ type: 'message', text: words.join(' '), replyToId: activity.id, channelData: { streamType: 'final', streamId } });
    };
    // The conversation (or the emulator) may be gone before the stream ends: it just stops.
    stream().catch(() => undefined);
  };
}
