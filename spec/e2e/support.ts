import { firstValueFrom, Observable } from 'rxjs';
import { filter, take, timeout, toArray } from 'rxjs/operators';
import { startEmulator } from '../../src/emulator';
import type { Emulator, EmulatorOptions } from '../../src/emulator';
import { connect } from '../../src/node';
import type { ConnectOptions } from '../../src/options';
import type { Activity } from '../../src/protocol/activity';
import { ConnectionStatus } from '../../src/connection-status';

export { connect, ConnectionStatus };

/** Starts an emulator per test file on 127.0.0.1, any free port. */
export function useEmulator(options: EmulatorOptions = {}): () => Emulator {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, host: '127.0.0.1', ...options });
  });
  afterEach(() => emulator?.faults.reset());
  afterAll(async () => {
    await emulator?.close();
  });
  return () => emulator as Emulator;
}

/** Fast timings for tests: quick backoff, short silence. */
export function testOptions(emulator: Emulator, extra: Partial<ConnectOptions> = {}): ConnectOptions {
  return {
    domain: emulator.domain,
    secret: emulator.secret,
    user: { id: 'user1', name: 'User' },
    backoff: { initialMs: 20, maxMs: 200 },
    stableMs: 200,
    silenceMs: 3000,
    requestTimeoutMs: 5000,
    ...extra,
  };
}

export function takeActivities(
  activity$: Observable<Activity>,
  n: number,
  predicate: (a: Activity) => boolean = () => true,
  ms = 15000,
): Promise<Activity[]> {
  return firstValueFrom(activity$.pipe(filter(predicate), take(n), toArray(), timeout(ms)));
}

export function waitFor<T>(source: Observable<T>, predicate: (v: T) => boolean, ms = 15000): Promise<T> {
  return firstValueFrom(source.pipe(filter(predicate), take(1), timeout(ms)));
}

export const isBot = (a: Activity) => a.from?.role === 'bot' || a.from?.id === 'bot';
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps one subscriber on activity$ for the whole test (errors are the tests' to assert elsewhere). */
export function keepListening(conn: { activity$: Observable<Activity> }): void {
  conn.activity$.subscribe({ error: () => undefined });
}

/** Polls a condition every 20 ms until it holds or `ms` pass (bounded); returns whether it held. */
export async function until(predicate: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

/** Waits until the connection is Online; returns its conversation id. */
export async function online(conn: ReturnType<typeof connect>) {
  await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
  return conn.getSession().conversationId as string;
}

/** A conversation started with the secret, and the token it handed out. */
export async function startWithSecret(em: Emulator) {
  const starter = connect(testOptions(em));
  keepListening(starter);
  const conversationId = await online(starter);
  const token = starter.getSession().token as string;
  starter.end();
  return { conversationId, token };
}

/** What an application backend does: a fresh token for an existing conversation, with the secret. */
export async function tokenFor(em: Emulator, conversationId: string): Promise<string> {
  const res = await fetch(`${em.domain}/conversations/${conversationId}`, { headers: { Authorization: `Bearer ${em.secret}` } });
  return ((await res.json()) as { token: string }).token;
}
