import { call, emulatorPerTest, openSocket, sleep, userMessage } from './helpers';

const env = emulatorPerTest({ keepAliveMs: 60_000 });
const open = async (url: string) => {
  const r = await openSocket(url);
  env.sockets.push(r);
  return r;
};

const start = async () => (await call(`${env.emu.domain}/conversations`, { method: 'POST', auth: env.emu.secret })).body;
const post = (conv: any, json: unknown) =>
  call(`${env.emu.domain}/conversations/${conv.conversationId}/activities`, { auth: conv.token, json });
const reconnect = async (conv: any, watermark?: string) =>
  (
    await call(`${env.emu.domain}/conversations/${conv.conversationId}${watermark !== undefined ? `?watermark=${watermark}` : ''}`, {
      auth: conv.token,
    })
  ).body;

test('the stream carries the user post echoed with its service id, then the bot reply, each set with a watermark', async () => {
  const conv = await start();
  const ws = await open(conv.streamUrl);
  const r = await post(conv, userMessage('hi'));
  await ws.until(() => ws.activities.length >= 2);
  expect(ws.activities[0]).toMatchObject({ id: r.body.id, text: 'hi', from: { id: 'user1' } });
  expect(ws.activities[1]).toMatchObject({ text: 'echo: hi', from: { role: 'bot' } });
  for (const set of ws.sets) expect(typeof set.watermark).toBe('string');
  expect(env.emu.openSockets(conv.conversationId)).toBe(1);
  expect(env.emu.stats().handshakes).toBe(1);
});

test('activities posted between start and socket open are replayed on connect', async () => {
  const conv = await start();
  await post(conv, userMessage('early'));
  env.emu.sendFromBot(conv.conversationId, { type: 'message', text: 'from bot' });
  const ws = await open(conv.streamUrl);
  await ws.until(() => ws.activities.length >= 3);
  expect(ws.activities.map((a) => a.text)).toEqual(['early', 'echo: early', 'from bot']);
});

test('reconnect with a watermark replays only what came after it; without one, nothing older', async () => {
  const conv = await start();
  const first = await open(conv.streamUrl);
  await post(conv, userMessage('one'));
  await first.until(() => first.activities.length >= 2);
  const wm = first.sets[first.sets.length - 1].watermark!;
  first.close();
  await post(conv, userMessage('two'));
  const second = await open((await reconnect(conv, wm)).streamUrl);
  await second.until(() => second.activities.length >= 2);
  expect(second.activities.map((a) => a.text)).toEqual(['two', 'echo: two']);
  second.close();
  const third = await open((await reconnect(conv)).streamUrl);
  env.emu.sendFromBot(conv.conversationId, { type: 'message', text: 'later' });
  await third.until(() => third.activities.length >= 1);
  expect(third.activities.map((a) => a.text)).toEqual(['later']);
});

test('a long history is replayed in order, in several sets, ending at the newest watermark', async () => {
  const conv = await start();
  for (let i = 0; i < 250; i++) env.emu.sendFromBot(conv.conversationId, { type: 'message', text: `n${i}` });
  const ws = await open(conv.streamUrl);
  await ws.until(() => ws.activities.length >= 250);
  expect(ws.activities.map((a) => a.text)).toEqual(Array.from({ length: 250 }, (_, i) => `n${i}`));
  expect(ws.sets.length).toBeGreaterThan(1);
  const polled = await call(`${env.emu.domain}/conversations/${conv.conversationId}/activities`, { auth: conv.token });
  expect(ws.sets[ws.sets.length - 1].watermark).toBe(polled.body.watermark);
  // Each set's watermark stands for its last activity: polling from it gives exactly what follows.
  let seen = ws.sets[0].activities.length;
  const rest = await call(`${env.emu.domain}/conversations/${conv.conversationId}/activities?watermark=${ws.sets[0].watermark}`, {
    auth: conv.token,
  });
  expect(rest.body.activities.map((a: { text: string }) => a.text)).toEqual(Array.from({ length: 250 - seen }, (_, i) => `n${i + seen}`));
  seen += ws.sets[1].activities.length;
  const later = await call(`${env.emu.domain}/conversations/${conv.conversationId}/activities?watermark=${ws.sets[1].watermark}`, {
    auth: conv.token,
  });
  expect(later.body.activities).toHaveLength(250 - seen);
});

test('a stream URL is single-use: a second handshake with it is refused with 403', async () => {
  const conv = await start();
  const ws = await open(conv.streamUrl);
  ws.close();
  await expect(openSocket(conv.streamUrl)).rejects.toMatchObject({ status: 403 });
  expect(env.emu.stats().handshakesRefused).toBe(1);
});

test('a stream URL used after its lifetime is refused with 403', async () => {
  env.emu.faults.setLifetimes({ streamUrlMs: 150 });
  const conv = await start();
  await sleep(250);
  await expect(openSocket(conv.streamUrl)).rejects.toMatchObject({ status: 403 });
});

