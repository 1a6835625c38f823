/**
 * Chaos soak: many conversations posting to the echo bot for a while through the emulator's
 * fault controls (drops, stalls, 5xx and 429/503 with Retry-After on reconnects and posts,
 * expired tokens, delays), then the faults stop and every conversation is checked against the
 * emulator's transcript:
 *  - every stored activity delivered exactly once and in the stored order (lost, duplicated, out of order);
 *  - a post that succeeded is in the transcript exactly once; a post that errored is not in it;
 *  - every connection is Online with exactly one socket, and has delivered a probe the bot sent as
 *    the faults stopped, within 2 s (plus silenceMs: a stall injected at the last moment is only
 *    noticed then) — else it counts as stuck; the recovery time is the max over conversations.
 * Exits 1 if any count is off (2 if the soak itself could not run).
 *
 *   npx tsx bench/soak/main.ts [--conversations 200] [--seconds 60] [--progress=false]
 *
 * A quarter of the conversations run on a token with a token provider (they get the expired
 * tokens); the others on the secret. Bounded: posting stops with the faults; the checks wait at
 * most 15 s.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Presets, SingleBar } from 'cli-progress';
import { connect, ConnectionStatus } from 'directline-rx/node';
import type { Activity, ConnectOptions, DirectLineConnection } from 'directline-rx/node';
import { startEmulator } from 'directline-rx/emulator';
import type { Emulator } from 'directline-rx/emulator';
import { runMain } from '../../examples/cli/run-main';
import { summarize } from '../../examples/node-load/report';
import { startChaos } from './chaos';
import { checkConversation, emptyTally, addTally } from './check';
import type { Tally } from './check';

/** connect() options suited to a soak: silence noticed within 1.5 s (keep-alives every 300 ms), retries within 1 s. */
const SOAK_OPTIONS: Partial<ConnectOptions> = { silenceMs: 1500, backoff: { initialMs: 200, maxMs: 1000 } };
const KEEP_ALIVE_MS = 300;
/** A stall injected just before the faults stop is noticed only after silenceMs: the 2 s count from then. */
const STUCK_AFTER_MS = (SOAK_OPTIONS.silenceMs as number) + 2000;

interface Conversation {
  index: number;
  conn: DirectLineConnection;
  conversationId?: string;
  withProvider: boolean;
  status: ConnectionStatus;
  received: Activity[];
  accepted: Set<string>;
  errored: Set<string>;
  sent: number;
  /** ms after the faults stopped when it was first seen Online with one socket. */
  recoveredAfterMs?: number;
}

