import { ConnectionStatus } from '../../src/connection-status';
import { StatusStore } from '../../src/connect/status-store';
import { DirectLineError } from '../../src/protocol/errors';
import type { DebugEvent } from '../../src/options';

function store() {
  const debug: DebugEvent[] = [];
  const status = new StatusStore((e) => debug.push(e));
  const seen: ConnectionStatus[] = [];
  let completed = false;
  status.changes$.subscribe({ next: (s) => seen.push(s), complete: () => (completed = true) });
  return { status, seen, debug, completed: () => completed };
}

describe('StatusStore', () => {
  it('starts Uninitialized, emits each change once and tells the debug hook', () => {
    const { status, seen, debug } = store();
    status.set(ConnectionStatus.Connecting);
    status.set(ConnectionStatus.Connecting);
    status.set(ConnectionStatus.Online);
    expect(seen).toEqual([0, 1, 2]);
    expect(debug).toEqual([
      { type: 'status', status: 1 },
      { type: 'status', status: 2 },
    ]);
  });

  it('a failure for good: Ended for 404, FailedToConnect otherwise, with a failed event', () => {
    const gone = store();
    gone.status.fail(new DirectLineError('gone', { status: 404 }));
    expect(gone.status.value).toBe(ConnectionStatus.Ended);
    const refused = store();
    const error = new DirectLineError('bad', { status: 400 });
    refused.status.fail(error);
    expect(refused.status.value).toBe(ConnectionStatus.FailedToConnect);
    expect(refused.debug).toContainEqual({ type: 'failed', error });
  });

  it('idle: never Online, Connecting or ExpiredToken once nobody listens; failures stay', () => {
    for (const [before, after] of [
      [ConnectionStatus.Online, ConnectionStatus.Uninitialized],
      [ConnectionStatus.Connecting, ConnectionStatus.Uninitialized],
      [ConnectionStatus.ExpiredToken, ConnectionStatus.Uninitialized],
      [ConnectionStatus.FailedToConnect, ConnectionStatus.FailedToConnect],
    ]) {
      const { status } = store();
      status.set(before);
      status.idle();
      expect(status.value).toBe(after);
    }
  });

  it('after end() it is Ended for good, then completes', () => {
    const { status, seen, completed } = store();
    status.set(ConnectionStatus.Online);
    status.end();
    status.idle();
    status.set(ConnectionStatus.Connecting);
    expect(seen).toEqual([0, 2, 5]);
    expect(completed()).toBe(false);
    status.complete();
    expect(completed()).toBe(true);
  });
});
