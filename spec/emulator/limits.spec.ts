import { startEmulator, type Emulator } from '../../src/emulator';
import { call, openSocket, type Recorder } from './helpers';

const MAX_TIMER_MS = 2 ** 31 - 1;

let emu: Emulator | undefined;
const sockets: Recorder[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await emu?.close();
  emu = undefined;
});

const originOf = (e: Emulator) => e.domain.replace('/v3/directline', '');
const admin = (e: Emulator, action: string, json: unknown) =>
  call(`${originOf(e)}/_emulator/${action}`, { method: 'POST', auth: e.secret, json });
const start = async (e: Emulator) => (await call(`${e.domain}/conversations`, { method: 'POST', auth: e.secret })).body;

describe('durations are bounded by what a timer takes', () => {
  test('delay and setLifetimes past 2^31 - 1 ms answer 400 with a body naming the setting, and change nothing', async () => {
    emu = await startEmulator({ keepAliveMs: 60_000 });
    const e = emu;
    const tooLongDelay = await admin(e, 'delay', { ms: 1e12 });
    expect(tooLongDelay.status).toBe(400);
    expect(tooLongDelay.body.error).toEqual({
      code: 'BadArgument',
      message: `ms must be a number of milliseconds from 0 to ${MAX_TIMER_MS}`,
    });
    const tooLongKeepAlive = await admin(e, 'setLifetimes', { tokenSec: 5, keepAliveMs: 1e12 });
    expect(tooLongKeepAlive.status).toBe(400);
    expect(tooLongKeepAlive.body.error.message).toContain('keepAliveMs');
    expect((await admin(e, 'setLifetimes', { tokenSec: 1e10 })).body.error.message).toContain('tokenSec');
    expect((await admin(e, 'setLifetimes', { streamUrlMs: MAX_TIMER_MS + 1 })).status).toBe(400);
    // Nothing was applied: the token lifetime is still the default, and calls are not delayed.
    expect((await start(e)).expires_in).toBe(1800);
    expect((await admin(e, 'delay', { ms: MAX_TIMER_MS })).status).toBe(200);
    expect((await admin(e, 'delay', { ms: 0 })).status).toBe(200);
  });

  test('the same bounds hold for the programmatic controls and the options', async () => {
    emu = await startEmulator();
    expect(() => emu!.faults.delay('*', 1e12)).toThrow(new TypeError(`ms must be a number of milliseconds from 0 to ${MAX_TIMER_MS}`));
    expect(() => emu!.faults.delay('*', Infinity)).toThrow(TypeError);
    expect(() => emu!.faults.setLifetimes({ keepAliveMs: 1e12 })).toThrow(/keepAliveMs/);
    await expect(startEmulator({ keepAliveMs: 1e12 })).rejects.toThrow(/keepAliveMs/);
    await expect(startEmulator({ botTimeoutMs: MAX_TIMER_MS + 1 })).rejects.toThrow(/botTimeoutMs/);
    await expect(startEmulator({ tokenLifetimeSec: -1 })).rejects.toThrow(/tokenLifetimeSec/);
  });

  test('a route delayed for every route and on its own never waits longer than a timer takes', async () => {
    emu = await startEmulator();
    const timers = jest.spyOn(global, 'setTimeout');
    try {
      emu.faults.delay('*', MAX_TIMER_MS);
      emu.faults.delay('session', MAX_TIMER_MS);
      const pending = call(`${emu.domain}/session/getsessionid`, { auth: emu.secret }).catch(() => undefined);
      await waitFor(() => timers.mock.calls.some(([, ms]) => ms === MAX_TIMER_MS));
      expect(timers.mock.calls.every(([, ms]) => ms === undefined || ms <= MAX_TIMER_MS)).toBe(true);
      await emu.close();
      await pending;
    } finally {
      timers.mockRestore();
    }
  });
});

describe('conversations nothing can reach any more are freed', () => {
  test('after 1,000 starts, those whose tokens and stream URLs expired go; one with an open socket stays', async () => {
    emu = await startEmulator({ tokenLifetimeSec: 1, streamUrlLifetimeMs: 1000 });
    const e = emu;
    const held = await start(e);
    sockets.push(await openSocket(held.streamUrl));
    let peak = 0;
    for (let batch = 0; batch < 50; batch++) {
      await Promise.all(Array.from({ length: 20 }, () => start(e)));
      peak = Math.max(peak, e.stats().conversations);
    }
    expect(peak).toBeGreaterThan(50);
    // Each start sweeps what has expired (at most once a second): poll with more starts, bounded.
    // The poll's own starts live for a second too: about 20 of them at a time.
    await waitFor(async () => {
      await start(e);
      return e.stats().conversations < 50;
    });
    expect(e.stats().conversations).toBeLessThan(50);
    // The held conversation is still served, and its socket still delivers.
    const sent = e.sendFromBot(held.conversationId, { type: 'message', text: 'still here' });
    await sockets[0].until(() => sockets[0].activities.some((a) => a.id === sent.id));
    expect((await call(`${e.domain}/conversations/${held.conversationId}`, { auth: e.secret })).status).toBe(200);
  });

  test('a freed conversation answers 404 to the secret and TokenExpired to its own token, and its files go with it', async () => {
    emu = await startEmulator({ tokenLifetimeSec: 0.2, streamUrlLifetimeMs: 200 });
    const e = emu;
    const conv = await start(e);
    const uploaded = await call(`${e.domain}/conversations/${conv.conversationId}/upload?userId=u1`, {
      auth: conv.token,
      body: 'file body',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(uploaded.status).toBe(200);
    const fileUrl = e.activities(conv.conversationId)[0].attachments![0].contentUrl!;
    expect((await call(fileUrl)).status).toBe(200);
    await waitFor(async () => {
      await start(e);
      return e.activities(conv.conversationId).length === 0;
    });
    expect((await call(`${e.domain}/conversations/${conv.conversationId}`, { auth: e.secret })).status).toBe(404);
    expect((await call(`${e.domain}/conversations/${conv.conversationId}`, { auth: conv.token })).body.error.code).toBe('TokenExpired');
    expect((await call(fileUrl)).status).toBe(404);
  });

  test('a conversation in use is kept: each call and each refreshed token extends it', async () => {
    emu = await startEmulator({ tokenLifetimeSec: 0.5, streamUrlLifetimeMs: 500 });
    const e = emu;
    const conv = await start(e);
    let token: string = conv.token;
    const until = Date.now() + 1500;
    // Refreshing keeps it reachable well past its first token's lifetime.
    while (Date.now() < until) {
      const refreshed = await call(`${e.domain}/tokens/refresh`, { method: 'POST', auth: token });
      expect(refreshed.status).toBe(200);
      token = refreshed.body.token;
      await start(e);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await call(`${e.domain}/conversations/${conv.conversationId}`, { auth: token })).status).toBe(200);
  });
});

/** Polls a condition (sync or async) until it holds; fails after a bounded number of tries. */
async function waitFor(check: () => boolean | Promise<boolean>, tries = 200, everyMs = 50): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error('condition not met in time');
}
