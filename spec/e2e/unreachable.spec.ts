import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { firstValueFrom } from 'rxjs';
import { createDirectLine } from '../../src/node';
import type { DebugEvent } from '../../src/options';
import { connect, ConnectionStatus, waitFor } from './support';

/** A port on 127.0.0.1 with nothing listening: taken, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const SECRET = 'unreachable-secret-0123456789';

describe('a host that never answers (real sockets)', () => {
  it('nothing listening: FailedToConnect after unreachableMs, the error naming the origin and "connection refused"', async () => {
    const port = await closedPort();
    const events: DebugEvent[] = [];
    const conn = connect({
      domain: `http://127.0.0.1:${port}/v3/directline`,
      secret: SECRET,
      unreachableMs: 1500,
      debug: (e) => events.push(e),
    });
    const statuses: ConnectionStatus[] = [];
    conn.connectionStatus$.subscribe((s) => statuses.push(s));
    const error = await firstValueFrom(conn.activity$).catch((e) => e);
    expect(error).toMatchObject({ code: 'Unreachable', status: 0, retryable: false });
    expect(error.message).toMatch(
      /^No server answered in 1\.5 s \(\d+ attempts\): Start conversation failed: connection refused \(ECONNREFUSED\) at http:\/\/127\.0\.0\.1:\d+$/,
    );
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).not.toContain(SECRET);
    expect(statuses).toEqual([ConnectionStatus.Uninitialized, ConnectionStatus.Connecting, ConnectionStatus.FailedToConnect]);
    expect(events.filter((e) => e.type === 'retry').length).toBeGreaterThan(1); // it did retry before giving up
    expect(events).toContainEqual({ type: 'failed', error });
    conn.end();
  });

  it('a host name that does not resolve: the error says "host not found"', async () => {
    const conn = connect({ domain: 'http://no-such-host.invalid/v3/directline', token: 'a-token-for-nowhere', unreachableMs: 500 });
    const error = await firstValueFrom(conn.activity$).catch((e) => e);
    expect(error).toMatchObject({ code: 'Unreachable' });
    expect(error.message).toMatch(/host not found \((ENOTFOUND|EAI_AGAIN)\) at http:\/\/no-such-host\.invalid/);
    conn.end();
  });

  it('the Web Chat object reports it as FailedToConnect too', async () => {
    const port = await closedPort();
    const dl = createDirectLine({ domain: `http://127.0.0.1:${port}/v3/directline`, secret: SECRET, unreachableMs: 500 });
    dl.activity$.subscribe({ error: () => undefined });
    expect(await waitFor(dl.connectionStatus$, (s) => s >= ConnectionStatus.ExpiredToken)).toBe(ConnectionStatus.FailedToConnect);
    dl.end();
  });
});
