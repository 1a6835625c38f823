import { createDemoHandler } from '../../src/demo/handler';
import { startEmulator, type Emulator } from '../../src/emulator';
import { call, openSocket, sleep, type Recorder } from '../emulator/helpers';

/** Each lever of the demo page, pulled by one session, must leave every other session alone. */
let emulator: Emulator;
let origin: string;
const sockets: Recorder[] = [];

beforeEach(async () => {
  emulator = await startEmulator({ demo: createDemoHandler });
  origin = emulator.domain.replace(/\/v3\/directline$/, '');
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await emulator.close();
});

interface Session {
  key: string;
  conversationId: string;
  userId: string;
  token: string;
}

const api = (action: string, json: unknown = {}) => call(`${origin}/demo/api/${action}`, { method: 'POST', json });

async function session(): Promise<Session & { socket: Recorder }> {
  const s = (await api('session')).body as Session;
  const start = (await call(`${emulator.domain}/conversations`, { method: 'POST', auth: s.token })).body;
  const socket = await openSocket(start.streamUrl);
  sockets.push(socket);
  return { ...s, socket };
}

const post = (s: Session, token = s.token) =>
  call(`${emulator.domain}/conversations/${s.conversationId}/activities`, {
    auth: token,
    json: { type: 'message', from: { id: s.userId }, text: 'hi' },
  });
const lever = (s: Session, action: string) => api('fault', { key: s.key, action });

test("failNextPost fails the session's own next post only, whoever posts first", async () => {
  const [mine, other] = await Promise.all([session(), session()]);
  expect((await lever(mine, 'failNextPost')).status).toBe(200);
  expect((await post(other)).status).toBe(200);
  expect((await post(other)).status).toBe(200);
  expect((await post(mine)).status).toBe(500);
  expect((await post(mine)).status).toBe(200);
});

test("dropSocket closes the session's own socket only", async () => {
  const [mine, other] = await Promise.all([session(), session()]);
  expect((await lever(mine, 'dropSocket')).status).toBe(200);
  await mine.socket.until(() => mine.socket.closed !== undefined);
  expect(other.socket.closed).toBeUndefined();
  expect(emulator.openSockets(other.conversationId)).toBe(1);
  emulator.sendFromBot(other.conversationId, { type: 'message', text: 'still here' });
  await other.socket.until(() => other.socket.activities.some((a) => a.text === 'still here'));
});

test("stallSocket silences the session's own socket only", async () => {
  const [mine, other] = await Promise.all([session(), session()]);
  expect((await lever(mine, 'stallSocket')).status).toBe(200);
  emulator.sendFromBot(mine.conversationId, { type: 'message', text: 'to mine' });
  emulator.sendFromBot(other.conversationId, { type: 'message', text: 'to other' });
  await other.socket.until(() => other.socket.activities.some((a) => a.text === 'to other'));
  await sleep(100);
  expect(mine.socket.activities.map((a) => a.text)).not.toContain('to mine');
});

test("expireToken expires the session's own tokens only", async () => {
  const [mine, other] = await Promise.all([session(), session()]);
  expect((await lever(mine, 'expireToken')).status).toBe(200);
  const refused = await post(mine);
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('TokenExpired');
  expect((await post(other)).status).toBe(200);
  expect((await call(`${emulator.domain}/tokens/refresh`, { method: 'POST', auth: other.token })).status).toBe(200);
});

test('a session key names its own conversation only: a key of another session, or none, pulls nothing', async () => {
  const [mine, other] = await Promise.all([session(), session()]);
  for (const key of ['', 'nope', '__proto__', 'constructor', 'hasOwnProperty', mine.conversationId]) {
    expect((await api('fault', { key, action: 'failNextPost' })).status).toBe(404);
  }
  expect((await post(mine)).status).toBe(200);
  expect((await post(other)).status).toBe(200);
});

test('the admin failNext with a conversationId fails that conversation only', async () => {
  const [mine, other] = await Promise.all([session(), session()]);
  const admin = await call(`${origin}/_emulator/failNext`, {
    method: 'POST',
    auth: emulator.secret,
    json: { route: 'activities/post', status: 503, conversationId: mine.conversationId },
  });
  expect(admin.status).toBe(200);
  expect((await post(other)).status).toBe(200);
  expect((await post(mine)).status).toBe(503);
  expect((await post(mine)).status).toBe(200);
});
