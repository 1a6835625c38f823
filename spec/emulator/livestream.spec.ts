import { startEmulator, type Emulator } from '../../src/emulator';
import { echoBot, ECHO_INFORMATIVE } from '../../src/emulator/bot/echo-bot';
import type { Activity } from '../../src/protocol/activity';
import { call, openSocket, sleep, userMessage, type Recorder } from './helpers';

let emu: Emulator | undefined;
const sockets: Recorder[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await emu?.close();
  emu = undefined;
});

async function startConversation(e: Emulator) {
  return (await call(`${e.domain}/conversations`, { method: 'POST', auth: e.secret, json: { user: { id: 'user1' } } })).body;
}
const post = (e: Emulator, conv: any, json: unknown) =>
  call(`${e.domain}/conversations/${conv.conversationId}/activities`, { auth: conv.token, json });
async function socket(url: string): Promise<Recorder> {
  const s = await openSocket(url);
  sockets.push(s);
  return s;
}
const streamOf = (a: Activity) => a.channelData as { streamType?: string; streamSequence?: number; streamId?: string } | undefined;
const isFinal = (a: Activity) => streamOf(a)?.streamType === 'final';
async function until(predicate: () => boolean, ms = 5000): Promise<void> {
  for (const deadline = Date.now() + ms; !predicate(); await sleep(20)) if (Date.now() > deadline) throw new Error('timed out');
}

