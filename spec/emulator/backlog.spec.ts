import { request, Server } from 'node:http';
import { startEmulator, type Emulator } from '../../src/emulator';
import { LISTEN_BACKLOG } from '../../src/emulator/server';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

test('the server listens with a backlog of 10,000, not Node’s default 511', async () => {
  const listen = jest.spyOn(Server.prototype, 'listen');
  const other = await startEmulator();
  try {
    expect(listen.mock.calls.map((args) => (args[0] as { backlog?: number }).backlog)).toEqual([LISTEN_BACKLOG]);
    expect(LISTEN_BACKLOG).toBe(10_000);
  } finally {
    listen.mockRestore();
    await other.close();
  }
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
