import type { Activity } from '../../src/protocol/activity';
import { startEmulator, type Emulator } from '../../src/emulator';
import { call } from './helpers';

let emu: Emulator;
const seenByBot: Activity[] = [];
beforeEach(async () => {
  seenByBot.length = 0;
  emu = await startEmulator({ bot: (activity) => void seenByBot.push(activity) });
});
afterEach(() => emu.close());

const tokenFor = async (userId?: string) =>
  (await call(`${emu.domain}/tokens/generate`, { method: 'POST', auth: emu.secret, json: userId ? { user: { id: userId } } : {} })).body;
const post = (conv: { conversationId: string }, auth: string, activity: unknown) =>
  call(`${emu.domain}/conversations/${conv.conversationId}/activities`, { auth, json: activity });

describe('a token bound to a user: from.id is rewritten to it, as the service does', () => {
  test('a post as someone else is stored, and reaches the bot, as the token user', async () => {
    const alice = await tokenFor('dl_alice');
    const r = await post(alice, alice.token, { type: 'message', text: 'hi', from: { id: 'dl_mallory', name: 'Mallory' } });
    expect(r.status).toBe(200);
    const [stored] = emu.activities(alice.conversationId);
    expect(stored.from).toEqual({ id: 'dl_alice', name: 'Mallory', role: 'user' });
    expect(seenByBot[0].from).toEqual({ id: 'dl_alice', name: 'Mallory', role: 'user' });
  });

  test("role 'bot' or the bot's id from a client is stored as the token user, role user", async () => {
    const alice = await tokenFor('dl_alice');
    expect((await post(alice, alice.token, { type: 'message', text: 'a', from: { id: 'dl_alice', role: 'bot' } })).status).toBe(200);
    expect((await post(alice, alice.token, { type: 'message', text: 'b', from: { id: 'bot', name: 'Bot', role: 'bot' } })).status).toBe(
      200,
    );
    expect(emu.activities(alice.conversationId).map((a) => a.from)).toEqual([
      { id: 'dl_alice', role: 'user' },
      { id: 'dl_alice', name: 'Bot', role: 'user' },
    ]);
  });

  test('an upload with another userId is from the token user', async () => {
    const alice = await tokenFor('dl_alice');
    const r = await call(`${emu.domain}/conversations/${alice.conversationId}/upload?userId=dl_mallory`, {
      auth: alice.token,
      body: 'x',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(r.status).toBe(200);
    expect(emu.activities(alice.conversationId)[0].from).toEqual({ id: 'dl_alice', role: 'user' });
  });
});

describe('without a user in the token (the secret, or a token made without one)', () => {
  test("the client's from.id is kept, its role is always user", async () => {
    const anyone = await tokenFor();
    expect((await post(anyone, anyone.token, { type: 'message', from: { id: 'u1', role: 'bot' } })).status).toBe(200);
    expect(emu.activities(anyone.conversationId)[0].from).toEqual({ id: 'u1', role: 'user' });
  });

  test("a post with the bot's id is refused with 400 and nothing is stored or delivered", async () => {
    const anyone = await tokenFor();
    for (const auth of [anyone.token, emu.secret]) {
      const r = await post(anyone, auth, { type: 'message', text: 'I am the bot', from: { id: 'bot', role: 'bot' } });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('BadArgument');
    }
    expect(emu.activities(anyone.conversationId)).toEqual([]);
    expect(seenByBot).toEqual([]);
  });

  test("a token cannot be made for the bot's id", async () => {
    const r = await call(`${emu.domain}/tokens/generate`, { method: 'POST', auth: emu.secret, json: { user: { id: 'bot' } } });
    expect(r.status).toBe(400);
    expect(emu.stats().conversations).toBe(0);
  });
});
