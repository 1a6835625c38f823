import type { Activity } from '../../src/protocol/activity';
import { connect, ConnectionStatus, testOptions, until, useEmulator, waitFor } from './support';

describe('recovery (real sockets against the emulator)', () => {
  const emulator = useEmulator();

  it('never gives up while the connection keeps coming back, however short its stays Online', async () => {
    const em = emulator();
    // stays are far shorter than stableMs, and each outage costs two failures against a budget of 2
    const conn = connect(testOptions(em, { maxRetries: 2, stableMs: 60000 }));
    const statuses: ConnectionStatus[] = [];
    conn.connectionStatus$.subscribe((s) => statuses.push(s));
    const received: Activity[] = [];
    let failed: unknown;
    conn.activity$.subscribe({ next: (a) => received.push(a), error: (e) => (failed = e) });
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    const id = conn.getSession().conversationId as string;
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      const onlineBefore = statuses.filter((s) => s === ConnectionStatus.Online).length;
      em.faults.failNext('conversations/get', 1, 500);
      em.faults.dropSocket(id);
      em.sendFromBot(id, { type: 'message', text: `during outage ${round}` });
      expect(
        await until(() => statuses.filter((s) => s === ConnectionStatus.Online).length > onlineBefore || failed !== undefined, 10000),
      ).toBe(true);
      expect(failed).toBeUndefined();
    }
    expect(await until(() => received.length === rounds, 10000)).toBe(true);
    expect(received.map((a) => a.text)).toEqual(Array.from({ length: rounds }, (_, i) => `during outage ${i}`));
    expect(statuses).not.toContain(ConnectionStatus.FailedToConnect);
    expect(em.openSockets(id)).toBe(1);
    conn.end();
  });
});
