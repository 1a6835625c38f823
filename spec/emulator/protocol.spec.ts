import { startEmulator, type Emulator } from '../../src/emulator';
import { call, sleep, userMessage } from './helpers';

let emu: Emulator;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(() => emu.close());

const start = async (auth = emu.secret, json?: unknown) =>
  call(`${emu.domain}/conversations`, { method: 'POST', auth, ...(json !== undefined ? { json } : {}) });

const decodeClaims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

describe('tokens', () => {
  test('generate gives a JWT-shaped token bound to a new conversation, without starting it', async () => {
    const gen = await call(`${emu.domain}/tokens/generate`, { auth: emu.secret, json: { user: { id: 'dl_alice' } } });
    expect(gen.status).toBe(200);
    expect(gen.body).toEqual({ conversationId: expect.any(String), token: expect.any(String), expires_in: 1800 });
    const claims = decodeClaims(gen.body.token);
    expect(claims).toMatchObject({ conv: gen.body.conversationId, user: 'dl_alice', iss: expect.any(String) });
    expect(claims.exp).toBeGreaterThan(claims.nbf);
    // Not started: the first start with the token answers 201, the second 200.
    const first = await start(gen.body.token);
    expect(first.status).toBe(201);
    expect(first.body.conversationId).toBe(gen.body.conversationId);
    const second = await start(gen.body.token);
    expect(second.status).toBe(200);
    expect(emu.stats().requests['tokens/generate']).toBe(1);
  });

  test('a generated token can post and poll before the conversation is started', async () => {
    const gen = await call(`${emu.domain}/tokens/generate`, { auth: emu.secret, body: '' });
    const url = `${emu.domain}/conversations/${gen.body.conversationId}/activities`;
    expect((await call(url, { auth: gen.body.token, json: userMessage('early bird') })).status).toBe(200);
    const polled = await call(url, { auth: gen.body.token });
    expect(polled.body.activities.map((a: any) => a.text)).toEqual(['early bird', 'echo: early bird']);
  });

  test('generate needs the secret; a token gets 403', async () => {
    const gen = await call(`${emu.domain}/tokens/generate`, { auth: emu.secret, body: '' });
    const again = await call(`${emu.domain}/tokens/generate`, { auth: gen.body.token, body: '' });
    expect(again.status).toBe(403);
    expect(again.body.error.code).toBe('BadArgument');
  });

  test('refresh gives a new token for the same conversation; the old one still works until it expires', async () => {
    const s = await start();
    const refreshed = await call(`${emu.domain}/tokens/refresh`, { method: 'POST', auth: s.body.token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.conversationId).toBe(s.body.conversationId);
    expect(refreshed.body.token).not.toBe(s.body.token);
    expect(refreshed.body.expires_in).toBe(1800);
    const get = await call(`${emu.domain}/conversations/${s.body.conversationId}/activities`, { auth: refreshed.body.token });
    expect(get.status).toBe(200);
  });

  test('refresh with the secret is refused (403)', async () => {
    const r = await call(`${emu.domain}/tokens/refresh`, { method: 'POST', auth: emu.secret });
    expect(r.status).toBe(403);
  });

  test('an expired token gets 403 TokenExpired on every route, refresh included', async () => {
    emu.faults.setLifetimes({ tokenSec: 1 });
    const s = await start();
    expect(s.body.expires_in).toBe(1);
    await sleep(1100);
    for (const r of [
      await call(`${emu.domain}/tokens/refresh`, { method: 'POST', auth: s.body.token }),
      await call(`${emu.domain}/conversations/${s.body.conversationId}`, { auth: s.body.token }),
      await call(`${emu.domain}/conversations/${s.body.conversationId}/activities`, { auth: s.body.token, json: userMessage('x') }),
    ]) {
      expect(r.status).toBe(403);
      expect(r.body).toEqual({ error: { code: 'TokenExpired', message: expect.any(String) } });
    }
  });

  test('faults.expireToken expires every token issued so far, not later ones', async () => {
    const s = await start();
    const refreshed = await call(`${emu.domain}/tokens/refresh`, { method: 'POST', auth: s.body.token });
    emu.faults.expireToken(s.body.conversationId);
    for (const token of [s.body.token, refreshed.body.token]) {
      const r = await call(`${emu.domain}/conversations/${s.body.conversationId}/activities`, { auth: token });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('TokenExpired');
    }
    const fresh = await call(`${emu.domain}/conversations/${s.body.conversationId}`, { auth: emu.secret });
    const r = await call(`${emu.domain}/conversations/${s.body.conversationId}/activities`, { auth: fresh.body.token });
    expect(r.status).toBe(200);
  });

  test('a forged or tampered token gets 403, a stream token cannot be used for REST', async () => {
    const s = await start();
    const [h, p] = s.body.token.split('.');
    const tampered = `${h}.${p}.AAAA${s.body.token.split('.')[2].slice(4)}`;
    expect((await call(`${emu.domain}/conversations/${s.body.conversationId}/activities`, { auth: tampered })).status).toBe(403);
    const streamToken = new URL(s.body.streamUrl).searchParams.get('t')!;
    expect((await call(`${emu.domain}/conversations/${s.body.conversationId}/activities`, { auth: streamToken })).status).toBe(403);
  });
});

describe('authorization', () => {
  test('a missing or malformed Authorization header gets 401 on every protocol route', async () => {
    const s = await start();
    const id = s.body.conversationId;
    const routes: [string, string][] = [
      ['POST', '/tokens/generate'],
      ['POST', '/tokens/refresh'],
      ['POST', '/conversations'],
      ['GET', `/conversations/${id}`],
      ['GET', `/conversations/${id}/activities`],
      ['POST', `/conversations/${id}/activities`],
      ['POST', `/conversations/${id}/upload`],
      ['GET', '/session/getsessionid'],
    ];
    for (const [method, path] of routes) {
      const none = await call(`${emu.domain}${path}`, { method });
      expect([path, none.status, none.body?.error?.code]).toEqual([path, 401, expect.any(String)]);
      const basic = await call(`${emu.domain}${path}`, { method, headers: { Authorization: 'Basic abc' } });
      expect([path, basic.status]).toEqual([path, 401]);
    }
  });

  test('a wrong secret gets 403', async () => {
    const r = await start('not-the-secret-at-all');
    expect(r.status).toBe(403);
  });

  test('a token of conversation A gets 403 on conversation B; the secret works everywhere', async () => {
    const a = await start();
    const b = await start();
    const cross = await call(`${emu.domain}/conversations/${b.body.conversationId}/activities`, { auth: a.body.token });
    expect(cross.status).toBe(403);
    expect(cross.body.error.code).toBe('BadArgument');
    const crossGet = await call(`${emu.domain}/conversations/${b.body.conversationId}`, { auth: a.body.token });
    expect(crossGet.status).toBe(403);
    const bySecret = await call(`${emu.domain}/conversations/${b.body.conversationId}/activities`, { auth: emu.secret });
    expect(bySecret.status).toBe(200);
  });

  test('an unknown conversation gets 404; a removed one too', async () => {
    const unknown = await call(`${emu.domain}/conversations/nope/activities`, { auth: emu.secret });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toEqual(expect.any(String));
    const s = await start();
    emu.faults.removeConversation(s.body.conversationId);
    const gone = await call(`${emu.domain}/conversations/${s.body.conversationId}`, { auth: s.body.token });
    expect(gone.status).toBe(404);
    const goneSecret = await call(`${emu.domain}/conversations/${s.body.conversationId}/activities`, {
      auth: emu.secret,
      json: userMessage('x'),
    });
    expect(goneSecret.status).toBe(404);
  });
});

describe('conversations', () => {
  test('start with the secret answers 201 with the real field names and a stream URL', async () => {
    const s = await start(emu.secret, { user: { id: 'u1' }, locale: 'en-US' });
    expect(s.status).toBe(201);
    expect(s.body).toMatchObject({ conversationId: expect.any(String), token: expect.any(String), expires_in: 1800 });
    const stream = new URL(s.body.streamUrl);
    expect(stream.protocol).toBe('ws:');
    expect(stream.pathname).toBe(`/v3/directline/conversations/${encodeURIComponent(s.body.conversationId)}/stream`);
    expect(stream.searchParams.get('t')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stream.searchParams.has('watermark')).toBe(false);
  });

  test('start with a body that is not JSON answers 415 / 400; an empty body is fine', async () => {
    const wrongType = await call(`${emu.domain}/conversations`, {
      auth: emu.secret,
      body: '{}',
      headers: { 'Content-Type': 'text/plain' },
    });
    expect(wrongType.status).toBe(415);
    const broken = await call(`${emu.domain}/conversations`, {
      auth: emu.secret,
      body: '{"user":',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('BadArgument');
    const badUser = await start(emu.secret, { user: 'bob' });
    expect(badUser.status).toBe(400);
  });

  test('GET conversation gives a fresh stream URL carrying the watermark (the reconnect call)', async () => {
    const s = await start();
    const id = s.body.conversationId;
    await call(`${emu.domain}/conversations/${id}/activities`, { auth: s.body.token, json: userMessage('one') });
    const polled = await call(`${emu.domain}/conversations/${id}/activities`, { auth: s.body.token });
    const wm = polled.body.watermark;
    const get = await call(`${emu.domain}/conversations/${id}?watermark=${wm}`, { auth: s.body.token });
    expect(get.status).toBe(200);
    expect(get.body).toMatchObject({ conversationId: id, token: s.body.token, expires_in: expect.any(Number) });
    const url = new URL(get.body.streamUrl);
    expect(url.searchParams.get('watermark')).toBe(wm);
    expect(url.searchParams.get('t')).not.toBe(new URL(s.body.streamUrl).searchParams.get('t'));
    // No watermark: the socket starts from now.
    const now = await call(`${emu.domain}/conversations/${id}`, { auth: s.body.token });
    expect(new URL(now.body.streamUrl).searchParams.get('watermark')).toBe(wm);
    const bad = await call(`${emu.domain}/conversations/${id}?watermark=42`, { auth: s.body.token });
    expect(bad.status).toBe(400);
  });

  test('session/getsessionid answers a session id', async () => {
    const s = await start();
    const r = await call(`${emu.domain}/session/getsessionid`, { auth: s.body.token });
    expect(r.status).toBe(200);
    expect(r.body.sessionId).toEqual(expect.any(String));
  });
});

describe('activities', () => {
  test('post assigns the service id and answers after the bot; polling returns both, with opaque watermarks', async () => {
    const s = await start();
    const id = s.body.conversationId;
    const post = await call(`${emu.domain}/conversations/${id}/activities`, {
      auth: s.body.token,
      json: { ...userMessage('hello'), channelData: { keep: [1, 2] } },
    });
    expect(post.status).toBe(200);
    expect(post.body).toEqual({ id: `${id}|0000001` });
    const all = await call(`${emu.domain}/conversations/${id}/activities`, { auth: s.body.token });
    expect(all.status).toBe(200);
    expect(typeof all.body.watermark).toBe('string');
    expect(Number.isNaN(Number(all.body.watermark))).toBe(true);
    const [mine, reply] = all.body.activities;
    expect(mine).toMatchObject({
      id: `${id}|0000001`,
      type: 'message',
      text: 'hello',
      channelId: 'directline',
      conversation: { id },
      from: { id: 'user1' },
      channelData: { keep: [1, 2] },
      timestamp: expect.any(String),
    });
    expect(reply).toMatchObject({
      type: 'message',
      text: 'echo: hello',
      replyToId: mine.id,
      from: { id: 'bot', name: 'Bot', role: 'bot' },
    });
    const after = await call(`${emu.domain}/conversations/${id}/activities?watermark=${all.body.watermark}`, { auth: s.body.token });
    expect(after.body).toEqual({ activities: [], watermark: all.body.watermark });
    const paged = await call(`${emu.domain}/conversations/${id}/activities?watermark=${encodeURIComponent('w1')}`, { auth: s.body.token });
    expect(paged.body.activities.map((a: any) => a.text)).toEqual(['echo: hello']);
  });

  test('typing goes to the bot but is never stored nor polled', async () => {
    const s = await start();
    const id = s.body.conversationId;
    const typing = await call(`${emu.domain}/conversations/${id}/activities`, {
      auth: s.body.token,
      json: { type: 'typing', from: { id: 'u' } },
    });
    expect(typing.status).toBe(200);
    const all = await call(`${emu.domain}/conversations/${id}/activities`, { auth: s.body.token });
    expect(all.body.activities).toEqual([]);
  });

  test('bad activities get 400 MissingProperty / BadArgument and nothing is stored', async () => {
    const s = await start();
    const url = `${emu.domain}/conversations/${s.body.conversationId}/activities`;
    const cases: [unknown, string][] = [
      [{ type: 'message', text: 'no from' }, 'MissingProperty'],
      [{ type: 'message', from: {} }, 'MissingProperty'],
      [{ text: 'no type', from: { id: 'u' } }, 'MissingProperty'],
      [{ type: 'message', from: 'u' }, 'BadArgument'],
      [[1, 2], 'BadArgument'],
      ['text', 'BadArgument'],
    ];
    for (const [json, code] of cases) {
      const r = await call(url, { auth: s.body.token, json });
      expect([json, r.status, r.body.error.code]).toEqual([json, 400, code]);
    }
    const malformed = await call(url, { auth: s.body.token, body: '{"type":', headers: { 'Content-Type': 'application/json' } });
    expect(malformed.status).toBe(400);
    const empty = await call(url, { auth: s.body.token, body: '', headers: { 'Content-Type': 'application/json' } });
    expect(empty.status).toBe(400);
    const form = await call(url, {
      auth: s.body.token,
      body: 'type=message',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(emu.activities(s.body.conversationId)).toEqual([]);
  });

  test('an activity over 256 KB gets 413; the server keeps serving', async () => {
    const s = await start();
    const url = `${emu.domain}/conversations/${s.body.conversationId}/activities`;
    const big = await call(url, { auth: s.body.token, json: userMessage('x'.repeat(256 * 1024)) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toEqual(expect.any(String));
    const ok = await call(url, { auth: s.body.token, json: userMessage('x'.repeat(200 * 1024)) });
    expect(ok.status).toBe(200);
  });
});

describe('routes, methods and CORS', () => {
  test('unknown routes get 404 with an error body; wrong methods get 405 with Allow', async () => {
    const unknown = await call(`${emu.domain}/nothing/here`, { auth: emu.secret });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({ code: expect.any(String), message: expect.any(String) });
    const root = await call(`${emu.domain.replace('/v3/directline', '')}/`);
    expect(root.status).toBe(404);
    const wrong = await call(`${emu.domain}/tokens/generate`, { method: 'GET', auth: emu.secret });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    const del = await call(`${emu.domain}/conversations/abc/activities`, { method: 'DELETE', auth: emu.secret });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toContain('GET');
  });

  test('CORS: preflights are answered, any origin is allowed with the Direct Line headers', async () => {
    const pre = await call(`${emu.domain}/conversations`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://app.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,x-ms-bot-agent',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://app.example');
    const allowed = pre.headers.get('access-control-allow-headers')!.toLowerCase();
    for (const h of ['authorization', 'content-type', 'x-ms-bot-agent']) expect(allowed).toContain(h);
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    const s = await call(`${emu.domain}/conversations`, { method: 'POST', auth: emu.secret, headers: { Origin: 'http://app.example' } });
    expect(s.headers.get('access-control-allow-origin')).toBe('http://app.example');
    const err = await call(`${emu.domain}/conversations`, { method: 'POST' });
    expect(err.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('fault controls', () => {
  test('failNext answers the status N times with Retry-After and the code, then recovers', async () => {
    emu.faults.failNext('conversations/start', 2, 429, { retryAfter: '3' });
    for (let i = 0; i < 2; i++) {
      const r = await start();
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('3');
      expect(r.body.error.code).toEqual(expect.any(String));
    }
    expect((await start()).status).toBe(201);
    emu.faults.failNext('activities/post', 1, 503, { retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT', code: 'Overloaded' });
    const s = await start();
    const r = await call(`${emu.domain}/conversations/${s.body.conversationId}/activities`, { auth: s.body.token, json: userMessage('a') });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('Overloaded');
    expect(r.headers.get('retry-after')).toBe('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(emu.activities(s.body.conversationId)).toEqual([]);
  });

  test('delay holds answers of a route (or all) until cleared; reset clears everything', async () => {
    emu.faults.delay('conversations/start', 300);
    let t = Date.now();
    await start();
    expect(Date.now() - t).toBeGreaterThanOrEqual(290);
    emu.faults.delay('conversations/start', 0);
    emu.faults.delay('*', 200);
    t = Date.now();
    await call(`${emu.domain}/session/getsessionid`, { auth: emu.secret });
    expect(Date.now() - t).toBeGreaterThanOrEqual(190);
    emu.faults.failNext('session', 5, 500);
    emu.faults.reset();
    t = Date.now();
    const r = await call(`${emu.domain}/session/getsessionid`, { auth: emu.secret });
    expect(r.status).toBe(200);
    expect(Date.now() - t).toBeLessThan(150);
  });

  test('stats count requests per route', async () => {
    await start();
    await start();
    await call(`${emu.domain}/session/getsessionid`, { auth: emu.secret });
    const { requests } = emu.stats();
    expect(requests['conversations/start']).toBe(2);
    expect(requests.session).toBe(1);
  });

  test('setPublicBaseUrl changes the advertised stream URL origin', async () => {
    emu.faults.setPublicBaseUrl('https://chat.example.com/');
    const s = await start();
    expect(s.body.streamUrl.startsWith('wss://chat.example.com/v3/directline/conversations/')).toBe(true);
    emu.faults.setPublicBaseUrl(undefined);
    const again = await start();
    expect(again.body.streamUrl.startsWith('ws://127.0.0.1:')).toBe(true);
  });
});

test('failNext refuses a Retry-After that is not a header value', async () => {
  expect(() => emu.faults.failNext('session', 1, 429, { retryAfter: 'a\r\nX-Injected: 1' })).toThrow(TypeError);
  const r = await call(`${emu.domain}/session/getsessionid`, { auth: emu.secret });
  expect(r.status).toBe(200);
});
