import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { startEmulator, type Emulator } from '../../src/emulator';
import { LISTEN_BACKLOG } from '../../src/emulator/server';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const port = () => Number(new URL(emu.domain).port);

test('the listening socket takes 10,000 pending connections (what the kernel allows of it), not Node’s 511', () => {
  const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim());
  // For a listening socket, `ss` reports the accept queue's size as Send-Q.
  const line = execFileSync('ss', ['-Hltn', `sport = :${port()}`], { encoding: 'utf8' }).trim().split('\n')[0];
  const sendQ = Number(line.trim().split(/\s+/)[2]);
  expect(LISTEN_BACKLOG).toBe(10_000);
  expect(sendQ).toBe(Math.min(LISTEN_BACKLOG, somaxconn));
  expect(sendQ).toBeGreaterThan(511);
});

test('2,000 conversations started at once, each on its own connection, all succeed', async () => {
  const N = 2000;
  const startOne = () =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        `${emu.domain}/conversations`,
        { method: 'POST', agent: false, headers: { Authorization: `Bearer ${emu.secret}`, Connection: 'close' }, timeout: 60_000 },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end();
    });
  const statuses = await Promise.allSettled(Array.from({ length: N }, startOne));
  const counts: Record<string, number> = {};
  for (const s of statuses) {
    const key = s.status === 'fulfilled' ? String(s.value) : s.reason.message;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  expect(counts).toEqual({ '201': N });
  expect(emu.stats().conversations).toBe(N);
}, 90_000);
