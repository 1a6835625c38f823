import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { toArray } from 'rxjs/operators';
import { WebSocketServer } from 'ws';
import { DirectLineError } from '../../src/protocol/errors';
import {
  connect,
  ConnectionStatus,
  isBot,
  keepListening,
  sleep,
  takeActivities,
  testOptions,
  until,
  useEmulator,
  waitFor,
} from './support';

describe('the rules, against the emulator', () => {
  const emulator = useEmulator({ keepAliveMs: 200 });

  it('is lazy: nothing is sent before the first subscription or post', async () => {
    const em = emulator();
    const before = JSON.stringify(em.stats());
    const conn = connect(testOptions(em));
    await sleep(100);
    expect(JSON.stringify(em.stats())).toBe(before);
    expect(await firstValueFrom(conn.connectionStatus$)).toBe(ConnectionStatus.Uninitialized);
    conn.end();
  });

  it('guarantee 1: one socket per connection, however many subscribers and status changes', async () => {
    const em = emulator();
    const conn = connect(testOptions(em));
    for (let i = 0; i < 5; i++) keepListening(conn);
    conn.connectionStatus$.subscribe();
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    const id = conn.getSession().conversationId as string;
    const handshakes = em.stats().handshakes;
    expect(em.openSockets(id)).toBe(1);
    em.faults.expireToken(id); // a 403 on the next GET (the secret is unaffected here) must not add sockets
    em.faults.dropSocket(id);
    expect(await until(() => em.stats().handshakes > handshakes)).toBe(true);
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    await sleep(100);
    expect(em.openSockets(id)).toBe(1);
    expect(em.stats().handshakes).toBe(handshakes + 1);
    conn.end();
  });

  it('guarantee 5: no zombie Online — when the last subscriber leaves, the socket closes and the status says so', async () => {
    const em = emulator();
    const conn = connect(testOptions(em));
    const sub = conn.activity$.subscribe();
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    const id = conn.getSession().conversationId as string;
    sub.unsubscribe();
    expect(await firstValueFrom(conn.connectionStatus$)).toBe(ConnectionStatus.Uninitialized);
    expect(await until(() => em.openSockets(id) === 0)).toBe(true);
    // and a new subscriber resumes the same conversation
    keepListening(conn);
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    expect(conn.getSession().conversationId).toBe(id);
    conn.end();
  });

  it('guarantee 7: postActivity errors on 500 and 502 (never a fake success) and the bot saw no duplicate', async () => {
    const em = emulator();
    const conn = connect(testOptions(em));
    keepListening(conn);
    await firstValueFrom(conn.postActivity({ type: 'message', text: 'warm up' }));
    em.faults.failNext('activities/post', 1, 500);
    await expect(firstValueFrom(conn.postActivity({ type: 'message', text: 'a' }))).rejects.toMatchObject({
      name: 'DirectLineError',
      status: 500,
    });
    em.faults.failNext('activities/post', 1, 502, { code: 'BotError' });
    const err = await firstValueFrom(conn.postActivity({ type: 'message', text: 'b' })).catch((e) => e);
    expect(err).toBeInstanceOf(DirectLineError);
    expect(err).toMatchObject({ status: 502, code: 'BotError' });
    const posts = em.stats().requests['activities/post'];
    expect(posts).toBe(3); // no re-send after 500 / 502
    conn.end();
  });

  it('guarantees 7 and 8: a throttled post (429 Retry-After) is re-sent once after the wait; the bot sees the turn once', async () => {
    const em = emulator();
    const conn = connect(testOptions(em));
    keepListening(conn);
    await firstValueFrom(conn.postActivity({ type: 'message', text: 'warm up' }));
    em.faults.failNext('activities/post', 1, 429, { retryAfter: '1' });
    const t0 = Date.now();
    const id = await firstValueFrom(conn.postActivity({ type: 'message', text: 'throttled' }));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    const stored = em.activities(conn.getSession().conversationId as string).filter((a) => a.text === 'throttled');
    expect(stored).toHaveLength(1);
    expect(stored[0].id).toBe(id);
    em.faults.failNext('activities/post', 1, 503); // no Retry-After: not re-sent
    await expect(firstValueFrom(conn.postActivity({ type: 'message', text: 'x' }))).rejects.toMatchObject({ status: 503 });
    conn.end();
  });

  it('rejects bad activities with a typed error before sending anything', async () => {
    const em = emulator();
    const conn = connect(testOptions(em));
    const posts = em.stats().requests['activities/post'];
    await expect(firstValueFrom(conn.postActivity(null as never))).rejects.toMatchObject({ code: 'InvalidActivity' });
    await expect(firstValueFrom(conn.postActivity({ text: 'no type' } as never))).rejects.toMatchObject({ code: 'InvalidActivity' });
    await expect(firstValueFrom(conn.postActivity({ type: 'message', from: { id: 'someone-else' } }))).rejects.toMatchObject({
      code: 'InvalidActivity',
    });
    await expect(firstValueFrom(conn.postActivity({ type: 'message', text: 'x'.repeat(300 * 1024) }))).rejects.toMatchObject({
      code: 'ActivityTooLarge',
    });
    expect(em.stats().requests['activities/post']).toBe(posts);
    conn.end();
  });

  it('uploads attachments with an activity, reporting progress, and the bot answers', async () => {
    const em = emulator();
    const conn = connect(testOptions(em));
    const reply = takeActivities(conn.activity$, 1, (a) => isBot(a) && !!a.attachments?.length);
    const events = await lastValueFrom(
      conn
        .uploadActivity({ type: 'message', text: 'file' }, [{ name: 'a.txt', contentType: 'text/plain', data: 'hello file' }])
        .pipe(toArray()),
    );
    expect(events[events.length - 1]).toMatchObject({ type: 'done', id: expect.any(String) });
    expect(events.filter((e) => e.type === 'progress').length).toBeGreaterThanOrEqual(1);
    const [bot] = await reply;
    expect(bot.attachments?.[0]).toMatchObject({ contentType: 'text/plain', name: 'a.txt' });
    const body = await (await fetch(bot.attachments?.[0].contentUrl as string)).text();
    expect(body).toBe('hello file');
    conn.end();
  });

  it('guarantee 12: polling (webSocket: false) receives, keeps going after a 500, and opens no socket', async () => {
    const em = emulator();
    const conn = connect(testOptions(em, { webSocket: false, pollingInterval: 50 }));
    keepListening(conn);
    const got = takeActivities(conn.activity$, 2, (a) => /^(hi|echo: hi)$/.test(a.text ?? ''));
    await firstValueFrom(conn.postActivity({ type: 'message', text: 'hi' }));
    await got;
    em.faults.failNext('activities/get', 1, 500);
    const later = takeActivities(conn.activity$, 1, (a) => a.text === 'after 500');
    em.sendFromBot(conn.getSession().conversationId as string, { type: 'message', text: 'after 500' });
    await later;
    expect(em.openSockets(conn.getSession().conversationId)).toBe(0);
    expect(await firstValueFrom(conn.connectionStatus$)).toBe(ConnectionStatus.Online);
    conn.end();
  });

  it('falls back to polling when the WebSocket upgrade keeps failing while HTTP works', async () => {
    const em = emulator();
    const fallbacks: string[] = [];
    const conn = connect(testOptions(em, { pollingInterval: 50, debug: (e) => e.type === 'fallback' && fallbacks.push(e.to) }));
    em.faults.failNext('stream', 10, 400);
    keepListening(conn);
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online); // online by polling
    expect(fallbacks).toEqual(['polling']);
    const got = takeActivities(conn.activity$, 2);
    await firstValueFrom(conn.postActivity({ type: 'message', text: 'through a proxy' }));
    expect((await got).map((a) => a.text)).toEqual(['through a proxy', 'echo: through a proxy']);
    expect(em.openSockets(conn.getSession().conversationId)).toBe(0);
    expect(fallbacks).toEqual(['polling']);
    conn.end();
  });

  it('guarantee 14: no error, debug event or status carries the secret or a token', async () => {
    const em = emulator();
    const seen: unknown[] = [];
    const conn = connect(testOptions(em, { maxRetries: 2, debug: (e) => seen.push(e) }));
    const result = firstValueFrom(conn.activity$.pipe(toArray())).catch((e) => e);
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    const { token, conversationId } = conn.getSession();
    em.faults.failNext('conversations/get', 10, 500);
    em.faults.dropSocket(conversationId as string);
    const error = await result;
    expect(error).toMatchObject({ code: 'RetriesExhausted' });
    seen.push(error, error.stack, error.message);
    const text = JSON.stringify(seen, (_k, v) => (v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v));
    expect(text).not.toContain(em.secret);
    expect(text).not.toContain(token as string);
    conn.end();
  });

  it('guarantee 14: a secret is never sent over plain http to a host that is not loopback', () => {
    expect(() => connect({ domain: 'http://bots.example.com/v3/directline', secret: 'abcdefgh12345678' })).toThrow(
      expect.objectContaining({ code: 'InsecureTransport' }),
    );
    let message = '';
    try {
      connect({ domain: 'http://bots.example.com/v3/directline', secret: 'abcdefgh12345678' });
    } catch (e) {
      message = String((e as Error).message) + String((e as Error).stack);
    }
    expect(message).not.toContain('abcdefgh12345678');
    expect(() => connect({ domain: 'http://127.0.0.1:9/v3/directline', secret: 'abcdefgh12345678' })).not.toThrow();
    expect(() => connect({} as never)).toThrow(expect.objectContaining({ code: 'InvalidOptions' }));
  });
});

