import { Subject } from 'rxjs';
import { Ending } from '../../src/connect/ending';
import { newScheduler } from '../operators/marble-helpers';

describe('Ending', () => {
  it('untilEnded runs the source until end(), which errors it with Ended and unsubscribes it in the same tick', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const ending = new Ending();
      const source = cold('a 9ms b 9ms c|');
      expectObservable(ending.untilEnded(source)).toBe('a 9ms b 4ms #', undefined, expect.objectContaining({ code: 'Ended' }));
      scheduler.schedule(() => ending.end(), 15);
      scheduler.flush();
      expectSubscriptions(source.subscriptions).toBe('^ 14ms !');
    });
  });

  it('after end(), errors at once without subscribing; end() is once', () => {
    const ending = new Ending();
    let signals = 0;
    ending.ended$.subscribe(() => signals++);
    ending.end();
    ending.end();
    expect(signals).toBe(1);
    expect(ending.ended).toBe(true);
    const source = new Subject<number>();
    let error: unknown;
    ending.untilEnded(source).subscribe({ error: (e) => (error = e) });
    expect(error).toMatchObject({ code: 'Ended' });
    expect(source.observed).toBe(false);
  });
});
