import WebSocket from 'ws';
import type { Activity, ActivitySet } from '../../src/protocol/activity';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator';

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** One HTTP call; the body is parsed as JSON when it can be. */
export async function call<T = any>(
  url: string,
  init: { method?: string; auth?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.auth) headers.Authorization = `Bearer ${init.auth}`;
  let body = init.body;
  if (init.json !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    body = JSON.stringify(init.json);
  }
  const res = await fetch(url, { method: init.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body });
  const text = await res.text();
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** A socket that records every text frame it receives. */
export class Recorder {
  readonly frames: string[] = [];
  readonly sets: ActivitySet[] = [];
  closed: { code: number; reason: string } | undefined;
  private waiters: (() => void)[] = [];

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString();
      this.frames.push(text);
      if (text) this.sets.push(JSON.parse(text));
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    ws.on('error', () => undefined);
  }

  get activities(): Activity[] {
    return this.sets.flatMap((s) => s.activities);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves once `predicate` holds (checked after every frame), or rejects after `ms`. */
  until(predicate: () => boolean, ms = 3000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; frames: ${JSON.stringify(this.frames).slice(0, 500)}`)), ms);
      const check = (): void => {
        if (predicate()) {
          clearTimeout(timer);
          resolve();
        } else this.waiters.push(check);
      };
      check();
    });
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }
}

/** Opens a socket; resolves with its recorder once open, or rejects with the refused HTTP status. */
export function openSocket(url: string): Promise<Recorder> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const recorder = new Recorder(ws);
    ws.once('open', () => resolve(recorder));
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`handshake refused: ${res.statusCode}`), { status: res.statusCode, headers: res.headers }));
      res.resume();
      ws.terminate();
    });
    ws.once('error', (err) => reject(err));
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const userMessage = (text: string, userId = 'user1'): Partial<Activity> => ({ type: 'message', text, from: { id: userId } });

/** A fresh emulator for each test, closed after it with the sockets the test put in `sockets`. */
export function emulatorPerTest(options?: EmulatorOptions): {
  readonly emu: Emulator;
  readonly origin: string;
  readonly sockets: Recorder[];
} {
  let emu: Emulator | undefined;
  const sockets: Recorder[] = [];
  beforeEach(async () => {
    emu = await startEmulator(options);
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await emu?.close();
    emu = undefined;
  });
  const current = () => {
    if (!emu) throw new Error('the emulator runs only during a test');
    return emu;
  };
  return {
    get emu() {
      return current();
    },
    /** The emulator's origin (its domain without /v3/directline). */
    get origin() {
      return current().domain.replace('/v3/directline', '');
    },
    sockets,
  };
}
