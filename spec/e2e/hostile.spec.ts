import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { firstValueFrom } from 'rxjs';
import { take, toArray } from 'rxjs/operators';
import { WebSocketServer } from 'ws';
import type { DebugEvent } from '../../src/options';
import { rememberSecret } from '../../src/protocol/redact';
import { connect, ConnectionStatus } from './support';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A hostile Direct Line service on 127.0.0.1 (port 0). */
async function hostile(handler: Handler): Promise<{ server: Server; domain: string; port: number; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    domain: `http://127.0.0.1:${port}/v3/directline`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const MB = 1024 * 1024;
const chunk = Buffer.alloc(MB, 'a');

/** Writes up to `maxChunks` MB (bounded), as fast as the client reads, until the client goes away. */
function flood(res: ServerResponse, maxChunks: number, sent: { bytes: number }): void {
  let n = 0;
  const pump = () => {
    while (n < maxChunks && !res.destroyed) {
      n++;
      sent.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  res.on('close', () => undefined);
  pump();
}

const options = (domain: string, extra = {}) => ({
  domain,
  secret: 'hostile-secret-0123456789',
  backoff: { initialMs: 10, maxMs: 50 },
  requestTimeoutMs: 20000,
  ...extra,
});

describe('a hostile server cannot crash or bloat the process', () => {
  it('a start answered with a 600 MB body is aborted past 16 MB: ResponseTooLarge, FailedToConnect', async () => {
    const sent = { bytes: 0 };
    const h = await hostile((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      flood(res, 600, sent);
    });
    try {
      const conn = connect(options(h.domain));
      await expect(firstValueFrom(conn.activity$)).rejects.toMatchObject({ code: 'ResponseTooLarge', retryable: false });
      expect(await firstValueFrom(conn.connectionStatus$)).toBe(ConnectionStatus.FailedToConnect);
      expect(sent.bytes).toBeLessThan(200 * MB); // far from 600 MB: the client hung up early
      conn.end();
    } finally {
      await h.close();
    }
  });

  it('an endless body is aborted past the bound long before the request timeout', async () => {
    const sent = { bytes: 0 };
    const h = await hostile((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      flood(res, 4000, sent); // 4 GB at most: bounded, but far more than a process can hold as a string
    });
    try {
      const conn = connect(options(h.domain, { maxResponseBytes: 4 * MB }));
      await expect(firstValueFrom(conn.activity$)).rejects.toMatchObject({ code: 'ResponseTooLarge' });
      expect(sent.bytes).toBeLessThan(100 * MB);
      conn.end();
    } finally {
      await h.close();
    }
  });

  it('a Content-Length over the bound is refused when the headers arrive', async () => {
    const h = await hostile((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(600 * MB) });
      res.write('{"conversationId":');
    });
    try {
      const conn = connect(options(h.domain));
      await expect(firstValueFrom(conn.activity$)).rejects.toMatchObject({ code: 'ResponseTooLarge' });
      conn.end();
    } finally {
      await h.close();
    }
  });

  it('a stream frame over the bound fails the connection with FrameTooLarge (not a reconnect loop)', async () => {
    let sockets = 0;
    const h = await hostile((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          conversationId: 'big',
          token: 'tok-frame-test-000001',
          expires_in: 3600,
          streamUrl: `ws://127.0.0.1:${h.port}/stream?t=x`,
        }),
      );
    });
    const wss = new WebSocketServer({ server: h.server });
    wss.on('connection', (ws) => {
      sockets++;
      ws.send(JSON.stringify({ activities: [{ type: 'message', id: 'big|1', text: 'x'.repeat(2 * MB) }], watermark: '1' }));
    });
    try {
      const conn = connect(options(h.domain, { maxResponseBytes: MB }));
      await expect(firstValueFrom(conn.activity$)).rejects.toMatchObject({ code: 'FrameTooLarge', retryable: false });
      expect(sockets).toBe(1);
      conn.end();
    } finally {
      wss.clients.forEach((c) => c.terminate());
      await new Promise((resolve) => wss.close(resolve));
      await h.close();
    }
  });
});

describe('a hostile server cannot break the connection with an absurd watermark', () => {
  it('a 1 MB watermark is refused (debug event): the reconnect call sends the last good one, and the connection comes back Online', async () => {
    const gets: string[] = [];
    const h = await hostile((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'GET') gets.push(url.searchParams.get('watermark') ?? '');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          conversationId: 'wm',
          token: 'tok-watermark-test-0001',
          expires_in: 3600,
          streamUrl: `ws://127.0.0.1:${h.port}/stream`,
        }),
      );
    });
    const wss = new WebSocketServer({ server: h.server });
    let sockets = 0;
    const set = (id: string, watermark: string) => JSON.stringify({ activities: [{ type: 'message', id, text: id }], watermark });
    wss.on('connection', (ws) => {
      sockets++;
      if (sockets === 1) {
        ws.send(set('wm|1', '1'));
        ws.send(set('wm|2', 'x'.repeat(MB)));
        ws.close();
      } else {
        ws.send(set('wm|2', '2')); // the service replays after the last good watermark
        ws.send(set('wm|3', '3'));
      }
    });
    const events: DebugEvent[] = [];
    try {
      const conn = connect(options(h.domain, { debug: (e: DebugEvent) => events.push(e) }));
      conn.activity$.subscribe({ error: () => undefined }); // keeps the connection open after the three below
      const got = await firstValueFrom(conn.activity$.pipe(take(3), toArray()));
      expect(got.map((a) => a.id)).toEqual(['wm|1', 'wm|2', 'wm|3']);
      expect(gets).toEqual(['1']);
      expect(conn.getSession().watermark).toBe('3');
      expect(await firstValueFrom(conn.connectionStatus$)).toBe(ConnectionStatus.Online);
      expect(events).toContainEqual({ type: 'watermarkRefused', length: MB, maxLength: 1024 });
      conn.end();
    } finally {
      wss.clients.forEach((c) => c.terminate());
      await new Promise((resolve) => wss.close(resolve));
      await h.close();
    }
  });
});

