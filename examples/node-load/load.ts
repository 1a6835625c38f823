import { performance } from 'node:perf_hooks';
import { firstValueFrom, from, lastValueFrom, Subject, timer } from 'rxjs';
import { filter, map, mergeMap, raceWith, take, toArray } from 'rxjs/operators';
import { connect, ConnectionStatus } from 'directline-rx/node';
import type { Activity, ConnectOptions, DirectLineConnection } from 'directline-rx/node';
import { summarize } from './report';
import type { LoadReport } from './report';

/** Options of a load run. */
export interface LoadOptions {
  /** The service: an emulator's `domain` (or the real service's). */
  domain: string;
  secret?: string;
  token?: string;
  /** Conversations, all open at once. Default 1 000. */
  conversations?: number;
  /** Messages each conversation posts (one after the other); the bot answers each. Default 10. */
  messages?: number;
  /** Conversations starting at the same time. Default 50. */
  concurrency?: number;
  /** The whole run ends by this deadline, ms; what has not arrived by then is lost. Default 120 000. */
  timeoutMs?: number;
  /** More options for each `connect()`. */
  connectOptions?: Partial<ConnectOptions>;
  /** Called at each delivery and each conversation online. */
  onProgress?: (progress: { online: number; received: number; expected: number }) => void;
}

/** What one conversation saw. */
interface Tally {
  index: number;
  conn: DirectLineConnection;
  online: boolean;
  /** Message numbers of the posts the service accepted. */
  accepted: number[];
  postFailures: number;
  /** Arrivals per message number: own echoes and bot answers apart. */
  echoes: Map<number, number>;
  answers: Map<number, number>;
  ids: Set<string>;
  duplicated: number;
  outOfOrder: number;
  lastEcho: number;
  lastAnswer: number;
  sentAt: Map<number, number>;
  latencies: number[];
  /** Emits at each new delivery. */
  changed: Subject<void>;
}

const OWN = /^(\d+):(\d+)$/;
const ANSWER = /^echo: (\d+):(\d+)$/;

/**
 * Runs N conversations in this process, each posting M messages to an echo bot, and checks every
 * delivery: lost, duplicated, out of order, and the latency from post to answer. Bounded by
 * `timeoutMs`; every connection is ended before it resolves.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const n = options.conversations ?? 1000;
  const m = options.messages ?? 10;
  const deadline = performance.now() + (options.timeoutMs ?? 120000);
  const remaining = () => Math.max(0, deadline - performance.now());
  const tallies: Tally[] = [];
  let online = 0;
  let received = 0;
  const progress = () => options.onProgress?.({ online, received, expected: 2 * n * m });

  const record = (t: Tally, activity: Activity) => {
    if (activity.type !== 'message') return;
    if (activity.id !== undefined) {
      if (t.ids.has(activity.id)) {
        t.duplicated++;
        return;
      }
      t.ids.add(activity.id);
    }
    const own = OWN.exec(activity.text ?? '');
    const answer = ANSWER.exec(activity.text ?? '');
    const match = own ?? answer;
    if (!match || Number(match[1]) !== t.index) return;
    const seq = Number(match[2]);
    const counts = own ? t.echoes : t.answers;
    const seen = counts.get(seq) ?? 0;
    counts.set(seq, seen + 1);
    if (seen > 0) {
      t.duplicated++;
      return;
    }
    if (own) {
      if (seq < t.lastEcho) t.outOfOrder++;
      t.lastEcho = Math.max(t.lastEcho, seq);
    } else {
      if (seq < t.lastAnswer) t.outOfOrder++;
      t.lastAnswer = Math.max(t.lastAnswer, seq);
      const sentAt = t.sentAt.get(seq);
      if (sentAt !== undefined) t.latencies.push(performance.now() - sentAt);
    }
    received++;
    t.changed.next();
    progress();
  };

  const open = async (index: number): Promise<Tally> => {
    const conn = connect({
      domain: options.domain,
      secret: options.secret,
      token: options.token,
      user: { id: `load-${index}` },
      ...options.connectOptions,
    });
    const t: Tally = {
      index,
      conn,
      online: false,
      accepted: [],
      postFailures: 0,
      echoes: new Map(),
      answers: new Map(),
      ids: new Set(),
      duplicated: 0,
      outOfOrder: 0,
      lastEcho: -1,
      lastAnswer: -1,
      sentAt: new Map(),
      latencies: [],
      changed: new Subject<void>(),
    };
    tallies.push(t);
    conn.activity$.subscribe({ next: (a) => record(t, a), error: () => undefined });
    const status = conn.connectionStatus$.pipe(
      filter((s) => s === ConnectionStatus.Online),
      map(() => true),
      raceWith(timer(remaining()).pipe(map(() => false))),
      take(1),
    );
    t.online = await firstValueFrom(status, { defaultValue: false });
    if (t.online) online++;
    progress();
    return t;
  };

  const exchange = async (t: Tally): Promise<void> => {
    if (!t.online) return;
    for (let seq = 0; seq < m && remaining() > 0; seq++) {
      t.sentAt.set(seq, performance.now());
      try {
        await firstValueFrom(t.conn.postActivity({ type: 'message', text: `${t.index}:${seq}` }));
        t.accepted.push(seq);
      } catch {
        t.postFailures++;
        t.sentAt.delete(seq);
      }
    }
    // Wait (bounded) until the echo and the answer of every accepted post have come.
    const complete = () => missing(t.echoes, t.accepted) + missing(t.answers, t.accepted) === 0;
    if (!complete())
      await firstValueFrom(
        t.changed.pipe(
          filter(complete),
          map(() => true),
          raceWith(timer(remaining()).pipe(map(() => false))),
          take(1),
        ),
        { defaultValue: false },
      );
  };

  const connectStart = performance.now();
  try {
    await lastValueFrom(
      from(Array.from({ length: n }, (_, i) => i)).pipe(
        mergeMap((i) => open(i), options.concurrency ?? 50),
        toArray(),
      ),
    );
    const connectMs = performance.now() - connectStart;
    const exchangeStart = performance.now();
    await Promise.all(tallies.map(exchange));
    const exchangeMs = performance.now() - exchangeStart;

    const posted = sum(tallies, (t) => t.accepted.length);
    const latencies = tallies.flatMap((t) => t.latencies);
    const lost = sum(tallies, (t) => missing(t.echoes, t.accepted) + missing(t.answers, t.accepted));
    return {
      conversations: n,
      messagesPerConversation: m,
      failedConversations: tallies.filter((t) => !t.online).length,
      posted,
      postFailures: sum(tallies, (t) => t.postFailures),
      expected: 2 * posted,
      received,
      lost,
      duplicated: sum(tallies, (t) => t.duplicated),
      outOfOrder: sum(tallies, (t) => t.outOfOrder),
      latency: summarize(latencies),
      connectMs,
      exchangeMs,
    };
  } finally {
    for (const t of tallies) t.conn.end();
  }
}

/** How many of the accepted messages never arrived. */
function missing(arrivals: Map<number, number>, accepted: readonly number[]): number {
  return accepted.reduce((count, seq) => count + (arrivals.has(seq) ? 0 : 1), 0);
}

function sum<T>(items: readonly T[], f: (item: T) => number): number {
  return items.reduce((total, item) => total + f(item), 0);
}
