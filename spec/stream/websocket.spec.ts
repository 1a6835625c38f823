import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import type { Subscription } from 'rxjs';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../src/http/request';
import { nodeWebSocketFactory } from '../../src/node/transports';
import { DirectLineError } from '../../src/protocol/errors';
import { browserWebSocketFactory, openStream } from '../../src/stream/websocket';
import type { StreamEvent } from '../../src/stream/websocket';
import type { WebSocketLike } from '../../src/transports';

/** A socket driven by the test: it opens, delivers, fails and closes when told. */
class FakeSocket implements WebSocketLike {
  onopen: WebSocketLike['onopen'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onerror: WebSocketLike['onerror'] = null;
  closeCalls = 0;
  sent: string[] = [];
  throwOnClose = false;

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {}

  send(data: string): void {
    this.sent.push(data);
  }

  close(): void {
    this.closeCalls++;
    if (this.throwOnClose) throw new Error('close before connect');
  }

  open = () => this.onopen?.({ type: 'open' });
  message = (data: unknown) => this.onmessage?.({ data });
  fail = (message?: string) => this.onerror?.(message === undefined ? { type: 'error' } : { type: 'error', message });
  closedByPeer = (code: number, reason = '') => this.onclose?.({ code, reason });
}

/** Subscribes to a stream over fake sockets and records, in order, what it emits. */
function watch(url = 'wss://stream.test/s', maxResponseBytes?: number) {
  const sockets: FakeSocket[] = [];
  const log: string[] = [];
  const errors: DirectLineError[] = [];
  const subscription = openStream(
    url,
    (u, p) => {
      const socket = new FakeSocket(u, p);
      sockets.push(socket);
      return socket;
    },
    maxResponseBytes,
  ).subscribe({
    next: (e) => log.push(e.type === 'open' ? 'open' : `frame:${String(e.data)}`),
    error: (err: DirectLineError) => {
      errors.push(err);
      log.push(`error:${err.code}`);
    },
    complete: () => log.push('complete'),
  });
  return { sockets, socket: () => sockets[0], log, errors, subscription };
}

describe('openStream over a WebSocket factory', () => {
  it('is cold: the factory is called once per subscription, with the URL, no subprotocol and the frame limit', () => {
    const created: Array<[string, unknown, unknown]> = [];
    const stream = openStream('wss://stream.test/s?t=1', (url, protocols, limits) => {
      created.push([url, protocols, limits]);
      return new FakeSocket(url);
    });
    expect(created).toEqual([]);
    const a = stream.subscribe();
    const b = stream.subscribe();
    expect(created).toEqual([
      ['wss://stream.test/s?t=1', [], { maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES }],
      ['wss://stream.test/s?t=1', [], { maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES }],
    ]);
    a.unsubscribe();
    b.unsubscribe();
  });

  it('emits open when the socket opens, then each frame in order, and sends nothing', () => {
    const w = watch();
    expect(w.log).toEqual([]);
    w.socket().open();
    w.socket().message('{"activities":[]}');
    w.socket().message('');
    w.socket().message('{"activities":[],"watermark":"2"}');
    expect(w.log).toEqual(['open', 'frame:{"activities":[]}', 'frame:', 'frame:{"activities":[],"watermark":"2"}']);
    expect(w.socket().sent).toEqual([]);
    w.subscription.unsubscribe();
  });

  it('unsubscribing closes the socket once and nothing is emitted after', () => {
    const w = watch();
    w.socket().open();
    w.subscription.unsubscribe();
    expect(w.socket().closeCalls).toBe(1);
    w.socket().message('late');
    w.socket().closedByPeer(1000);
    expect(w.log).toEqual(['open']);
  });

  it('unsubscribing before the socket opens closes it, and a close that throws is swallowed', () => {
    const w = watch();
    w.socket().throwOnClose = true;
    expect(() => w.subscription.unsubscribe()).not.toThrow();
    expect(w.socket().closeCalls).toBe(1);
    w.socket().open(); // a late open is closed again, and emits nothing
    expect(w.socket().closeCalls).toBe(2);
    expect(w.log).toEqual([]);
  });

  it.each([
    [1000, '', 'WebSocket closed with code 1000'],
    [1001, 'going away', 'WebSocket closed with code 1001: going away'],
    [1006, '', 'WebSocket closed with code 1006'],
    [1011, 'server error', 'WebSocket closed with code 1011: server error'],
  ])('a close the subscriber did not ask for (code %i) is a retryable SocketClosed error, even a normal one', (code, reason, message) => {
    const w = watch();
    w.socket().open();
    w.socket().message('a');
    w.socket().closedByPeer(code, reason);
    expect(w.log).toEqual(['open', 'frame:a', 'error:SocketClosed']);
    expect(w.errors[0]).toBeInstanceOf(DirectLineError);
    expect(w.errors[0]).toMatchObject({ code: 'SocketClosed', retryable: true, message });
    expect(w.errors[0].status).toBeUndefined();
  });

  it('keeps at most 120 characters of a close reason', () => {
    const w = watch();
    w.socket().open();
    w.socket().closedByPeer(4000, 'x'.repeat(500));
    expect(w.errors[0].message).toBe(`WebSocket closed with code 4000: ${'x'.repeat(120)}`);
  });

  it('an error after open is a SocketClosed error at once, and the close that follows adds nothing', () => {
    const w = watch();
    w.socket().open();
    w.socket().fail('read ECONNRESET');
    w.socket().closedByPeer(1006);
    expect(w.log).toEqual(['open', 'error:SocketClosed']);
    expect(w.errors).toHaveLength(1);
    expect(w.errors[0]).toMatchObject({ code: 'SocketClosed', retryable: true });
  });

  it.each([
    ['an error without message (as browsers report it)', undefined, 'WebSocket handshake failed', undefined],
    ['ws refusing with HTTP 403', 'Unexpected server response: 403', 'WebSocket handshake failed (HTTP 403)', 403],
    ['ws refusing with HTTP 503', 'Unexpected server response: 503', 'WebSocket handshake failed (HTTP 503)', 503],
    ['a refused connection', 'connect ECONNREFUSED 127.0.0.1:9', 'WebSocket handshake failed', undefined],
  ])(
    'before open, %s is a retryable SocketHandshakeFailed error with the HTTP status when known',
    (_name, errorMessage, message, status) => {
      const w = watch();
      w.socket().fail(errorMessage);
      w.socket().closedByPeer(1006);
      expect(w.log).toEqual(['error:SocketHandshakeFailed']);
      expect(w.errors[0]).toMatchObject({ code: 'SocketHandshakeFailed', retryable: true, message, status });
    },
  );

  it('a close before open, without an error, is a SocketHandshakeFailed error too', () => {
    const w = watch();
    w.socket().closedByPeer(1006);
    expect(w.errors[0]).toMatchObject({ code: 'SocketHandshakeFailed', retryable: true, message: 'WebSocket handshake failed' });
  });

  it('a frame over maxResponseBytes fails the stream with FrameTooLarge (not retryable) and closes the socket; one at the limit passes', () => {
    const w = watch('wss://stream.test/s', 8);
    w.socket().open();
    w.socket().message('12345678');
    w.socket().message('123456789');
    w.socket().message('late');
    expect(w.log).toEqual(['open', 'frame:12345678', 'error:FrameTooLarge']);
    expect(w.errors[0]).toMatchObject({ code: 'FrameTooLarge', retryable: false });
    expect(w.socket().closeCalls).toBe(1);
  });

  it('binary frames are measured in bytes', () => {
    const w = watch('wss://stream.test/s', 8);
    w.socket().open();
    w.socket().message(new Uint8Array(8));
    w.socket().message(new ArrayBuffer(9));
    expect(w.log).toEqual(['open', 'frame:0,0,0,0,0,0,0,0', 'error:FrameTooLarge']);
  });

  it('a close with code 1009 (message too big) is FrameTooLarge, not a retryable close', () => {
    const w = watch();
    w.socket().open();
    w.socket().closedByPeer(1009, 'Max payload size exceeded');
    expect(w.errors[0]).toMatchObject({ code: 'FrameTooLarge', retryable: false });
  });

  it('a factory that throws a DirectLineError errors the stream with it', () => {
    const refusal = new DirectLineError('no transport', { code: 'InvalidOptions' });
    const errors: unknown[] = [];
    openStream('wss://x', () => {
      throw refusal;
    }).subscribe({ error: (err) => errors.push(err) });
    expect(errors).toEqual([refusal]);
  });

  it('a factory that throws anything else errors the stream with a DirectLineError, never the raw error', () => {
    const errors: unknown[] = [];
    openStream('not a url', () => {
      throw new SyntaxError('Invalid URL');
    }).subscribe({ error: (err) => errors.push(err) });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(DirectLineError);
  });
});

describe('browserWebSocketFactory', () => {
  const g = globalThis as { WebSocket?: unknown };
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'WebSocket');
  afterEach(() => {
    if (saved) Object.defineProperty(globalThis, 'WebSocket', saved);
    else delete g.WebSocket;
  });

  it('constructs the global WebSocket with the URL and protocols', () => {
    Object.defineProperty(globalThis, 'WebSocket', { value: FakeSocket, configurable: true, writable: true });
    const socket = browserWebSocketFactory('wss://stream.test/s', ['p']) as FakeSocket;
    expect(socket).toBeInstanceOf(FakeSocket);
    expect([socket.url, socket.protocols]).toEqual(['wss://stream.test/s', ['p']]);
  });

  it('without a global WebSocket, fails with InvalidOptions that names the way out; openStream reports it as is', () => {
    delete g.WebSocket;
    expect(() => browserWebSocketFactory('wss://x')).toThrow(
      expect.objectContaining({ code: 'InvalidOptions', message: expect.stringContaining('webSocketFactory') }),
    );
    const errors: unknown[] = [];
    openStream('wss://x').subscribe({ error: (err) => errors.push(err) });
    expect(errors).toEqual([expect.objectContaining({ code: 'InvalidOptions' })]);
  });
});

