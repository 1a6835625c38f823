import { connect } from 'node:net';
import fc from 'fast-check';
import { startEmulator, type Emulator } from '../../src/emulator';
import { call, openSocket, userMessage } from './helpers';

let emu: Emulator;
let conv: any;
beforeAll(async () => {
  emu = await startEmulator({ botTimeoutMs: 2000 });
  conv = (await call(`${emu.domain}/conversations`, { method: 'POST', auth: emu.secret })).body;
});
afterAll(() => emu.close());

async function stillServes(): Promise<void> {
  const post = await call(`${emu.domain}/conversations/${conv.conversationId}/activities`, {
    auth: conv.token,
    json: userMessage('still there?'),
  });
  expect(post.status).toBe(200);
  const got = await call(`${emu.domain}/conversations/${conv.conversationId}/activities`, { auth: conv.token });
  expect(got.body.activities.some((a: any) => a.id === post.body.id)).toBe(true);
}

const segment = fc.oneof(fc.string({ maxLength: 12 }).map(encodeURIComponent), fc.constantFrom('%', '%zz', '..', '', '%7C', '|'));

test('random requests on every route get a protocol status and an error body, never a crash', async () => {
  const pathArb = fc.oneof(
    fc.constantFrom('/tokens/generate', '/tokens/refresh', '/conversations', '/session/getsessionid'),
    segment.map((s) => `/conversations/${s}`),
    fc
      .tuple(fc.constantFrom('activities', 'upload', 'stream'), fc.boolean())
      .map(([r, own]) => `/conversations/${own ? conv.conversationId : 'x'}/${r}`),
    fc.array(segment, { maxLength: 4 }).map((parts) => `/${parts.join('/')}`),
  );
  const query = fc.oneof(
    fc.constant(''),
    fc.constantFrom('?watermark=', '?watermark=-', '?watermark=w1', '?watermark=zz', '?userId=u'),
    fc.string().map((s) => `?watermark=${encodeURIComponent(s)}`),
  );
  const auth = fc.oneof(
    fc.constant(undefined),
    fc.constant(`Bearer ${emu.secret}`),
    fc.constant(`Bearer ${conv.token}`),
    fc.string().map((s) => `Bearer ${s.replace(/[\r\n]/g, '')}`),
    fc.constant('Bearer a.b.c'),
    fc.constant('Basic x'),
  );
  const contentType = fc.constantFrom(
    undefined,
    'application/json',
    'text/plain',
    'multipart/form-data',
    'multipart/form-data; boundary=zz',
    'application/vnd.microsoft.activity',
    'application/json; charset=utf-8',
  );
  const body = fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 200 }),
    fc.json({ maxDepth: 3 }),
    fc.anything({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? 'null'),
    fc
      .record({
        type: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        from: fc.anything({ maxDepth: 1 }),
        text: fc.anything({ maxDepth: 1 }),
      })
      .map((v) => JSON.stringify(v)),
    fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a).toString('latin1')),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
      pathArb,
      query,
      auth,
      contentType,
      body,
      async (method, path, q, a, ct, b) => {
        const headers: Record<string, string> = {};
        if (a !== undefined) headers.Authorization = a;
        if (ct !== undefined) headers['Content-Type'] = ct;
        const hasBody = b !== undefined && method !== 'GET';
        const res = await fetch(`${emu.domain}${path}${q}`, { method, headers, body: hasBody ? b : undefined });
        const text = await res.text();
        expect(res.status).toBeGreaterThanOrEqual(200);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(JSON.parse(text).error.code).toEqual(expect.any(String));
      },
    ),
    { numRuns: 400 },
  );
  await stillServes();
}, 40_000);

test('random stream handshakes are refused with an HTTP status, never a crash', async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ maxLength: 40 }), fc.string({ maxLength: 10 }), async (t, wm) => {
      const url = `${emu.domain.replace('http', 'ws')}/conversations/${conv.conversationId}/stream?watermark=${encodeURIComponent(wm)}&t=${encodeURIComponent(t)}`;
      await expect(openSocket(url)).rejects.toMatchObject({ status: expect.any(Number) });
    }),
    { numRuns: 50 },
  );
  await stillServes();
});

test('garbage on the TCP socket gets 400 or a close; the server keeps serving', async () => {
  const { port } = new URL(emu.domain);
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), async (bytes) => {
      await new Promise<void>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.end(Buffer.concat([Buffer.from(bytes), Buffer.from('\r\n\r\n')]));
        });
        socket.on('data', () => undefined);
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
        socket.setTimeout(2000, () => socket.destroy());
      });
    }),
    { numRuns: 60 },
  );
  await stillServes();
});

test('random admin calls with the secret answer 200 or 4xx and leave the server serving', async () => {
  const origin = emu.domain.replace('/v3/directline', '');
  const action = fc.constantFrom(
    'failNext',
    'delay',
    'dropSocket',
    'stallSocket',
    'expireToken',
    'sendFromBot',
    'activities',
    'stats',
    'nope',
    '',
  );
  const value = fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.integer({ min: -5, max: 700 }),
    fc.constantFrom('activities/post', '*', 'stream'),
    fc.anything({ maxDepth: 1 }),
  );
  const bodyArb = fc.dictionary(
    fc.constantFrom('conversationId', 'route', 'status', 'count', 'ms', 'code', 'reason', 'retryAfter', 'activity'),
    value,
    { maxKeys: 5 },
  );
  await fc.assert(
    fc.asyncProperty(action, bodyArb, async (a, b) => {
      const res = await fetch(`${origin}/_emulator/${a}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${emu.secret}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(b),
      });
      await res.text();
      expect(res.status === 200 || (res.status >= 400 && res.status < 500)).toBe(true);
    }),
    { numRuns: 200 },
  );
  emu.faults.reset();
  await stillServes();
});

test('a request target starting with // is a path (404 or 400 with an error body), not a host to resolve', async () => {
  const { port } = new URL(emu.domain);
  for (const target of ['//', '//x/y', '/v3/directline//conversations']) {
    const answer = await new Promise<string>((resolve, reject) => {
      let text = '';
      const socket = connect(Number(port), '127.0.0.1', () =>
        socket.end(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
      );
      socket.on('data', (chunk) => (text += chunk.toString('latin1')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.setTimeout(2000, () => socket.destroy());
    });
    const status = Number(answer.match(/^HTTP\/1\.1 (\d{3})/)?.[1]);
    expect([400, 404]).toContain(status);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error.code).toEqual(expect.any(String));
  }
  await stillServes();
});
