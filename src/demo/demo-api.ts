import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson as sendEmulatorJson } from '../emulator/http/errors';
import { mediaType } from '../emulator/http/http-util';
import type { Emulator } from '../emulator/types';

/**
 * The demo page's backend, as an application's own server would be: it holds the secret, hands
 * the page a token for its conversation (and a new one when asked), and lets the page pull the
 * emulator's fault levers for that conversation only. The page proves which conversation is its
 * own with a random key it got with the token; the secret never reaches the browser.
 */

const MAX_SESSIONS = 1000;
const MAX_BODY = 4 * 1024;
const SOCKET_POLL_MS = 200;
const HEARTBEAT_MS = 15_000;

export type FaultAction = 'dropSocket' | 'stallSocket' | 'failNextPost' | 'expireToken' | 'scrambleLivestreams';

interface DemoSession {
  conversationId: string;
  userId: string;
}

class DemoError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A JSON answer the browser must not cache. */
function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendEmulatorJson(res, status, body, { 'Cache-Control': 'no-store' });
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return reject(new DemoError(413, 'The body is too large'));
      if (size === 0) return resolve({});
      try {
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (body && typeof body === 'object' && !Array.isArray(body)) resolve(body as Record<string, unknown>);
        else reject(new DemoError(400, 'The body must be a JSON object'));
      } catch {
        reject(new DemoError(400, 'The body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

export class DemoApi {
  /** Keys handed to pages, oldest first (bounded). */
  private readonly sessions = new Map<string, DemoSession>();

  constructor(private readonly emulator: () => Emulator) {}

  /** Answers `/demo/api/<action>`; false when the path is not one of them. */
  async handle(req: IncomingMessage, res: ServerResponse, action: string, url: URL): Promise<boolean> {
    try {
      if (req.method === 'GET' && action === 'events') {
        this.events(res, this.session(url.searchParams.get('key')));
        return true;
      }
      if (req.method !== 'POST') return false;
      // JSON only: a form on another site (which the Origin check refuses anyway) cannot even shape a request.
      if (mediaType(req) !== 'application/json') throw new DemoError(415, 'Content-Type must be application/json');
      switch (action) {
        case 'session':
          sendJson(res, 200, await this.start());
          return true;
        case 'token': {
          const body = await readJson(req);
          sendJson(res, 200, await this.token(this.session(body.key)));
          return true;
        }
        case 'fault': {
          const body = await readJson(req);
          this.fault(this.session(body.key), body.action);
          sendJson(res, 200, { ok: true });
          return true;
        }
        default:
          return false;
      }
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return true;
      }
      const status = error instanceof DemoError ? error.status : 502;
      sendJson(res, status, { error: { message: error instanceof Error ? error.message : 'Failed' } });
      return true;
    }
  }

  private session(key: unknown): DemoSession {
    const session = typeof key === 'string' ? this.sessions.get(key) : undefined;
    if (!session) throw new DemoError(404, 'Unknown demo session: start a new one');
    return session;
  }

  /** A call to the emulator's Direct Line API with the secret, as an application's backend makes. */
  private async directLine(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const { domain, secret } = this.emulator();
    const response = await fetch(`${domain}${path}`, {
      method,
      headers: { Authorization: `Bearer ${secret}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) throw new DemoError(response.status === 404 ? 404 : 502, `The emulator answered ${response.status}`);
    return answer;
  }

  /** A new conversation: a token bound to it and the user, and the key that names it from now on. */
  private async start(): Promise<Record<string, unknown>> {
    const userId = `user-${randomBytes(6).toString('hex')}`;
    const answer = await this.directLine('POST', '/tokens/generate', { user: { id: userId } });
    const conversationId = String(answer.conversationId);
    const key = randomBytes(18).toString('base64url');
    this.sessions.set(key, { conversationId, userId });
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    return { key, conversationId, userId, token: answer.token, expires_in: answer.expires_in, domain: this.emulator().domain };
  }

  /** A fresh token for the session's conversation (after a reload, or once the old one expired). */
  private async token(session: DemoSession): Promise<Record<string, unknown>> {
    const answer = await this.directLine('GET', `/conversations/${encodeURIComponent(session.conversationId)}`);
    return {
      conversationId: session.conversationId,
      userId: session.userId,
      token: answer.token,
      expires_in: answer.expires_in,
      domain: this.emulator().domain,
    };
  }

  private fault(session: DemoSession, action: unknown): void {
    const { faults } = this.emulator();
    const id = session.conversationId;
    switch (action as FaultAction) {
      case 'dropSocket':
        return faults.dropSocket(id);
      case 'stallSocket':
        return faults.stallSocket(id);
      case 'failNextPost':
        return faults.failNext('activities/post', 1, 500, { code: 'ServiceError', conversationId: id });
      case 'expireToken':
        return faults.expireToken(id);
      case 'scrambleLivestreams':
        return faults.scrambleLivestreams(id);
      default:
        throw new DemoError(400, 'action must be dropSocket, stallSocket, failNextPost, expireToken or scrambleLivestreams');
    }
  }

  /** Server-sent events: the number of sockets the emulator holds open for the conversation, on each change. */
  private events(res: ServerResponse, session: DemoSession): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    let last = -1;
    let sinceBeat = 0;
    const tick = (): void => {
      const openSockets = this.emulator().openSockets(session.conversationId);
      if (openSockets !== last) {
        last = openSockets;
        res.write(`data: ${JSON.stringify({ openSockets })}\n\n`);
      } else if ((sinceBeat += SOCKET_POLL_MS) >= HEARTBEAT_MS) {
        res.write(': keep-alive\n\n');
        sinceBeat = 0;
      }
    };
    tick();
    const timer = setInterval(tick, SOCKET_POLL_MS);
    const stop = (): void => clearInterval(timer);
    res.on('close', stop);
    res.on('error', stop);
  }
}
