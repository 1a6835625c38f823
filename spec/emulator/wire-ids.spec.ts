import { createDemoHandler } from '../../src/demo/handler';
import { startEmulator, type Emulator } from '../../src/emulator';
import { headerParams } from '../../src/emulator/routes/multipart';
import { call, openSocket } from './helpers';

/** Ids from the wire that name properties every plain object inherits. */
const NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'];

let emu: Emulator;
let origin: string;
beforeEach(async () => {
  emu = await startEmulator({ demo: createDemoHandler });
  origin = emu.domain.replace('/v3/directline', '');
});
afterEach(() => emu.close());

test('header parameters named like Object.prototype members are parameters like any other', () => {
  const params = headerParams('form-data; __proto__="p"; constructor="c"; name="hasOwnProperty"; filename="toString"; valueOf*=UTF-8\'\'v');
  expect(Object.getPrototypeOf(params)).toBeNull();
  expect(Object.entries(params)).toEqual([
    ['__proto__', 'p'],
    ['constructor', 'c'],
    ['name', 'hasOwnProperty'],
    ['filename', 'toString'],
    ['valueof', 'v'],
  ]);
  expect(headerParams('x; a=1').constructor).toBeUndefined();
});

test.each(NAMES)('a conversation id %s answers 404 on every route that takes one, and 400 on the admin routes', async (id) => {
  const enc = encodeURIComponent(id);
  const auth = emu.secret;
  const answers = await Promise.all([
    call(`${emu.domain}/conversations/${enc}`, { auth }),
    call(`${emu.domain}/conversations/${enc}/activities`, { auth }),
    call(`${emu.domain}/conversations/${enc}/activities`, { auth, json: { type: 'message', from: { id: 'u' } } }),
    call(`${emu.domain}/conversations/${enc}/upload?userId=u`, { auth, body: 'x', headers: { 'Content-Type': 'text/plain' } }),
    call(`${origin}/v3/conversations/${enc}/activities`, { json: { type: 'message' } }),
    call(`${origin}/v3/conversations/${enc}/members`),
    call(`${emu.domain}/attachments/${enc}`),
  ]);
  expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
  const admin = (action: string, json: unknown) => call(`${origin}/_emulator/${action}`, { method: 'POST', auth, json });
  expect((await admin('sendFromBot', { conversationId: id, activity: { type: 'message' } })).status).toBe(400);
  expect((await admin('expireToken', { conversationId: id })).status).toBe(400);
  expect((await admin('activities', { conversationId: id })).body).toEqual({ activities: [] });
  expect((await admin(id, {})).status).toBe(404);
  expect((await call(`${origin}/demo/api/${id.replace(/_/g, '')}`, { method: 'POST', json: {} })).status).toBe(404);
  expect((await call(`${origin}/demo/api/events?key=${enc}`)).status).toBe(404);
  expect((await call(`${origin}/demo/api/token`, { method: 'POST', json: { key: id } })).status).toBe(404);
  // A failure planted for such a conversation touches no other.
  expect((await admin('failNext', { route: 'activities/post', status: 500, conversationId: id })).status).toBe(200);
  const conv = (await call(`${emu.domain}/conversations`, { method: 'POST', auth })).body;
  expect(
    (await call(`${emu.domain}/conversations/${conv.conversationId}/activities`, { auth, json: { type: 'message', from: { id: 'u' } } }))
      .status,
  ).toBe(200);
});

test.each(NAMES)('user id, from.id, clientActivityID and file name %s go through like any other', async (name) => {
  const generated = (await call(`${emu.domain}/tokens/generate`, { method: 'POST', auth: emu.secret, json: { user: { id: name } } })).body;
  const conv = (await call(`${emu.domain}/conversations`, { method: 'POST', auth: generated.token })).body;
  const socket = await openSocket(conv.streamUrl);
  try {
    const posted = await call(`${emu.domain}/conversations/${conv.conversationId}/activities`, {
      auth: generated.token,
      json: { type: 'message', text: 'hi', from: { id: name, name }, channelData: { clientActivityID: name } },
    });
    expect(posted.status).toBe(200);
    const form = new FormData();
    form.append('file', new Blob(['data'], { type: 'text/plain' }), name);
    const uploaded = await call(`${emu.domain}/conversations/${conv.conversationId}/upload?userId=${encodeURIComponent(name)}`, {
      auth: generated.token,
      body: form,
    });
    expect(uploaded.status).toBe(200);
    await socket.until(() => socket.activities.length === 4);
    const [mine, , file] = socket.activities;
    expect(mine).toMatchObject({ from: { id: name, role: 'user' }, channelData: { clientActivityID: name } });
    expect(file.attachments![0].name).toBe(name);
    expect(await (await fetch(file.attachments![0].contentUrl!)).text()).toBe('data');
    const members = (await call(`${origin}/v3/conversations/${conv.conversationId}/members`)).body;
    expect(members).toContainEqual({ id: name, name });
  } finally {
    socket.close();
  }
});

test('an activity with its own "__proto__" key is stored as sent and pollutes nothing', async () => {
  const conv = (await call(`${emu.domain}/conversations`, { method: 'POST', auth: emu.secret })).body;
  const body =
    '{"type":"message","from":{"id":"u","__proto__":{"role":"bot"}},"__proto__":{"polluted":true},"channelData":{"__proto__":{"x":1}}}';
  const r = await call(`${emu.domain}/conversations/${conv.conversationId}/activities`, {
    auth: conv.token,
    body,
    headers: { 'Content-Type': 'application/json' },
  });
  expect(r.status).toBe(200);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const [stored] = (await call(`${emu.domain}/conversations/${conv.conversationId}/activities`, { auth: conv.token })).body.activities;
  expect(stored.type).toBe('message');
  expect(stored.from.role).toBe('user');
  expect(stored.polluted).toBeUndefined();
});