test('a forged stream token, one of another conversation, or an unknown path is refused', async () => {
  const a = await start();
  const b = await start();
  const tOfA = new URL(a.streamUrl).searchParams.get('t');
  const bUrl = new URL(b.streamUrl);
  bUrl.searchParams.set('t', tOfA!);
  await expect(openSocket(bUrl.toString())).rejects.toMatchObject({ status: 403 });
  const forged = new URL(b.streamUrl);
  forged.searchParams.set('t', 'abc.def.ghi');
  await expect(openSocket(forged.toString())).rejects.toMatchObject({ status: 403 });
  await expect(openSocket(env.emu.domain.replace('http', 'ws') + '/elsewhere')).rejects.toMatchObject({ status: 404 });
  const plain = await call(b.streamUrl.replace('ws', 'http'));
  expect(plain.status).toBe(426);
});

test('one socket per conversation: a new socket closes the older with reason collision', async () => {
  const conv = await start();
  const first = await open(conv.streamUrl);
  const second = await open((await reconnect(conv)).streamUrl);
  await first.until(() => first.closed !== undefined);
  expect(first.closed!.reason).toBe('collision');
  env.emu.sendFromBot(conv.conversationId, { type: 'message', text: 'after' });
  await second.until(() => second.activities.length === 1);
  expect(env.emu.openSockets(conv.conversationId)).toBe(1);
});

test('keep-alives are empty text frames on every open socket', async () => {
  env.emu.faults.setLifetimes({ keepAliveMs: 50 });
  const conv = await start();
  const ws = await open(conv.streamUrl);
  await ws.until(() => ws.frames.filter((f) => f === '').length >= 2, 2000);
  expect(ws.sets).toEqual([]);
});

test('typing reaches the socket in a set without watermark and is not replayed', async () => {
  const conv = await start();
  const ws = await open(conv.streamUrl);
  env.emu.sendFromBot(conv.conversationId, { type: 'typing' });
  await ws.until(() => ws.sets.length === 1);
  expect(ws.sets[0].activities[0].type).toBe('typing');
  expect(ws.sets[0]).not.toHaveProperty('watermark');
  expect(env.emu.activities(conv.conversationId)).toEqual([]);
});

test('dropSocket closes the socket with the given code and reason (1011 by default); nothing is lost', async () => {
  const conv = await start();
  const ws = await open(conv.streamUrl);
  env.emu.faults.dropSocket(conv.conversationId);
  await ws.until(() => ws.closed !== undefined);
  expect(ws.closed!.code).toBe(1011);
  await post(conv, userMessage('while down'));
  const again = await open((await reconnect(conv, '')).streamUrl);
  await again.until(() => again.activities.length >= 2);
  expect(again.activities.map((a) => a.text)).toEqual(['while down', 'echo: while down']);
  env.emu.faults.dropSocket(conv.conversationId, 4001, 'maintenance');
  await again.until(() => again.closed !== undefined);
  expect(again.closed).toEqual({ code: 4001, reason: 'maintenance' });
});

test('stallSocket keeps the socket open and silent; the next socket works normally', async () => {
  env.emu.faults.setLifetimes({ keepAliveMs: 40 });
  const conv = await start();
  const ws = await open(conv.streamUrl);
  await ws.until(() => ws.frames.length >= 1);
  env.emu.faults.stallSocket(conv.conversationId);
  const before = ws.frames.length;
  env.emu.sendFromBot(conv.conversationId, { type: 'message', text: 'lost on the stalled socket' });
  await sleep(200);
  expect(ws.frames.length).toBe(before);
  expect(ws.closed).toBeUndefined();
  const next = await open((await reconnect(conv, '')).streamUrl);
  await next.until(() => next.activities.length === 1);
  expect(next.activities[0].text).toBe('lost on the stalled socket');
  await sleep(100);
  expect(ws.closed).toBeUndefined();
  expect(ws.frames.length).toBe(before);
});

test('failNext on stream makes the handshake answer that status with Retry-After', async () => {
  const conv = await start();
  env.emu.faults.failNext('stream', 1, 503, { retryAfter: '2' });
  await expect(openSocket(conv.streamUrl)).rejects.toMatchObject({ status: 503, headers: expect.objectContaining({ 'retry-after': '2' }) });
  // The injected failure did not consume the single-use URL.
  const ws = await open(conv.streamUrl);
  expect(ws.ws.readyState).toBe(1);
});

test('removeConversation closes its socket and its stream answers 404', async () => {
  const conv = await start();
  const ws = await open(conv.streamUrl);
  const next = await reconnect(conv);
  env.emu.faults.removeConversation(conv.conversationId);
  await ws.until(() => ws.closed !== undefined);
  await expect(openSocket(next.streamUrl)).rejects.toMatchObject({ status: 404 });
});

test('close() ends every socket', async () => {
  const conv = await start();
  const ws = await open(conv.streamUrl);
  await env.emu.close();
  await ws.until(() => ws.closed !== undefined);
  expect(env.emu.openSockets()).toBe(0);
});
