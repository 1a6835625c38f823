import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import type { Activity } from '../../protocol/activity';
import { activitySetJson } from '../state/activity-json';
import { decodeWatermark, type ConversationState, type ConversationStore } from '../state/conversation-store';
import { badRequest, conversationNotFound, forbidden, HttpError, notFound } from '../http/errors';
import type { TokenSigner } from '../auth/tokens';
import { LivestreamScramble } from './livestream-scramble';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream\/?$/;
/** Activities per replay frame. */
const REPLAY_CHUNK = 100;

export interface StreamHooks {
  /** Checks the upgrade request before anything else (its Host); throws an HttpError to refuse. */
  checkRequest(req: IncomingMessage): void;
  /** Runs the route's injected delay and failure; throws an HttpError to refuse. */
  beforeHandshake(conversationId: string): Promise<void>;
  /** Called once per upgrade request with 101 or the status it was refused with. */
  onHandshake(req: IncomingMessage, status: number): void;
}

/** The WebSocket side: handshakes, one socket per conversation, replay, delivery, keep-alives. */
export class StreamHub {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 });
  /** Open sockets per conversation; the last one added is the current one. */
  private readonly sockets = new Map<string, Set<WebSocket>>();
  private readonly stalled = new WeakSet<WebSocket>();
  /** Single-use stream tokens already used, with their expiry (ms) for pruning. */
  private readonly usedStreamTokens = new Map<string, number>();
  private lastPrune = 0;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** The fault that delivers livestream chunks out of order and twice. */
  readonly scramble = new LivestreamScramble();

  constructor(
    private readonly store: ConversationStore,
    private readonly signer: TokenSigner,
    private readonly hooks: StreamHooks,
    keepAliveMs: number,
  ) {
    store.onAppend((conversation, activity, watermark) => this.deliver(conversation, activity, watermark));
    this.setKeepAlive(keepAliveMs);
  }

  setKeepAlive(ms: number): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
    if (this.closed || !(ms > 0)) return;
    this.keepAliveTimer = setInterval(() => this.keepAlive(), ms);
    this.keepAliveTimer.unref();
  }

  /** Handles an HTTP upgrade request; refuses it with an HTTP status when it is not valid. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    this.accept(req, socket, head).catch((error: unknown) => {
      this.hooks.onHandshake(req, error instanceof HttpError ? error.status : 500);
      refuse(socket, error);
    });
  }

  private async accept(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (this.closed) throw new HttpError(503, 'ServiceError', 'The emulator is closing');
    this.hooks.checkRequest(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) throw notFound('Unknown WebSocket path');
    const conversationId = safeDecode(match[1]);
    await this.hooks.beforeHandshake(conversationId);
    const token = url.searchParams.get('t') ?? '';
    const verified = this.signer.verify(token);
    if (!verified.ok) throw forbidden(verified.reason === 'expired' ? 'The stream URL has expired' : 'The stream URL is not valid');
    const claims = verified.claims;
    if (claims.typ !== 'st' || claims.conv !== conversationId) throw forbidden('The stream URL is not valid for this conversation');
    if (this.usedStreamTokens.has(claims.jti)) throw forbidden('The stream URL has already been used');
    const conversation = this.store.get(conversationId);
    if (!conversation) throw conversationNotFound();
    const from = decodeWatermark(url.searchParams.get('watermark'));
    if (from === undefined) throw badRequest('The watermark is not valid');
    if (socket.destroyed) throw new Error('socket gone');
    this.pruneUsedStreamTokens();
    this.usedStreamTokens.set(claims.jti, claims.exp * 1000);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.register(req, conversationId, ws, from));
  }

  private register(req: IncomingMessage, conversationId: string, ws: WebSocket, from: number): void {
    const conversation = this.store.get(conversationId);
    if (!conversation || this.closed) {
      ws.close(1000, 'gone');
      return;
    }
    this.hooks.onHandshake(req, 101);
    conversation.started = true;
    let set = this.sockets.get(conversationId);
    if (!set) {
      set = new Set();
      this.sockets.set(conversationId, set);
    }
    for (const older of set) {
      set.delete(older);
      // A stalled socket stays silent (as a dead network would): it is only forgotten.
      if (this.stalled.has(older)) this.trackOrphan(older, conversationId);
      else older.close(1000, 'collision');
    }
    set.add(ws);
    const release = this.store.hold(conversation);
    ws.on('error', () => undefined);
    ws.on('message', () => undefined);
    ws.on('close', () => {
      release();
      const current = this.sockets.get(conversationId);
      if (current?.delete(ws) && current.size === 0) this.sockets.delete(conversationId);
      this.orphans.delete(ws);
    });
    this.replay(conversation, ws, from);
  }

  /** Sockets replaced while stalled: still open, counted, closed at shutdown. */
  private readonly orphans = new Map<WebSocket, string>();

  private trackOrphan(ws: WebSocket, conversationId: string): void {
    if (ws.readyState === WebSocket.OPEN) this.orphans.set(ws, conversationId);
  }

  private replay(conversation: ConversationState, ws: WebSocket, from: number): void {
    for (const set of this.store.setsAfter(conversation, from, REPLAY_CHUNK)) sendText(ws, activitySetJson(set.activities, set.watermark));
  }

  private deliver(conversation: ConversationState, activity: Activity, watermark: string | undefined): void {
    const set = this.sockets.get(conversation.id);
    if (!set) return;
    for (const sent of this.scramble.arrange(conversation.id, activity)) {
      // Typing (livestream chunks included) goes to open sockets only, without a watermark: it is never stored.
      const text = activitySetJson([sent], watermark === undefined || sent !== activity ? undefined : watermark);
      for (const ws of set) if (!this.stalled.has(ws)) sendText(ws, text);
    }
  }

  private keepAlive(): void {
    for (const set of this.sockets.values()) for (const ws of set) if (!this.stalled.has(ws)) sendText(ws, '');
  }

  /** Forgets used stream tokens past their expiry (they are refused as expired anyway), at most once a second. */
  private pruneUsedStreamTokens(): void {
    const now = Date.now();
    if (now - this.lastPrune < 1000) return;
    this.lastPrune = now;
    for (const [jti, exp] of this.usedStreamTokens) if (exp < now) this.usedStreamTokens.delete(jti);
  }

  /** Closes the conversation's socket(s); 1006 (abnormal) is simulated by cutting the TCP connection. */
  drop(conversationId: string, code = 1011, reason = ''): void {
    const set = this.sockets.get(conversationId);
    if (!set) return;
    for (const ws of [...set]) {
      const closable =
        code === 1000 || (code >= 1001 && code <= 1014 && ![1004, 1005, 1006].includes(code)) || (code >= 3000 && code <= 4999);
      if (closable) ws.close(code, reason.slice(0, 120));
      else ws.terminate();
    }
  }

  /** Keeps the socket open but sends nothing more on it. */
  stall(conversationId: string): void {
    const set = this.sockets.get(conversationId);
    if (set) for (const ws of set) this.stalled.add(ws);
  }

  /** Forgets a removed conversation: its sockets are closed. */
  forget(conversationId: string): void {
    this.drop(conversationId, 1000, 'conversation removed');
    this.scramble.set(conversationId, false);
  }

  openSockets(conversationId?: string): number {
    const isOpen = (ws: WebSocket): boolean => ws.readyState === WebSocket.OPEN;
    if (conversationId !== undefined) {
      const current = [...(this.sockets.get(conversationId) ?? [])].filter(isOpen).length;
      const orphans = [...this.orphans].filter(([ws, c]) => c === conversationId && isOpen(ws)).length;
      return current + orphans;
    }
    let n = 0;
    for (const set of this.sockets.values()) for (const ws of set) if (isOpen(ws)) n++;
    for (const ws of this.orphans.keys()) if (isOpen(ws)) n++;
    return n;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.setKeepAlive(0);
    for (const set of this.sockets.values()) for (const ws of set) ws.terminate();
    for (const ws of this.orphans.keys()) ws.terminate();
    this.sockets.clear();
    this.orphans.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function sendText(ws: WebSocket, text: string): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  ws.send(text, () => undefined);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  421: 'Misdirected Request',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Answers a refused handshake with a plain HTTP response and closes the connection. */
function refuse(socket: Duplex, error: unknown): void {
  if (socket.destroyed) return;
  const e = error instanceof HttpError ? error : new HttpError(500, 'ServiceError', 'Internal error in the emulator');
  const body = JSON.stringify({ error: { code: e.code, message: e.message } });
  const headers = [
    `HTTP/1.1 ${e.status} ${REASONS[e.status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...Object.entries(e.headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}