describe('secrets stay secret, in every field', () => {
  /** Answers every call with an error whose body repeats `echo` in its code and message. */
  const echoing = (echo: string, delayMs = 0) =>
    hostile((_req, res) => {
      setTimeout(() => {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: echo, message: `you sent ${echo}` } }));
      }, delayMs);
    });

  async function failure(secret: string, domain: string) {
    const events: DebugEvent[] = [];
    const conn = connect({ domain, secret, debug: (e) => events.push(e) });
    const error = await firstValueFrom(conn.activity$).catch((e) => e);
    conn.end();
    return { error, events };
  }

  function expectNowhere(secret: string, found: { error: unknown; events: DebugEvent[] }, status = 400) {
    const error = found.error as Error & { code?: string };
    expect(error).toMatchObject({ status });
    for (const text of [
      error.message,
      String(error.code),
      String(error.stack),
      JSON.stringify(error),
      inspect(error),
      JSON.stringify(found.events),
      inspect(found.events, { depth: 5 }),
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(found.events.some((e) => e.type === 'failed')).toBe(true);
  }

  it('an error body whose code holds the secret: not in err.code, JSON, inspect or the debug event', async () => {
    const secret = 'secret-in-error-code-0001';
    const h = await echoing(secret);
    try {
      expectNowhere(secret, await failure(secret, h.domain));
    } finally {
      await h.close();
    }
  });

  it('the secret of a call is scrubbed even after hundreds of other credentials were used in the process', async () => {
    const secret = 'secret-after-many-others-0002';
    const h = await echoing(secret, 200);
    try {
      const conn = connect({ domain: h.domain, secret });
      const failed = firstValueFrom(conn.activity$).catch((e) => e);
      await new Promise((resolve) => setTimeout(resolve, 50)); // the call is in flight
      for (let i = 0; i < 300; i++) rememberSecret(`another-credential-${i}-abcdefgh`);
      const error = await failed;
      conn.end();
      expectNowhere(secret, { error, events: [{ type: 'failed', error }] });
    } finally {
      await h.close();
    }
  });

  it('a secret shorter than 8 characters is scrubbed too', async () => {
    const secret = 'Zq7#k';
    const h = await echoing(secret);
    try {
      expectNowhere(secret, await failure(secret, h.domain));
    } finally {
      await h.close();
    }
  });

  it('a 401 that echoes the secret base64- and URL-encoded: no form of it in the message, stack or debug event', async () => {
    const secret = 'encoded/secret+value 0003';
    const forms = [
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
      encodeURIComponent(secret),
      Buffer.from(`Bearer ${secret}`).toString('base64'),
    ];
    const h = await hostile((_req, res) => {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'Unauthorized', message: `bad credential ${forms.join(' / ')}` } }));
    });
    try {
      const found = await failure(secret, h.domain);
      for (const form of [secret, ...forms]) expectNowhere(form, found, 401);
      expect((found.error as Error).message).toMatch(/^Start conversation failed with HTTP 401 Unauthorized: bad credential \[redacted\]/);
    } finally {
      await h.close();
    }
  });

  it("one-letter dummy secrets used before never rewrite the library's own messages; the call's own one-letter secret echoed is scrubbed", async () => {
    const h = await echoing('x');
    try {
      for (const dummy of ['a', 'b', 'e']) {
        const conn = connect({ domain: h.domain, secret: dummy });
        await firstValueFrom(conn.activity$).catch(() => undefined);
        conn.end();
      }
      const conn = connect({ domain: h.domain, secret: 'x' });
      let invalid: unknown;
      try {
        conn.postActivity(null as never).subscribe({ error: (e) => (invalid = e) });
      } catch (e) {
        invalid = e;
      }
      expect((invalid as Error).message).toBe('An activity must be an object');
      const failed = (await firstValueFrom(conn.activity$).catch((e) => e)) as Error & { code: string };
      conn.end();
      expect(failed.message).toBe('Start conversation failed with HTTP 400 [redacted]: you sent [redacted]');
      expect(failed.code).toBe('[redacted]');
    } finally {
      await h.close();
    }
  });
});