async function json(url: string, secret: string, method = 'GET'): Promise<{ conversationId: string; token: string }> {
  const res = await fetch(url, { method, headers: { Authorization: `Bearer ${secret}` } });
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}`);
  return (await res.json()) as { conversationId: string; token: string };
}

async function open(emulator: Emulator, index: number, withProvider: boolean): Promise<Conversation> {
  const base: ConnectOptions = { domain: emulator.domain, user: { id: `soak-${index}` }, ...SOAK_OPTIONS };
  let options: ConnectOptions;
  if (withProvider) {
    const { conversationId, token } = await json(`${emulator.domain}/tokens/generate`, emulator.secret, 'POST');
    // What an application backend does: a fresh token for the same conversation, with the secret.
    // Its call meets the injected faults too; like a careful backend it tries again (bounded), since
    // a provider that fails leaves the connection in ExpiredToken until the application calls setToken.
    const tokenProvider = async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return (await json(`${emulator.domain}/conversations/${conversationId}`, emulator.secret)).token;
        } catch (error) {
          if (attempt === 10) throw error;
          await new Promise((r) => setTimeout(r, 100 * attempt));
        }
      }
    };
    options = { ...base, token, conversationId, tokenProvider };
  } else options = { ...base, secret: emulator.secret };
  const c: Conversation = {
    index,
    conn: connect(options),
    withProvider,
    status: ConnectionStatus.Uninitialized,
    received: [],
    accepted: new Set(),
    errored: new Set(),
    sent: 0,
  };
  c.conn.connectionStatus$.subscribe((s) => (c.status = s));
  c.conn.activity$.subscribe({ next: (a) => c.received.push(a), error: () => undefined });
  return c;
}

async function waitUntil(deadlineMs: number, done: () => boolean): Promise<boolean> {
  const until = performance.now() + deadlineMs;
  while (performance.now() < until) {
    if (done()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return done();
}

/** Posts one message after another, with short pauses, until `stopped()`. */
async function postLoop(c: Conversation, stopped: () => boolean): Promise<void> {
  for (let seq = 0; !stopped(); seq++) {
    const text = `${c.index}:${seq}`;
    c.sent++;
    try {
      await new Promise<string>((resolve, reject) =>
        c.conn.postActivity({ type: 'message', text }).subscribe({ next: resolve, error: reject }),
      );
      c.accepted.add(text);
    } catch {
      c.errored.add(text);
    }
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 250));
  }
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      conversations: { type: 'string' },
      seconds: { type: 'string' },
      progress: { type: 'boolean', default: true },
      every: { type: 'string' },
    },
    allowNegative: true,
  });
  const n = Number(values.conversations ?? 200);
  const seconds = Number(values.seconds ?? 60);
  if (!(n > 0 && seconds > 0)) throw new Error('--conversations and --seconds must be positive');
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', keepAliveMs: KEEP_ALIVE_MS });
  const conversations: Conversation[] = [];
  const bar = new SingleBar(
    {
      format:
        'soak {bar} {value}/{total} s | {online}/{n} online | {posts} posts, {errored} errored | {delivered} delivered | {faults} faults',
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  try {
    for (let i = 0; i < n; i++) conversations.push(await open(emulator, i, i % 4 === 3));
    const allOnline = await waitUntil(20000, () => conversations.every((c) => c.status === ConnectionStatus.Online));
    if (!allOnline) throw new Error('not every conversation came Online before the faults started');
    for (const c of conversations) c.conversationId = c.conn.getSession().conversationId;
    const ids = conversations.map((c) => c.conversationId as string);
    const tokenIds = conversations.filter((c) => c.withProvider).map((c) => c.conversationId as string);

    // the chaos, with every conversation posting
    let stopped = false;
    const chaos = startChaos(
      emulator,
      () => ids,
      () => tokenIds,
      Number(values.every ?? Math.max(20, Math.round(4000 / n))),
    );
    const posting = Promise.all(conversations.map((c) => postLoop(c, () => stopped)));
    const t0 = performance.now();
    const faultCount = () => Object.values(chaos.counts).reduce((a, b) => a + b, 0);
    const update = () =>
      bar.update(Math.min(seconds, Math.floor((performance.now() - t0) / 1000)), {
        n,
        online: conversations.filter((c) => c.status === ConnectionStatus.Online).length,
        posts: conversations.reduce((s, c) => s + c.sent, 0),
        errored: conversations.reduce((s, c) => s + c.errored.size, 0),
        delivered: conversations.reduce((s, c) => s + c.received.length, 0),
        faults: faultCount(),
      });
    if (values.progress) bar.start(seconds, 0, { n, online: 0, posts: 0, errored: 0, delivered: 0, faults: 0 });
    const ticker = setInterval(() => values.progress && update(), 250);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    chaos.stop();
    const stoppedAt = performance.now();
    stopped = true;
    clearInterval(ticker);
    if (values.progress) {
      update();
      bar.stop();
    }

    // Recovery: Online with exactly one socket, and a probe sent by the bot as the faults stopped
    // delivered (a stalled socket is open but dead: only the probe tells).
    const probes = new Map(
      conversations.map((c) => [c, emulator.sendFromBot(c.conversationId as string, { type: 'message', text: 'probe' }).id]),
    );
    const healthy = (c: Conversation) =>
      c.status === ConnectionStatus.Online &&
      emulator.openSockets(c.conversationId) === 1 &&
      c.received.some((a) => a.id === probes.get(c));
    await waitUntil(15000, () => {
      for (const c of conversations) if (c.recoveredAfterMs === undefined && healthy(c)) c.recoveredAfterMs = performance.now() - stoppedAt;
      return conversations.every((c) => c.recoveredAfterMs !== undefined);
    });
    await posting;
    // every stored activity delivered (bounded)
    await waitUntil(15000, () =>
      conversations.every((c) => checkConversation(emulator.activities(c.conversationId as string), c).lost === 0),
    );

    const total = conversations.reduce(
      (t: Tally, c) => addTally(t, checkConversation(emulator.activities(c.conversationId as string), c)),
      emptyTally(),
    );
    const recovery = summarize(conversations.map((c) => c.recoveredAfterMs ?? Infinity));
    const stuck = conversations.filter((c) => c.recoveredAfterMs === undefined || c.recoveredAfterMs > STUCK_AFTER_MS).length;
    const lines = [
      `${n} conversations (${tokenIds.length} on tokens with a provider) for ${seconds} s; faults: ${Object.entries(chaos.counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
      `posts           ${total.sent} sent, ${total.accepted} succeeded, ${total.errored} errored`,
      `delivered       ${total.delivered} of ${total.stored} stored activities`,
      `lost            ${total.lost}`,
      `duplicated      ${total.duplicated}`,
      `out of order    ${total.outOfOrder}`,
      `posts wrong     ${total.acceptedNotOnce} succeeded but not exactly once in the transcript, ${total.erroredStored} errored but in it`,
      `stuck           ${stuck} (not Online with exactly one socket and the probe delivered within ${STUCK_AFTER_MS} ms of the faults stopping)`,
      `recovery        max ${Number.isFinite(recovery.max) ? `${recovery.max.toFixed(0)} ms` : 'never'}, p50 ${recovery.p50.toFixed(0)} ms after the faults stopped`,
    ];
    for (const c of conversations.filter((x) => x.recoveredAfterMs === undefined || x.recoveredAfterMs > STUCK_AFTER_MS)) {
      lines.push(
        `  stuck: #${c.index} ${ConnectionStatus[c.status]}, ${emulator.openSockets(c.conversationId)} sockets, ${c.withProvider ? 'token with a provider' : 'secret'}, recovered ${c.recoveredAfterMs === undefined ? 'never' : `after ${c.recoveredAfterMs.toFixed(0)} ms`}`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    const bad = total.lost + total.duplicated + total.outOfOrder + total.acceptedNotOnce + total.erroredStored + stuck;
    if (faultCount() === 0 || total.accepted === 0) {
      process.stdout.write('the soak injected no fault or posted nothing: not a soak\n');
      return 1;
    }
    process.stdout.write(bad === 0 ? 'soak passed\n' : 'soak FAILED\n');
    return bad === 0 ? 0 : 1;
  } finally {
    bar.stop();
    for (const c of conversations) c.conn.end();
    await emulator.close();
  }
}

if (require.main === module) runMain(() => main());
