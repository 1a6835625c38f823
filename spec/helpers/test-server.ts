import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the server answers one request. */
export interface ScriptedReply {
  /** HTTP status (default 200). */
  status?: number;
  headers?: Record<string, string>;
  /** A string or bytes are sent as they are; anything else is sent as JSON. */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Never answer (the client has to time out or abort). */
  hang?: boolean;
  /** Destroy the socket instead of answering. */
  destroy?: boolean;
}

export type Script = ScriptedReply | ((request: RecordedRequest) => ScriptedReply);

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** Path only. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Resolves when the request's connection closes before an answer was sent. */
  closedBeforeAnswer: Promise<void>;
  /** True once an answer was written completely. */
  answered: boolean;
}

/**
 * A tiny scripted HTTP server on 127.0.0.1 (port 0). Each test queues replies with `reply()`;
 * requests are answered in order, and a request with nothing queued gets a 599 so the test fails loudly.
 */
export class TestServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: Script[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiters: Array<() => void> = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<TestServer> {
    let instance: TestServer | undefined;
    const server = createServer((req, res) => instance!.handle(req, res));
    server.on('connection', (socket) => {
      instance!.sockets.add(socket);
      socket.on('close', () => instance!.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    instance = new TestServer(server, `http://127.0.0.1:${port}`);
    return instance;
  }

  /** Queues the answer for the next request. */
  reply(...scripts: Script[]): this {
    this.queue.push(...scripts);
    return this;
  }

  /** Resolves when at least `count` requests have been received. */
  async waitForRequests(count: number): Promise<void> {
    while (this.requests.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Forgets queued replies and recorded requests (between tests). */
  reset(): void {
    this.queue.length = 0;
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let settleClosed!: () => void;
    const closedBeforeAnswer = new Promise<void>((resolve) => (settleClosed = resolve));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const parsed = new URL(url, 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url,
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
        closedBeforeAnswer,
        answered: false,
      };
      res.on('finish', () => {
        recorded.answered = true;
      });
      res.on('close', () => {
        if (!recorded.answered) settleClosed();
      });
      this.requests.push(recorded);
      this.waiters.splice(0).forEach((w) => w());
      const script = this.queue.shift() ?? { status: 599, body: 'no reply scripted' };
      const answer = typeof script === 'function' ? script(recorded) : script;
      const send = () => {
        if (answer.hang) return;
        if (answer.destroy) {
          req.socket.destroy();
          return;
        }
        const headers: Record<string, string> = { ...answer.headers };
        let payload: Buffer = Buffer.alloc(0);
        if (typeof answer.body === 'string') payload = Buffer.from(answer.body, 'utf8');
        else if (Buffer.isBuffer(answer.body)) payload = answer.body;
        else if (answer.body !== undefined) {
          payload = Buffer.from(JSON.stringify(answer.body), 'utf8');
          if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
            headers['Content-Type'] = 'application/json; charset=utf-8';
        }
        headers['Content-Length'] = String(payload.length);
        res.writeHead(answer.status ?? 200, headers);
        res.end(payload);
      };
      if (answer.delayMs) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          send();
        }, answer.delayMs);
        this.timers.add(timer);
      } else send();
    });
  }
}