describe('emulator: livestreams', () => {
  test('an in-process bot gets back each activity it sends, with its id: a livestream chains on the first id', async () => {
    const returned: (Activity | undefined)[] = [];
    emu = await startEmulator({
      bot: (activity, reply) => {
        const first = reply({ type: 'typing', text: 'A', channelData: { streamType: 'streaming', streamSequence: 1 } });
        returned.push(first);
        returned.push(reply({ type: 'message', text: 'A B', channelData: { streamType: 'final', streamId: first?.id } }));
      },
    });
    const conv = await startConversation(emu);
    await post(emu, conv, userMessage('go'));
    expect(returned).toEqual([
      expect.objectContaining({ id: expect.stringMatching(/\|/), type: 'typing' }),
      expect.objectContaining({ type: 'message' }),
    ]);
    const stored = emu.activities(conv.conversationId);
    expect(stored.map((a) => a.text)).toEqual(['go', 'A B']);
    expect(streamOf(stored[1])?.streamId).toBe(returned[0]?.id);
    // What a bot gets back is a copy: changing it changes nothing stored.
    (returned[1] as Activity).text = 'changed';
    expect(emu.activities(conv.conversationId)[1].text).toBe('A B');
  });

  test('sendFromBot and the Bot Connector route give the id of a typing activity, as of any other', async () => {
    emu = await startEmulator({ bot: () => undefined });
    const conv = await startConversation(emu);
    const viaHelper = emu.sendFromBot(conv.conversationId, {
      type: 'typing',
      text: 'x',
      channelData: { streamType: 'streaming', streamSequence: 1 },
    });
    expect(viaHelper.id).toMatch(/\|/);
    const origin = emu.domain.replace(/\/v3\/directline$/, '');
    const viaConnector = await call(`${origin}/v3/conversations/${conv.conversationId}/activities`, {
      json: { type: 'typing', text: 'x y', channelData: { streamType: 'streaming', streamSequence: 2, streamId: viaHelper.id } },
    });
    expect(viaConnector.status).toBe(200);
    expect(viaConnector.body.id).toMatch(/\|/);
    expect(viaConnector.body.id).not.toBe(viaHelper.id);
  });

  test('typing goes to open sockets only: never into GET history, a replay, or a socket opened later', async () => {
    emu = await startEmulator({ bot: () => undefined });
    const conv = await startConversation(emu);
    const live = await socket(conv.streamUrl);
    const id = conv.conversationId;
    emu.sendFromBot(id, { type: 'message', text: 'before' });
    const first = emu.sendFromBot(id, { type: 'typing', text: 'A', channelData: { streamType: 'streaming', streamSequence: 1 } });
    emu.sendFromBot(id, { type: 'message', text: 'A B', channelData: { streamType: 'final', streamId: first.id } });
    await live.until(() => live.activities.length === 3);
    expect(live.activities.map((a) => a.type)).toEqual(['message', 'typing', 'message']);
    expect(live.sets[1].watermark).toBeUndefined();
    const history = await call(`${emu.domain}/conversations/${id}/activities`, { auth: conv.token });
    expect(history.body.activities.map((a: Activity) => a.text)).toEqual(['before', 'A B']);
    const again = (await call(`${emu.domain}/conversations/${id}?watermark=`, { auth: conv.token })).body;
    const replayed = await socket(again.streamUrl);
    await replayed.until(() => replayed.activities.length === 2);
    await sleep(50);
    expect(replayed.activities.map((a) => a.text)).toEqual(['before', 'A B']);
  });

  test('the echo bot livestreams a message beginning with "stream": an informative line, the echo word by word, then the final', async () => {
    emu = await startEmulator();
    const conv = await startConversation(emu);
    const live = await socket(conv.streamUrl);
    const answer = await post(emu, conv, userMessage('stream hello big world'));
    expect(answer.status).toBe(200);
    await live.until(() => live.activities.some(isFinal));
    const bot = live.activities.filter((a) => a.from?.id === 'bot');
    expect(bot.map((a) => [a.type, streamOf(a)?.streamType, streamOf(a)?.streamSequence, a.text])).toEqual([
      ['typing', 'informative', 1, ECHO_INFORMATIVE],
      ['typing', 'streaming', 2, 'echo: hello'],
      ['typing', 'streaming', 3, 'echo: hello big'],
      ['typing', 'streaming', 4, 'echo: hello big world'],
      ['message', 'final', undefined, 'echo: hello big world'],
    ]);
    expect(streamOf(bot[0])?.streamId).toBeUndefined();
    for (const a of bot.slice(1)) expect(streamOf(a)?.streamId).toBe(bot[0].id);
    expect(bot.every((a) => a.replyToId === answer.body.id)).toBe(true);
    // Stored: the user's message and the final only.
    expect(emu.activities(conv.conversationId).map((a) => a.text)).toEqual(['stream hello big world', 'echo: hello big world']);
    // Anything else is echoed at once, as before.
    await post(emu, conv, userMessage('streaming is not the word'));
    expect(
      emu
        .activities(conv.conversationId)
        .map((a) => a.text)
        .slice(2),
    ).toEqual(['streaming is not the word', 'echo: streaming is not the word']);
  });

  test('a long echo grows several words at a time (at most 40 text chunks); the post is answered once the livestream started', async () => {
    emu = await startEmulator();
    const conv = await startConversation(emu);
    const live = await socket(conv.streamUrl);
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`);
    expect((await post(emu, conv, userMessage(`stream ${words.join(' ')}`))).status).toBe(200);
    // The turn ended with the informative line: the rest (40 chunks, 150 ms apart) comes proactively.
    expect(emu.activities(conv.conversationId).some(isFinal)).toBe(false);
    await live.until(() => live.activities.some(isFinal), 15_000);
    const chunks = live.activities.filter((a) => streamOf(a)?.streamType === 'streaming');
    expect(chunks.length).toBeLessThanOrEqual(40);
    expect(chunks[chunks.length - 1].text).toBe(`echo: ${words.join(' ')}`);
  }, 15_000);

  test('closing the emulator stops a livestream the echo bot is still sending', async () => {
    const sent: Partial<Activity>[] = [];
    emu = await startEmulator({ bot: (activity, reply, signal) => echoBot(activity, (a) => (sent.push(a), reply(a)), signal) });
    const conv = await startConversation(emu);
    await post(emu, conv, userMessage('stream a b c d e f g h i j'));
    await until(() => sent.length >= 2);
    await emu.close();
    const atClose = sent.length;
    await sleep(500);
    expect(sent.length).toBe(atClose);
    expect(sent.some((a) => a.type === 'message')).toBe(false);
  });

  test('scrambleLivestreams: chunks out of order and twice, a held chunk after the final; history unaffected; off again, in order', async () => {
    emu = await startEmulator({ bot: () => undefined });
    const conv = await startConversation(emu);
    const id = conv.conversationId;
    const live = await socket(conv.streamUrl);
    emu.faults.scrambleLivestreams(id);
    const c = (n: number, streamId?: string) =>
      emu!.sendFromBot(id, {
        type: 'typing',
        text: `t${n}`,
        channelData: { streamType: 'streaming', streamSequence: n, ...(streamId ? { streamId } : {}) },
      });
    const first = c(1);
    c(2, first.id);
    c(3, first.id);
    emu.sendFromBot(id, { type: 'message', text: 'done', channelData: { streamType: 'final', streamId: first.id } });
    emu.sendFromBot(id, { type: 'message', text: 'plain' });
    await live.until(() => live.activities.some((a) => a.text === 'plain'));
    expect(live.activities.map((a) => a.text)).toEqual(['t2', 't1', 't2', 'done', 't3', 'plain']);
    expect(emu.activities(id).map((a) => a.text)).toEqual(['done', 'plain']);
    emu.faults.scrambleLivestreams(id, false);
    const next = c(1);
    c(2, next.id);
    await live.until(() => live.activities.length === 8);
    expect(live.activities.slice(6).map((a) => a.text)).toEqual(['t1', 't2']);
    expect(() => emu!.faults.scrambleLivestreams('nope')).toThrow(/Unknown conversation/);
  });

  test('scrambleLivestreams over the admin route; reset() turns it off', async () => {
    emu = await startEmulator({ bot: () => undefined });
    const conv = await startConversation(emu);
    const id = conv.conversationId;
    const origin = emu.domain.replace(/\/v3\/directline$/, '');
    const admin = (json: unknown) => call(`${origin}/_emulator/scrambleLivestreams`, { auth: emu!.secret, json });
    expect((await admin({ conversationId: id, enabled: 'yes' })).status).toBe(400);
    expect((await admin({ conversationId: id })).status).toBeLessThan(300);
    const live = await socket(conv.streamUrl);
    const first = emu.sendFromBot(id, { type: 'typing', text: 'a', channelData: { streamType: 'streaming', streamSequence: 1 } });
    await sleep(50);
    expect(live.activities).toEqual([]); // held
    emu.faults.reset();
    emu.sendFromBot(id, { type: 'typing', text: 'b', channelData: { streamType: 'streaming', streamSequence: 2, streamId: first.id } });
    await live.until(() => live.activities.length === 1);
    expect(live.activities.map((a) => a.text)).toEqual(['b']);
  });
});
