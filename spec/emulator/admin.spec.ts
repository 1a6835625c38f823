import { call, emulatorPerTest, openSocket } from './helpers';

const env = emulatorPerTest();

const admin = (action: string, json: unknown, auth: string | null = env.emu.secret) =>
  call(`${env.origin}/_emulator/${action}`, { method: 'POST', auth: auth ?? undefined, json });
const start = async () => (await call(`${env.emu.domain}/conversations`, { method: 'POST', auth: env.emu.secret })).body;

test('admin routes need the secret: 401 without, 403 with a token or a wrong secret', async () => {
  const conv = await start();
  expect((await admin('reset', {}, null)).status).toBe(401);
  expect((await admin('reset', {}, conv.token)).status).toBe(403);
  expect((await admin('reset', {}, 'wrong')).status).toBe(403);
  expect((await admin('reset', {})).status).toBe(200);
  expect((await admin('nothing', {})).status).toBe(404);
  expect((await call(`${env.origin}/_emulator/reset`, { auth: env.emu.secret })).status).toBe(405);
});

test('failNext, delay and setLifetimes over HTTP act like the programmatic API', async () => {
  expect((await admin('failNext', { route: 'conversations/start', count: 1, status: 429, retryAfter: '1' })).status).toBe(200);
  const failed = await call(`${env.emu.domain}/conversations`, { method: 'POST', auth: env.emu.secret });
  expect(failed.status).toBe(429);
  expect(failed.headers.get('retry-after')).toBe('1');
  expect((await admin('setLifetimes', { tokenSec: 120 })).status).toBe(200);
  expect((await start()).expires_in).toBe(120);
  expect((await admin('delay', { route: 'session', ms: 150 })).status).toBe(200);
  const t = Date.now();
  await call(`${env.emu.domain}/session/getsessionid`, { auth: env.emu.secret });
  expect(Date.now() - t).toBeGreaterThanOrEqual(140);
  expect((await admin('failNext', { route: 'nope', status: 500 })).status).toBe(400);
  expect((await admin('delay', { ms: -1 })).status).toBe(400);
  const bad = await call(`${env.origin}/_emulator/delay`, {
    method: 'POST',
    auth: env.emu.secret,
    body: '{',
    headers: { 'Content-Type': 'application/json' },
  });
  expect(bad.status).toBe(400);
});

test('failNext takes retryAfter as whole seconds (a number) or as a header value (a string)', async () => {
  expect((await admin('failNext', { route: 'session', status: 503, retryAfter: 2 })).status).toBe(200);
  const failed = await call(`${env.emu.domain}/session/getsessionid`, { auth: env.emu.secret });
  expect(failed.status).toBe(503);
  expect(failed.headers.get('retry-after')).toBe('2');
  env.emu.faults.failNext('session', 1, 429, { retryAfter: 0 });
  expect((await call(`${env.emu.domain}/session/getsessionid`, { auth: env.emu.secret })).headers.get('retry-after')).toBe('0');
  const date = 'Wed, 21 Oct 2037 07:28:00 GMT';
  expect((await admin('failNext', { route: 'session', status: 503, retryAfter: date })).status).toBe(200);
  expect((await call(`${env.emu.domain}/session/getsessionid`, { auth: env.emu.secret })).headers.get('retry-after')).toBe(date);
  for (const bad of [1.5, -1, 'line\nbreak', true]) {
    const refused = await admin('failNext', { route: 'session', status: 503, retryAfter: bad });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/retryAfter/);
  }
  expect((await call(`${env.emu.domain}/session/getsessionid`, { auth: env.emu.secret })).status).toBe(200);
});

test('dropSocket, stallSocket, expireToken, sendFromBot, activities, removeConversation and stats over HTTP', async () => {
  const conv = await start();
  const ws = await openSocket(conv.streamUrl);
  env.sockets.push(ws);
  const sent = await admin('sendFromBot', { conversationId: conv.conversationId, activity: { type: 'message', text: 'admin says hi' } });
  expect(sent.status).toBe(200);
  await ws.until(() => ws.activities.length === 1);
  expect(ws.activities[0]).toMatchObject({ id: sent.body.id, text: 'admin says hi', from: { role: 'bot' } });
  const listed = await admin('activities', { conversationId: conv.conversationId });
  expect(listed.body.activities.map((a: any) => a.id)).toEqual([sent.body.id]);
  const stats = await admin('stats', {});
  expect(stats.body).toMatchObject({ handshakes: 1, openSockets: 1, requests: { 'conversations/start': 1 } });
  expect((await admin('stallSocket', { conversationId: conv.conversationId })).status).toBe(200);
  expect((await admin('dropSocket', { conversationId: conv.conversationId, code: 4000, reason: 'bye' })).status).toBe(200);
  await ws.until(() => ws.closed !== undefined);
  expect(ws.closed).toEqual({ code: 4000, reason: 'bye' });
  expect((await admin('expireToken', { conversationId: conv.conversationId })).status).toBe(200);
  const expired = await call(`${env.emu.domain}/conversations/${conv.conversationId}`, { auth: conv.token });
  expect(expired.body.error.code).toBe('TokenExpired');
  expect((await admin('expireToken', { conversationId: 'unknown' })).status).toBe(400);
  expect((await admin('removeConversation', { conversationId: conv.conversationId })).status).toBe(200);
  expect((await call(`${env.emu.domain}/conversations/${conv.conversationId}`, { auth: env.emu.secret })).status).toBe(404);
  expect((await admin('setPublicBaseUrl', { url: 'https://proxy.example' })).status).toBe(200);
  expect((await start()).streamUrl).toMatch(/^wss:\/\/proxy\.example\//);
});
