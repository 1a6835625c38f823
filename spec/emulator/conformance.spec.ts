/**
 * Conformance: the official client, botframework-directlinejs, against the emulator in Node
 * (xhr2 and ws as the browser globals it expects).
 */
import { startEmulator, type Emulator } from '../../src/emulator';

const g = globalThis as any;
g.XMLHttpRequest = require('xhr2');
g.WebSocket = require('ws');
const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');

interface Client {
  activity$: { subscribe(next: (a: any) => void): { unsubscribe(): void } };
  connectionStatus$: { subscribe(next: (s: number) => void): { unsubscribe(): void }; getValue(): number };
  postActivity(a: any): { subscribe(next: (id: string) => void, error?: (e: unknown) => void): { unsubscribe(): void } };
  refreshToken(): { subscribe(next: (token: string) => void, error?: (e: unknown) => void): { unsubscribe(): void } };
  end(): void;
  token: string;
  conversationId: string;
}

let emu: Emulator;
const cleanups: (() => void)[] = [];

beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) {
    try {
      c();
    } catch {
      /* end() of an already ended client */
    }
  }
  await emu.close();
});

function client(options: Record<string, unknown>): { dl: Client; received: any[]; statuses: number[] } {
  // random: () => 0 makes the client's reconnect delay its minimum (3 s).
  const dl: Client = new DirectLine({ domain: emu.domain, random: () => 0, ...options });
  const received: any[] = [];
  const statuses: number[] = [];
  const subs = [dl.activity$.subscribe((a) => received.push(a)), dl.connectionStatus$.subscribe((s) => statuses.push(s))];
  cleanups.push(() => {
    subs.forEach((s) => s.unsubscribe());
    dl.end();
  });
  return { dl, received, statuses };
}

function post(dl: Client, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    dl.postActivity({ type: 'message', from: { id: 'user1', name: 'User' }, text }).subscribe(resolve, reject);
  });
}

async function until(predicate: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!predicate()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const texts = (received: any[]) => received.map((a) => a.text);

test('WebSocket: start, post, receive the echo of the post and the bot reply', async () => {
  const { dl, received, statuses } = client({ secret: emu.secret });
  await until(() => statuses.includes(ConnectionStatus.Online));
  const id = await post(dl, 'hello');
  expect(id).toMatch(/\|\d{7}$/);
  await until(() => received.length >= 2);
  expect(texts(received)).toEqual(['hello', 'echo: hello']);
  expect(received[0].id).toBe(id);
  expect(emu.stats().handshakes).toBe(1);
  expect(emu.openSockets()).toBe(1);
});

test('polling (webSocket: false): start, post, receive', async () => {
  const { dl, received, statuses } = client({ secret: emu.secret, webSocket: false, pollingInterval: 200 });
  await until(() => statuses.includes(ConnectionStatus.Online));
  await post(dl, 'poll me');
  await until(() => received.length >= 2);
  expect(texts(received)).toEqual(['poll me', 'echo: poll me']);
  expect(emu.stats().requests['activities/get']).toBeGreaterThan(0);
  expect(emu.stats().handshakes).toBe(0);
});

test('a token from tokens/generate works, and the client can refresh it', async () => {
  const gen = await fetch(`${emu.domain}/tokens/generate`, { method: 'POST', headers: { Authorization: `Bearer ${emu.secret}` } });
  const { token, conversationId } = await gen.json();
  const { dl, received, statuses } = client({ token });
  await until(() => statuses.includes(ConnectionStatus.Online));
  expect(dl.conversationId).toBe(conversationId);
  await post(dl, 'with a token');
  await until(() => received.length >= 2);
  const refreshed = await new Promise<string>((resolve, reject) => dl.refreshToken().subscribe(resolve, reject));
  expect(refreshed).not.toBe(token);
  expect(emu.stats().requests['tokens/refresh']).toBe(1);
  dl.token = refreshed;
  await post(dl, 'after refresh');
  await until(() => received.length >= 4);
  expect(texts(received)).toEqual(['with a token', 'echo: with a token', 'after refresh', 'echo: after refresh']);
});

test('reconnects with no loss after the emulator drops the socket', async () => {
  const { dl, received, statuses } = client({ secret: emu.secret });
  await until(() => statuses.includes(ConnectionStatus.Online));
  await post(dl, 'before');
  await until(() => received.length >= 2);
  emu.faults.dropSocket(dl.conversationId);
  await until(() => emu.openSockets(dl.conversationId) === 0);
  // While the client waits to reconnect, the bot and the user keep talking.
  emu.sendFromBot(dl.conversationId, { type: 'message', text: 'while away' });
  await post(dl, 'during');
  await until(() => emu.stats().handshakes === 2, 20_000);
  await until(() => received.length >= 5);
  expect(texts(received)).toEqual(['before', 'echo: before', 'while away', 'during', 'echo: during']);
  expect(emu.stats().requests['conversations/get']).toBe(1);
}, 30_000);