describe('openStream with ws against a real server on 127.0.0.1', () => {
  let http: Server;
  let wss: WebSocketServer;
  let base: string;
  /** What the server does with the next connection on each path. */
  const onConnection = new Map<string, (ws: WebSocket) => void>();
  const rawSockets = new Set<Socket>();
  let hanging: Socket[] = [];

  beforeAll(async () => {
    wss = new WebSocketServer({ noServer: true });
    http = createServer((_req, res) => res.writeHead(404).end());
    http.on('connection', (socket) => {
      rawSockets.add(socket);
      socket.on('close', () => rawSockets.delete(socket));
    });
    http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      const path = req.url ?? '/';
      const refuse = /^\/refuse\/(\d{3})$/.exec(path);
      if (refuse) {
        socket.end(`HTTP/1.1 ${refuse[1]} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      } else if (path === '/hang') {
        hanging.push(socket);
        socket.on('error', () => undefined).resume(); // read, to see the client end it
      } else {
        wss.handleUpgrade(req, socket, head, (ws) => onConnection.get(path)?.(ws));
      }
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    base = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterEach(() => {
    onConnection.clear();
    for (const socket of hanging) socket.destroy();
    hanging = [];
  });

  afterAll(async () => {
    for (const client of wss.clients) client.terminate();
    for (const socket of rawSockets) socket.destroy();
    wss.close();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });

  /** Subscribes with ws and resolves with everything up to the first error (or completion). */
  function run(
    url: string,
    stopWhen?: (events: string[]) => boolean,
  ): Promise<{ events: string[]; error?: DirectLineError; subscription: Subscription }> {
    return new Promise((resolve) => {
      const events: string[] = [];
      const subscription: Subscription = openStream(url, nodeWebSocketFactory).subscribe({
        next: (e: StreamEvent) => {
          events.push(e.type === 'open' ? 'open' : `frame:${String(e.data)}`);
          if (stopWhen?.(events)) resolve({ events, subscription });
        },
        error: (error: DirectLineError) => resolve({ events, error, subscription }),
        complete: () => resolve({ events, subscription }),
      });
    });
  }

  it('opens, delivers text frames in order as strings, and unsubscribing closes the connection', async () => {
    const closedOnServer = new Promise<number>((resolve) =>
      onConnection.set('/chat', (ws) => {
        ws.on('close', (code) => resolve(code));
        for (const text of ['{"activities":[]}', '', '{"watermark":"1"}']) ws.send(text);
      }),
    );
    const { events, error, subscription } = await run(`${base}/chat`, (e) => e.length === 4);
    expect(error).toBeUndefined();
    expect(events).toEqual(['open', 'frame:{"activities":[]}', 'frame:', 'frame:{"watermark":"1"}']);
    subscription.unsubscribe();
    expect(await closedOnServer).toBe(1005); // a close frame without a code: the client closed it
  });

  it('a close from the server is a SocketClosed error with its code and reason', async () => {
    onConnection.set('/drop', (ws) => {
      ws.send('one');
      ws.close(1011, 'unexpected condition');
    });
    const { events, error } = await run(`${base}/drop`);
    expect(events).toEqual(['open', 'frame:one']);
    expect(error).toBeInstanceOf(DirectLineError);
    expect(error).toMatchObject({
      code: 'SocketClosed',
      retryable: true,
      message: 'WebSocket closed with code 1011: unexpected condition',
    });
  });

  it('a connection the server kills without a close frame is a SocketClosed error', async () => {
    onConnection.set('/kill', (ws) => ws.terminate());
    const { events, error } = await run(`${base}/kill`);
    expect(events).toEqual(['open']);
    expect(error).toMatchObject({ code: 'SocketClosed', retryable: true, message: 'WebSocket closed with code 1006' });
  });

  it('ws refuses a frame over maxResponseBytes as it arrives: FrameTooLarge, and the server sees close 1009', async () => {
    const closedOnServer = new Promise<number>((resolve) =>
      onConnection.set('/big', (ws) => {
        ws.on('close', (code) => resolve(code));
        ws.send('small');
        ws.send('x'.repeat(4096));
      }),
    );
    const events: string[] = [];
    const error = await new Promise<DirectLineError>((resolve) =>
      openStream(`${base}/big`, nodeWebSocketFactory, 1024).subscribe({
        next: (e) => events.push(e.type === 'open' ? 'open' : `frame:${String(e.data)}`),
        error: resolve,
      }),
    );
    expect(events).toEqual(['open', 'frame:small']);
    expect(error).toMatchObject({ code: 'FrameTooLarge', retryable: false });
    expect(await closedOnServer).toBe(1009);
  });

  it.each([403, 404, 503])('a handshake the server refuses with HTTP %i is SocketHandshakeFailed with that status', async (status) => {
    const { events, error } = await run(`${base}/refuse/${status}`);
    expect(events).toEqual([]);
    expect(error).toMatchObject({
      code: 'SocketHandshakeFailed',
      status,
      retryable: true,
      message: `WebSocket handshake failed (HTTP ${status})`,
    });
  });

  it('a port nobody listens on is SocketHandshakeFailed without a status', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { events, error } = await run(`ws://127.0.0.1:${port}/s`);
    expect(events).toEqual([]);
    expect(error).toMatchObject({ code: 'SocketHandshakeFailed', retryable: true });
    expect(error?.status).toBeUndefined();
  });

  it('unsubscribing during the handshake aborts it: the server sees the connection go, the subscriber sees nothing', async () => {
    const events: string[] = [];
    const subscription = openStream(`${base}/hang`, nodeWebSocketFactory).subscribe({
      next: (e) => events.push(e.type),
      error: (err: DirectLineError) => events.push(`error:${err.code}`),
    });
    for (let i = 0; i < 200 && hanging.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(hanging).toHaveLength(1);
    // An upgraded socket stays half open: the client going away shows as its 'end'.
    const gone = new Promise<void>((resolve) => hanging[0].once('end', () => resolve()));
    subscription.unsubscribe();
    await gone;
    expect(events).toEqual([]);
  });
});
