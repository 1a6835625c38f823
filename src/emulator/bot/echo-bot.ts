import type { Activity } from '../../protocol/activity';
import { BOT_ACCOUNT, type BotHandler } from '../types';

/** The pause between two chunks of the echo bot's livestream, ms. */
export const ECHO_CHUNK_MS = 150;

/** The informative line the echo bot's livestream starts with. */
export const ECHO_INFORMATIVE = 'Preparing the echo…';

/** At most this many text chunks per livestream (longer echoes grow several words at a time), so the turn ends well within the bot's time limit. */
const MAX_CHUNKS = 40;

/** What the echo bot streams when asked with `stream` alone. */
const SAMPLE = 'a reply that grows word by word';

/**
 * The default bot: answers each user message with `echo: <text>`, its attachments included.
 *
 * A message beginning with the word `stream` is answered as a livestream: an informative line,
 * then the echo of the rest word by word (each chunk the whole text so far, one every
 * 150 ms), then the final message with the whole echo. The turn ends once the
 * informative line is sent (so the user's post is answered at once); the rest follows
 * proactively, until the emulator closes.
 */
export const echoBot: BotHandler = (activity, reply, signal) => {
  if (activity.type !== 'message') return;
  const base: Partial<Activity> = { replyToId: activity.id, from: { ...BOT_ACCOUNT } };
  if (activity.from) base.recipient = activity.from;
  const asked = /^stream\b\s*(.*)$/is.exec(activity.text ?? '');
  if (asked) {
    const first = reply({ ...base, type: 'typing', text: ECHO_INFORMATIVE, channelData: { streamType: 'informative', streamSequence: 1 } });
    if (first) streamEcho(asked[1].trim() || SAMPLE, first.id as string, base, reply, signal).catch(() => undefined);
    return;
  }
  const answer: Partial<Activity> = { ...base, type: 'message', text: `echo: ${activity.text ?? ''}` };
  if (Array.isArray(activity.attachments) && activity.attachments.length > 0) answer.attachments = activity.attachments;
  reply(answer);
};

/** Streams the echo of `said` into the livestream `streamId` (its informative line sent): one chunk per word, then the final. */
async function streamEcho(
  said: string,
  streamId: string,
  base: Partial<Activity>,
  reply: Parameters<BotHandler>[1],
  signal?: AbortSignal,
): Promise<void> {
  const words = said.split(/\s+/).filter(Boolean);
  const step = Math.ceil(words.length / MAX_CHUNKS);
  for (let sequence = 2, end = step; end - step < words.length; sequence++, end += step) {
    if (!(await pause(ECHO_CHUNK_MS, signal))) return;
    const text = `echo: ${words.slice(0, end).join(' ')}`;
    if (!reply({ ...base, type: 'typing', text, channelData: { streamType: 'streaming', streamSequence: sequence, streamId } })) return;
  }
  if (!(await pause(ECHO_CHUNK_MS, signal))) return;
  reply({ ...base, type: 'message', text: `echo: ${said}`, channelData: { streamType: 'final', streamId } });
}

/** Waits `ms`; false when the signal aborted first. */
function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