describe('guarantee 13: nothing is uncaught, whatever the server sends', () => {
  it('survives bad JSON, unknown frames, binary frames, HTML error pages and empty bodies', async () => {
    const problems: unknown[] = [];
    const onProblem = (e: unknown) => problems.push(e);
    process.on('uncaughtException', onProblem);
    process.on('unhandledRejection', onProblem);
    let gets = 0;
    const server = createServer((req, res) => {
      if (req.method === 'POST' && req.url?.endsWith('/conversations')) {
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            conversationId: 'h1',
            token: 'tok-hostile-123456',
            expires_in: 3600,
            streamUrl: `ws://127.0.0.1:${port}/stream?t=tok-hostile-123456`,
          }),
        );
      } else if (req.url?.startsWith('/v3/directline/conversations/h1?') || req.url === '/v3/directline/conversations/h1') {
        gets++;
        if (gets === 1) {
          res.writeHead(500, { 'Content-Type': 'text/html' });
          res.end('<html><body>Oops</body></html>');
        } else if (gets === 2) {
          res.writeHead(200);
          res.end();
        } else {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ conversationId: 'h1', streamUrl: `ws://127.0.0.1:${port}/stream?t=x` }));
        }
      } else {
        res.writeHead(404);
        res.end('not json at all');
      }
    });
    const wss = new WebSocketServer({ server });
    let sockets = 0;
    wss.on('connection', (ws) => {
      sockets++;
      if (sockets === 1) {
        for (const junk of [
          '{not json',
          '[]',
          '{"foo":1}',
          '{"activities":"nope"}',
          'null',
          '   ',
          '{"activities":[1,null,{"no":"type"}],"watermark":{}}',
        ])
          ws.send(junk);
        ws.send(Buffer.from([1, 2, 3]), { binary: true });
        ws.send(JSON.stringify({ activities: [{ type: 'message', id: 'h1|1', text: 'first' }], watermark: '1' }));
        setTimeout(() => ws.close(1011, 'going away'), 20);
      } else {
        ws.send(
          JSON.stringify({
            activities: [
              { type: 'message', id: 'h1|1', text: 'first' },
              { type: 'message', id: 'h1|2', text: 'second' },
            ],
            watermark: '2',
          }),
        );
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const conn = connect({
      domain: `http://127.0.0.1:${port}/v3/directline`,
      secret: 'hostile-secret-1234',
      backoff: { initialMs: 10, maxMs: 50 },
    });
    try {
      const got = await takeActivities(conn.activity$, 2);
      expect(got.map((a) => a.text)).toEqual(['first', 'second']);
      expect(gets).toBe(3);
    } finally {
      conn.end();
      wss.clients.forEach((c) => c.terminate());
      await new Promise((resolve) => wss.close(resolve));
      await new Promise((resolve) => server.close(resolve));
      await sleep(50);
      process.off('uncaughtException', onProblem);
      process.off('unhandledRejection', onProblem);
    }
    expect(problems).toEqual([]);
  });
});
