// The sending grace in virtual time: what reaches Web Chat while its messages wait.
import { ConnectionStatus } from '../../src/connection-status';
import { SendingGrace } from '../../src/adapters/sending-grace';
import { newScheduler } from '../operators/marble-helpers';

const { Connecting, Online, FailedToConnect } = ConnectionStatus;

type Step = [at: number, step: (grace: SendingGrace) => void];

/**
 * Plays `steps` (each at its virtual time) on a grace over a reported status (as the status relay
 * keeps it: a repeat is no change, and it starts Online); returns `time:status` of each report.
 */
function play(graceMs: number, steps: Step[]): string[] {
  const scheduler = newScheduler();
  const log: string[] = [];
  scheduler.run(() => {
    let reported: ConnectionStatus = Online;
    const grace = new SendingGrace(
      graceMs,
      scheduler,
      () => reported,
      (status) => {
        if (status === reported) return;
        reported = status;
        log.push(`${scheduler.now()}:${ConnectionStatus[status]}`);
      },
    );
    for (const [at, step] of steps) scheduler.schedule(() => step(grace), at);
  });
  return log;
}

describe('SendingGrace', () => {
  it('with nothing in flight, a reconnect reaches Web Chat at once', () => {
    const log = play(5000, [
      [10, (g) => g.next(Connecting)],
      [20, (g) => g.next(Online)],
    ]);
    expect(log).toEqual(['10:Connecting', '20:Online']);
  });

  it('while a message waits, a reconnect back within the grace never reaches Web Chat', () => {
    const log = play(5000, [
      [0, (g) => g.sent('m1')],
      [10, (g) => g.next(Connecting)],
      [400, (g) => g.next(Online)],
      [9000, (g) => g.next(Online)], // the held timer was cancelled: nothing more is reported
    ]);
    expect(log).toEqual([]);
  });

  it('a reconnect that outlasts the grace is reported when it ends, with the latest status; the waiting messages are given up', () => {
    const log = play(5000, [
      [0, (g) => g.sent('m1')],
      [10, (g) => g.next(Connecting)],
      [3000, (g) => g.next(Connecting)], // a second attempt does not restart the grace
      [6000, (g) => g.next(Online)],
      [7000, (g) => g.next(Connecting)], // m1 had its grace: this one is reported at once
    ]);
    expect(log).toEqual(['5010:Connecting', '6000:Online', '7000:Connecting']);
  });

  it('a failure during the grace is reported at once (only a reconnect is held)', () => {
    const log = play(5000, [
      [0, (g) => g.sent('m1')],
      [10, (g) => g.next(Connecting)],
      [50, (g) => g.next(FailedToConnect)],
      [6000, (g) => g.next(FailedToConnect)],
    ]);
    expect(log).toEqual(['50:FailedToConnect']);
  });

  it('a message waits for both its answer and its echo; once both came, a reconnect is reported at once', () => {
    const log = play(5000, [
      [0, (g) => g.sent('m1')],
      [5, (g) => g.answered('m1')],
      [10, (g) => g.next(Connecting)], // its echo has not come: held
      [20, (g) => g.next(Online)],
      [30, (g) => g.echoed('m1')],
      [40, (g) => g.next(Connecting)],
    ]);
    expect(log).toEqual(['40:Connecting']);
  });

  it('an echo before the answer counts too; an echo or answer of an unknown message changes nothing', () => {
    const log = play(5000, [
      [0, (g) => g.sent('m1')],
      [1, (g) => g.echoed('other')],
      [2, (g) => g.answered('other')],
      [3, (g) => g.echoed('m1')],
      [10, (g) => g.next(Connecting)], // still waiting for its answer
      [20, (g) => g.next(Online)],
      [30, (g) => g.answered('m1')],
      [40, (g) => g.next(Connecting)],
    ]);
    expect(log).toEqual(['40:Connecting']);
  });

  it('a failed post stops waiting at once (Web Chat already shows it failed)', () => {
    const log = play(5000, [
      [0, (g) => g.sent('m1')],
      [5, (g) => g.failed('m1')],
      [10, (g) => g.next(Connecting)],
    ]);
    expect(log).toEqual(['10:Connecting']);
  });

  it('a grace of 0 reports every status at once', () => {
    const log = play(0, [
      [0, (g) => g.sent('m1')],
      [10, (g) => g.next(Connecting)],
    ]);
    expect(log).toEqual(['10:Connecting']);
  });

  it('cancel() drops a held reconnect: nothing is reported when its grace would have ended', () => {
    const log = play(5000, [
      [0, (g) => g.sent('m1')],
      [10, (g) => g.next(Connecting)],
      [100, (g) => g.cancel()],
    ]);
    expect(log).toEqual([]);
  });
});
