import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { nodeWebSocketFactory } from 'directline-rx/node';
import type { WebSocketFactory } from 'directline-rx/node';
import { until, useEmulator } from '../../spec/e2e/support';
import { runLoad } from './load';
import { formatReport, isClean, percentile, summarize } from './report';

const emulator = useEmulator();
const fast = { backoff: { initialMs: 20, maxMs: 200 }, stableMs: 200, silenceMs: 3000, requestTimeoutMs: 5000 };

describe('node-load example', () => {
  it('runs N conversations × M messages and finds every echo and answer once and in order', async () => {
    const em = emulator();
    const progress: number[] = [];
    const report = await runLoad({
      domain: em.domain,
      secret: em.secret,
      conversations: 20,
      messages: 5,
      timeoutMs: 60000,
      connectOptions: fast,
      onProgress: (p) => progress.push(p.received),
    });
    expect(report).toMatchObject({
      conversations: 20,
      messagesPerConversation: 5,
      failedConversations: 0,
      posted: 100,
      postFailures: 0,
      expected: 200,
      received: 200,
      lost: 0,
      duplicated: 0,
      outOfOrder: 0,
    });
    expect(report.latency.count).toBe(100);
    expect(report.latency.p50).toBeGreaterThan(0);
    expect(report.latency.p50).toBeLessThanOrEqual(report.latency.p99);
    expect(isClean(report)).toBe(true);
    expect(progress[progress.length - 1]).toBe(200);
    expect(await until(() => em.openSockets() === 0)).toBe(true); // every connection ended
  });

  it('loses and repeats nothing when every socket is dropped in the middle of the exchange', async () => {
    const em = emulator();
    const conversations = new Set<string>();
    let sockets = 0;
    const recording: WebSocketFactory = (url, protocols) => {
      sockets++;
      const id = /conversations\/([^/?]+)\/stream/.exec(url)?.[1];
      if (id) conversations.add(decodeURIComponent(id));
      return nodeWebSocketFactory(url, protocols);
    };
    let dropped = false;
    const report = await runLoad({
      domain: em.domain,
      secret: em.secret,
      conversations: 10,
      messages: 10,
      timeoutMs: 60000,
      connectOptions: { ...fast, webSocketFactory: recording },
      onProgress: ({ received }) => {
        if (dropped || received < 60) return;
        dropped = true;
        for (const id of conversations) em.faults.dropSocket(id);
      },
    });
    expect(dropped).toBe(true);
    expect(conversations.size).toBe(10);
    expect(sockets).toBeGreaterThan(10); // they reconnected
    expect(report).toMatchObject({ received: 200, expected: 200, lost: 0, duplicated: 0, outOfOrder: 0, postFailures: 0 });
  });

  it('counts refused posts as failures, not as lost', async () => {
    const em = emulator();
    em.faults.failNext('activities/post', 2, 400);
    const report = await runLoad({
      domain: em.domain,
      secret: em.secret,
      conversations: 2,
      messages: 3,
      timeoutMs: 60000,
      connectOptions: fast,
    });
    expect(report).toMatchObject({ posted: 4, postFailures: 2, expected: 8, received: 8, lost: 0 });
    expect(isClean(report)).toBe(false);
  });

  it('the command line starts its own emulator, prints the report and exits 0 when clean', async () => {
    const root = path.resolve(__dirname, '../..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/node-load/main.ts', '-n', '5', '-m', '3', '--no-progress'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 25000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(out).toMatch(/5 conversations × 3 messages against http:\/\/127\.0\.0\.1:\d+\/v3\/directline/);
    expect(out).toContain('deliveries      30 of 30 expected');
    expect(out).toMatch(/lost {12}0\n/);
    expect(code).toBe(0);
  });
});

describe('node-load report', () => {
  it('nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), percentile(sorted, 100)]).toEqual([50, 90, 99, 100]);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
    expect(summarize([5, 1, 3])).toEqual({ count: 3, p50: 3, p90: 5, p99: 5, max: 5 });
    expect(summarize([])).toEqual({ count: 0, p50: 0, p90: 0, p99: 0, max: 0 });
  });

  it('formats every figure', () => {
    const text = formatReport({
      conversations: 3,
      messagesPerConversation: 2,
      failedConversations: 1,
      posted: 4,
      postFailures: 0,
      expected: 8,
      received: 7,
      lost: 1,
      duplicated: 2,
      outOfOrder: 3,
      latency: { count: 4, p50: 10, p90: 20, p99: 30, max: 40 },
      connectMs: 100,
      exchangeMs: 2000,
    });
    expect(text).toContain('conversations   3 (1 never online), 2 messages each');
    expect(text).toContain('exchange        2000.0 ms, 4 posts (2/s), 0 failed');
    expect(text).toContain('deliveries      7 of 8 expected');
    expect(text).toMatch(/lost +1\nduplicated +2\nout of order +3/);
    expect(text).toContain('p50 10.0 ms  p90 20.0 ms  p99 30.0 ms  max 40.0 ms  (4 answers)');
  });
});
