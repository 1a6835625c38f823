import type { Activity } from '../../src/protocol/activity';
import { startEmulator } from '../../src/emulator';
import { call, emulatorPerTest, openSocket } from './helpers';

const env = emulatorPerTest();

/** `{"a":{"a":…1…}}`, `depth` objects deep. */
const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};
/** The same as JSON text, for depths JSON.stringify cannot reach. */
const nestedText = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const start = async () => (await call(`${env.emu.domain}/conversations`, { method: 'POST', auth: env.emu.secret })).body;
const post = (conv: any, activity: unknown) =>
  call(`${env.emu.domain}/conversations/${conv.conversationId}/activities`, { auth: conv.token, json: activity });
const socketOf = async (conv: any, watermark?: string) => {
  const url =
    watermark === undefined
      ? conv.streamUrl
      : (await call(`${env.emu.domain}/conversations/${conv.conversationId}?watermark=${watermark}`, { auth: conv.token })).body.streamUrl;
  const socket = await openSocket(url);
  env.sockets.push(socket);
  return socket;
};

describe('bad activities never reach the store', () => {
  test('a user post nested 5,000 deep (10 KB) is refused with 400 with a socket open; nothing stored or delivered; the conversation works on', async () => {
    const conv = await start();
    const socket = await socketOf(conv);
    const body = `{"type":"message","from":{"id":"u"},"channelData":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect(body.length).toBeLessThan(11_000);
    const deep = await call(`${env.emu.domain}/conversations/${conv.conversationId}/activities`, {
      auth: conv.token,
      body,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(deep.status).toBe(400);
    expect(deep.body.error.code).toBe('BadArgument');
    expect(env.emu.activities(conv.conversationId)).toEqual([]);
    expect((await post(conv, { type: 'message', from: { id: 'u' }, text: 'after' })).status).toBe(200);
    await socket.until(() => socket.activities.some((a) => a.text === 'echo: after'));
    expect(socket.activities.map((a) => a.text)).toEqual(['after', 'echo: after']);
    const get = await call(`${env.emu.domain}/conversations/${conv.conversationId}/activities`, { auth: conv.token });
    expect(get.status).toBe(200);
    expect(get.body.activities).toHaveLength(2);
  });

  test('nesting up to the bound is taken, one level more is not (user posts)', async () => {
    const conv = await start();
    // The activity is level 1, channelData level 2: 63 objects from there reach level 64.
    expect((await post(conv, { type: 'message', from: { id: 'u' }, channelData: nested(63) })).status).toBe(200);
    expect((await post(conv, { type: 'message', from: { id: 'u' }, channelData: nested(64) })).status).toBe(400);
    expect((await post(conv, { type: 'message', from: { id: 'u' }, channelData: [[[[nested(59)]]]] })).status).toBe(200);
    expect((await post(conv, { type: 'message', from: { id: 'u' }, channelData: [[[[nested(60)]]]] })).status).toBe(400);
  });

  test("the bot's replies on the Bot Connector route: too deep or too large is 400 (413 beyond what is read), nothing stored", async () => {
    const conv = await start();
    const reply = (body: unknown) => call(`${env.origin}/v3/conversations/${conv.conversationId}/activities`, { json: body });
    expect((await reply({ type: 'message', text: 'ok', channelData: nested(10) })).status).toBe(200);
    const deep = await call(`${env.origin}/v3/conversations/${conv.conversationId}/activities`, {
      body: `{"type":"message","channelData":${nestedText(5000)}}`,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(deep.status).toBe(400);
    expect((await reply({ type: 'message', text: 'x'.repeat(2 * 1024 * 1024) })).status).toBe(413);
    expect(env.emu.activities(conv.conversationId).map((a) => a.text)).toEqual(['ok']);
  });

  test('sendFromBot (programmatic and admin) refuses too deep, too large and unserialisable activities with 400', async () => {
    const conv = await start();
    expect(() => env.emu.sendFromBot(conv.conversationId, { type: 'message', channelData: nested(5000) })).toThrow(
      expect.objectContaining({ status: 400 }),
    );
    expect(() => env.emu.sendFromBot(conv.conversationId, { type: 'message', text: 'x'.repeat(1024 * 1024 + 1) })).toThrow(
      expect.objectContaining({ status: 400 }),
    );
    const cyclic: Record<string, unknown> = { type: 'message' };
    cyclic.channelData = cyclic;
    expect(() => env.emu.sendFromBot(conv.conversationId, cyclic as Partial<Activity>)).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => env.emu.sendFromBot(conv.conversationId, { type: 'message', value: BigInt(1) as unknown as string })).toThrow(
      expect.objectContaining({ status: 400 }),
    );
    const admin = await call(`${env.origin}/_emulator/sendFromBot`, {
      method: 'POST',
      auth: env.emu.secret,
      json: { conversationId: conv.conversationId, activity: { type: 'message', channelData: nested(100) } },
    });
    expect(admin.status).toBe(400);
    expect(env.emu.activities(conv.conversationId)).toEqual([]);
  });

  test("an in-process bot's too-deep reply fails the post with 502 and is not stored", async () => {
    const deepBot = await startEmulator({
      bot: (_a, reply) => {
        reply({ type: 'message', channelData: nested(500) });
      },
    });
    try {
      const conv = (await call(`${deepBot.domain}/conversations`, { method: 'POST', auth: deepBot.secret })).body;
      const r = await call(`${deepBot.domain}/conversations/${conv.conversationId}/activities`, {
        auth: conv.token,
        json: { type: 'message', from: { id: 'u' } },
      });
      expect(r.status).toBe(502);
      expect(deepBot.activities(conv.conversationId).map((a) => a.from?.role)).toEqual(['user']);
    } finally {
      await deepBot.close();
    }
  });
});

describe('one stored activity can never fail a GET or a replay', () => {
  test('planted in the store (too deep, cyclic): GET answers 200 with a stub for it, a socket replays everything and stays open', async () => {
    const conv = await start();
    expect((await post(conv, { type: 'message', from: { id: 'u' }, text: 'one' })).status).toBe(200);
    const [planted, cyclic] = env.emu.activities(conv.conversationId);
    // Planted behind the routes' back, as no route lets it in.
    (planted as any).channelData = nested(20_000);
    (cyclic as any).channelData = cyclic;

    const get = await call(`${env.emu.domain}/conversations/${conv.conversationId}/activities`, { auth: conv.token });
    expect(get.status).toBe(200);
    expect(get.body.activities).toEqual([
      {
        type: 'message',
        id: planted.id,
        timestamp: planted.timestamp,
        channelId: 'directline',
        conversation: { id: conv.conversationId },
        from: { id: 'u', role: 'user' },
      },
      {
        type: 'message',
        id: cyclic.id,
        timestamp: cyclic.timestamp,
        channelId: 'directline',
        conversation: { id: conv.conversationId },
        from: { id: 'bot', name: 'Bot', role: 'bot' },
      },
    ]);
    expect(typeof get.body.watermark).toBe('string');

    const socket = await socketOf(conv, '');
    await socket.until(() => socket.activities.length === 2);
    expect(socket.activities.map((a) => a.id)).toEqual([planted.id, cyclic.id]);
    expect((await post(conv, { type: 'message', from: { id: 'u' }, text: 'two' })).status).toBe(200);
    await socket.until(() => socket.activities.some((a) => a.text === 'echo: two'));
    expect(socket.closed).toBeUndefined();
  });
});
