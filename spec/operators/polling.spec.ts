import { Observable } from 'rxjs';
import { map } from 'rxjs/operators';
import { poll$ } from '../../src/operators/polling';
import type { ActivitySet } from '../../src/protocol/activity';
import { DirectLineError } from '../../src/protocol/errors';
import { newScheduler, record } from './marble-helpers';

const set = (ids: string[], watermark: string): ActivitySet => ({ activities: ids.map((id) => ({ type: 'message', id })), watermark });
const err = (status: number, retryAfterMs?: number) =>
  new DirectLineError(`HTTP ${status}`, { status, retryable: status >= 500 || status === 429, retryAfterMs });

describe('guarantee 12: polling is real', () => {
  it('polls on the scheduler with the newest watermark, and keeps going after a 500 (at once after a good round, then backoff)', () => {
    const scheduler = newScheduler();
    const log: string[] = [];
    const asked: (string | undefined)[] = [];
    scheduler.run(({ cold }) => {
      const rounds: Observable<ActivitySet>[] = [
        cold('10ms (a|)', { a: set(['1'], 'w1') }),
        cold('10ms #', undefined, err(500)),
        cold('10ms #', undefined, err(502)),
        cold('10ms (a|)', { a: set(['2'], 'w2') }),
        cold('10ms (a|)', { a: set([], 'w2') }),
      ];
      let watermark: string | undefined;
      const out = poll$({
        getActivities: (wm) => {
          asked.push(wm);
          return rounds.shift() ?? cold('-');
        },
        getWatermark: () => watermark,
        pollingInterval: 1000,
        random: () => 0.5,
        scheduler,
      });
      record(scheduler, out, log, 5000);
      // the connection records watermarks on delivery: imitate it
      scheduler.schedule(() => (watermark = 'w1'), 11);
      scheduler.schedule(() => (watermark = 'w2'), 1291);
    });
    expect(asked).toEqual([undefined, 'w1', 'w1', 'w1', 'w2', 'w2']);
    // the first failure after a good round is retried at once, the second in a row backs off 250 ms
    expect(log).toEqual(['0:c0', '10:o', '10:s[1]w1', '1020:c1@0(500)', '1030:c2@250(502)', '1290:o', '1290:s[2]w2', '2300:s[]w2']);
  });

  it('waits Retry-After on 429, and maps 404 to a failure (the connection turns it into Ended)', () => {
    const scheduler = newScheduler();
    const log: string[] = [];
    scheduler.run(({ cold }) => {
      const rounds: Observable<ActivitySet>[] = [
        cold('#', undefined, err(429, 5000)),
        cold('#', undefined, new DirectLineError('gone', { status: 404, code: 'NotFound' })),
      ];
      record(
        scheduler,
        poll$({ getActivities: () => rounds.shift() as Observable<ActivitySet>, getWatermark: () => undefined, scheduler }),
        log,
      );
    });
    expect(log).toEqual(['0:c0', '0:c1@5000(429)', '5000:error NotFound']);
  });

  it('maps 403 to the renewal hook, and unsubscribing stops every timer', () => {
    const scheduler = newScheduler();
    const log: string[] = [];
    let calls = 0;
    scheduler.run(({ cold }) => {
      const onForbidden = jest.fn(() => cold('3000ms x'));
      const out = poll$({
        getActivities: () =>
          ++calls === 1
            ? cold<ActivitySet>('#', undefined, new DirectLineError('expired', { status: 403, code: 'TokenExpired' }))
            : cold('(a|)', { a: set(['1'], 'w1') }),
        getWatermark: () => undefined,
        onForbidden,
        pollingInterval: 1000,
        scheduler,
      });
      record(scheduler, out, log, 4500);
    });
    expect(log).toEqual(['0:c0', '0:c1@0(TokenExpired)', '3000:o', '3000:s[1]w1', '4000:s[1]w1']);
    expect(calls).toBe(3); // none after the unsubscribe at 4500
  });

  it('subscribes to one round at a time, the next after the interval, and unsubscribing tears down the round in flight', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const r1 = cold<ActivitySet>('10ms (a|)', { a: set(['1'], 'w1') });
      const r2 = cold<ActivitySet>('10ms (a|)', { a: set(['2'], 'w2') });
      const r3 = cold<ActivitySet>('50ms (a|)', { a: set(['3'], 'w3') }); // still in flight at the unsubscribe
      const rounds = [r1, r2, r3];
      const out = poll$({
        getActivities: () => rounds.shift() ?? cold('-'),
        getWatermark: () => undefined,
        pollingInterval: 100,
        scheduler,
      });
      expectObservable(out.pipe(map((e) => e.type[0])), '^ 240ms !').toBe('c 9ms (oa) 106ms a', { c: 'c', o: 'o', a: 'a' });
      expectSubscriptions(r1.subscriptions).toBe('^ 9ms !');
      expectSubscriptions(r2.subscriptions).toBe('110ms ^ 9ms !');
      expectSubscriptions(r3.subscriptions).toBe('220ms ^ 20ms !');
    });
  });
});
