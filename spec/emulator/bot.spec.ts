import { startEmulator, type Emulator } from '../../src/emulator';
import { startBotbuilderBot, type TestBot } from './botbuilder-bot';
import { call, sleep, userMessage } from './helpers';

let emu: Emulator | undefined;
let bot: TestBot | undefined;
afterEach(async () => {
  await emu?.close();
  await bot?.close();
  emu = undefined;
  bot = undefined;
});

async function startConversation(e: Emulator) {
  return (await call(`${e.domain}/conversations`, { method: 'POST', auth: e.secret, json: { user: { id: 'user1' } } })).body;
}
const post = (e: Emulator, conv: any, json: unknown) =>
  call(`${e.domain}/conversations/${conv.conversationId}/activities`, { auth: conv.token, json });

describe('in-process bots', () => {
  test('the echo bot echoes attachments; a typing activity gets no answer', async () => {
    emu = await startEmulator();
    const conv = await startConversation(emu);
    const attachments = [{ contentType: 'application/vnd.microsoft.card.hero', content: { title: 'card' } }];
    await post(emu, conv, { ...userMessage('look'), attachments });
    await post(emu, conv, { type: 'typing', from: { id: 'user1' } });
    const stored = emu.activities(conv.conversationId);
    expect(stored).toHaveLength(2);
    expect(stored[1]).toMatchObject({ text: 'echo: look', attachments, replyToId: stored[0].id });
  });

  test('a handler gets exactly what the user posts (no conversationUpdate), with the service id', async () => {
    const seen: any[] = [];
    emu = await startEmulator({ bot: (activity) => void seen.push(activity) });
    const conv = await startConversation(emu);
    const r = await post(emu, conv, userMessage('only me'));
    expect(seen).toEqual([expect.objectContaining({ id: r.body.id, type: 'message', text: 'only me', channelId: 'directline' })]);
  });

  test('a handler can reply several times, later too; the post answers once the handler resolved', async () => {
    let release!: () => void;
    emu = await startEmulator({
      bot: async (activity, reply) => {
        reply({ type: 'typing' });
        await new Promise<void>((r) => (release = r));
        reply({ type: 'message', text: `got ${activity.text}` });
        setTimeout(() => reply({ type: 'message', text: 'later' }), 10);
      },
    });
    const conv = await startConversation(emu);
    let answered = false;
    const pending = post(emu, conv, userMessage('x')).then((r) => ((answered = true), r));
    await sleep(50);
    expect(answered).toBe(false);
    release();
    expect((await pending).status).toBe(200);
    await sleep(50);
    expect(emu.activities(conv.conversationId).map((a) => a.text)).toEqual(['x', 'got x', 'later']);
  });

  test('a failing bot gives 502 BotError; a slow one 504 after botTimeoutMs; the post is kept', async () => {
    emu = await startEmulator({
      botTimeoutMs: 200,
      bot: async (activity) => {
        if (activity.text === 'fail') throw new Error('boom');
        if (activity.text === 'slow') await sleep(400);
      },
    });
    const conv = await startConversation(emu);
    const failed = await post(emu, conv, userMessage('fail'));
    expect(failed.status).toBe(502);
    expect(failed.body.error.code).toBe('BotError');
    const t = Date.now();
    const slow = await post(emu, conv, userMessage('slow'));
    expect(slow.status).toBe(504);
    expect(Date.now() - t).toBeLessThan(390);
    const ok = await post(emu, conv, userMessage('fine'));
    expect(ok.status).toBe(200);
    expect(emu.activities(conv.conversationId).map((a) => a.text)).toEqual(['fail', 'slow', 'fine']);
    await sleep(250);
  });
});

describe('forwarding to a real botbuilder bot (--bot URL)', () => {
  test('the bot gets the activity through the Bot Connector API and its replies reach the conversation', async () => {
    bot = await startBotbuilderBot();
    emu = await startEmulator({ bot: bot.endpoint });
    const conv = await startConversation(emu);
    const r = await post(emu, conv, userMessage('hi bot'));
    expect(r.status).toBe(200);
    const received = bot.received.find((a) => a.type === 'message');
    expect(received).toMatchObject({
      type: 'message',
      text: 'hi bot',
      id: r.body.id,
      channelId: 'directline',
      conversation: { id: conv.conversationId },
      serviceUrl: emu.domain.replace('/v3/directline', ''),
      recipient: { id: 'bot' },
    });
    const texts = emu.activities(conv.conversationId).map((a) => a.text);
    expect(texts).toContain('hi bot');
    expect(texts).toContain('bb: hi bot');
    expect(texts).toContain('hello from botbuilder');
    const reply = emu.activities(conv.conversationId).find((a) => a.text === 'bb: hi bot')!;
    expect(reply.replyToId).toBe(r.body.id);
    expect(reply.id).toMatch(new RegExp(`^${conv.conversationId}\\|\\d{7}$`));
    expect(bot.errors).toEqual([]);
  });

  test('a bot that throws gives 502; an unreachable bot 502; a slow bot 504', async () => {
    // botbuilder's CloudAdapter reports the thrown turn error on the console itself.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    bot = await startBotbuilderBot({ failOn: 'crash', slowOn: 'slow' });
    emu = await startEmulator({ bot: bot.endpoint, botTimeoutMs: 500 });
    const conv = await startConversation(emu);
    const crashed = await post(emu, conv, userMessage('crash'));
    expect(crashed.status).toBe(502);
    expect(bot.errors).toHaveLength(1);
    quiet.mockRestore();
    const slow = await post(emu, conv, userMessage('slow'));
    expect(slow.status).toBe(504);
    expect((await post(emu, conv, userMessage('fine'))).status).toBe(200);
    await sleep(1100);
    await bot.close();
    const gone = await post(emu, conv, userMessage('anyone?'));
    expect(gone.status).toBe(502);
    expect(gone.body.error.code).toBe('BotError');
  });

  test('replies posted to /v3/conversations/{id}/activities/{replyToId} are stored; unknown conversations 404', async () => {
    emu = await startEmulator();
    const conv = await startConversation(emu);
    const origin = emu.domain.replace('/v3/directline', '');
    const r = await call(`${origin}/v3/conversations/${conv.conversationId}/activities/${encodeURIComponent('x|0000001')}`, {
      json: { type: 'message', text: 'direct', from: { id: 'mybot', name: 'My Bot' } },
    });
    expect(r.status).toBe(200);
    const stored = emu.activities(conv.conversationId);
    expect(stored[0]).toMatchObject({ id: r.body.id, text: 'direct', replyToId: 'x|0000001', from: { id: 'mybot', role: 'bot' } });
    const unknown = await call(`${origin}/v3/conversations/nope/activities`, { json: { type: 'message' } });
    expect(unknown.status).toBe(404);
    const members = await call(`${origin}/v3/conversations/${conv.conversationId}/members`);
    expect(members.body).toEqual(expect.arrayContaining([{ id: 'bot', name: 'Bot' }]));
  });
});
