import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from '../../src/protocol/activity';
import { startEmulator, type Emulator } from '../../src/emulator';
import { call } from './helpers';

let emu: Emulator | undefined;
let botServer: Server | undefined;
afterEach(async () => {
  await emu?.close();
  await new Promise((resolve) => (botServer ? botServer.close(resolve) : resolve(undefined)));
  emu = undefined;
  botServer = undefined;
});

/** A bot at a URL that records what the emulator sends it and answers 200. */
async function recordingBot(): Promise<{ url: string; seen: Activity[]; until: (n: number) => Promise<void> }> {
  const seen: Activity[] = [];
  botServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => botServer!.listen(0, '127.0.0.1', resolve));
  const until = async (n: number) => {
    for (let i = 0; i < 200 && seen.length < n; i++) await new Promise((r) => setTimeout(r, 10));
  };
  return { url: `http://127.0.0.1:${(botServer.address() as AddressInfo).port}/api/messages`, seen, until };
}

describe("the start's locale", () => {
  test("reaches the bot's conversationUpdate and the user's activities that carry none; one they carry is kept", async () => {
    const bot = await recordingBot();
    emu = await startEmulator({ bot: bot.url });
    const token = (await call(`${emu.domain}/tokens/generate`, { method: 'POST', auth: emu.secret, json: { user: { id: 'dl_li' } } })).body
      .token;
    // As the official client starts: {user, locale}.
    const start = await call(`${emu.domain}/conversations`, {
      method: 'POST',
      auth: token,
      json: { user: { id: 'dl_li' }, locale: 'zh-CN' },
    });
    expect(start.status).toBe(201);
    await bot.until(1);
    expect(bot.seen[0]).toMatchObject({ type: 'conversationUpdate', locale: 'zh-CN' });
    const post = (activity: unknown) =>
      call(`${emu!.domain}/conversations/${start.body.conversationId}/activities`, { auth: token, json: activity });
    expect((await post({ type: 'message', text: '你好', from: { id: 'dl_li' } })).status).toBe(200);
    expect((await post({ type: 'message', text: 'bonjour', from: { id: 'dl_li' }, locale: 'fr-FR' })).status).toBe(200);
    expect(bot.seen.slice(1).map((a) => [a.text, a.locale])).toEqual([
      ['你好', 'zh-CN'],
      ['bonjour', 'fr-FR'],
    ]);
    expect(emu.activities(start.body.conversationId).map((a) => a.locale)).toEqual(['zh-CN', 'fr-FR']);
  });

  test('without a locale at start, activities carry none', async () => {
    const seen: Activity[] = [];
    emu = await startEmulator({ bot: (a) => void seen.push(a) });
    const conv = (await call(`${emu.domain}/conversations`, { method: 'POST', auth: emu.secret })).body;
    await call(`${emu.domain}/conversations/${conv.conversationId}/activities`, {
      auth: conv.token,
      json: { type: 'message', from: { id: 'u' } },
    });
    expect(seen[0].locale).toBeUndefined();
  });
});

test('an upload keeps the thumbnailUrl of each file, matched by name as the official client sends them', async () => {
  emu = await startEmulator({ bot: () => undefined });
  const conv = (await call(`${emu.domain}/conversations`, { method: 'POST', auth: emu.secret, json: { locale: 'en-GB' } })).body;
  const form = new FormData();
  // The activity part lists the files without contentUrl; the files follow in another order.
  const descriptors = [
    { contentType: 'image/png', name: 'a.png', thumbnailUrl: 'data:image/png;base64,AAAA' },
    { contentType: 'image/png', name: 'b.png', thumbnailUrl: 'data:image/png;base64,BBBB' },
    { contentType: 'text/plain', name: 'c.txt' },
  ];
  form.append(
    'activity',
    new Blob([JSON.stringify({ type: 'message', from: { id: 'u' }, attachments: descriptors })], {
      type: 'application/vnd.microsoft.activity',
    }),
  );
  form.append('file', new Blob(['b'], { type: 'image/png' }), 'b.png');
  form.append('file', new Blob(['c'], { type: 'text/plain' }), 'c.txt');
  form.append('file', new Blob(['a'], { type: 'image/png' }), 'a.png');
  const r = await call(`${emu.domain}/conversations/${conv.conversationId}/upload?userId=u`, { auth: conv.token, body: form });
  expect(r.status).toBe(200);
  const [posted] = emu.activities(conv.conversationId);
  expect(posted.attachments!.map((a) => [a.name, a.thumbnailUrl])).toEqual([
    ['b.png', 'data:image/png;base64,BBBB'],
    ['c.txt', undefined],
    ['a.png', 'data:image/png;base64,AAAA'],
  ]);
  expect(posted.locale).toBe('en-GB');
});

test('tokens say expires_in 1800 by default, as the service does (generate, start, refresh)', async () => {
  emu = await startEmulator();
  const generated = await call(`${emu.domain}/tokens/generate`, { method: 'POST', auth: emu.secret });
  expect(generated.body.expires_in).toBe(1800);
  const started = await call(`${emu.domain}/conversations`, { method: 'POST', auth: emu.secret });
  expect(started.body.expires_in).toBe(1800);
  const refreshed = await call(`${emu.domain}/tokens/refresh`, { method: 'POST', auth: started.body.token });
  expect(refreshed.body.expires_in).toBe(1800);
});
