import { SilenceWatch } from '../../src/operators/silence';
import { newScheduler } from './marble-helpers';

describe('SilenceWatch', () => {
  it('fires silenceMs after the start when nothing touches it', () => {
    const fired: number[] = [];
    const scheduler = newScheduler();
    scheduler.run(() => {
      new SilenceWatch(scheduler, 100, { onSilence: () => fired.push(scheduler.now()) });
    });
    expect(fired).toEqual([100]);
  });

  it('fires exactly silenceMs after the last touch, once, however many touches came before', () => {
    const fired: number[] = [];
    const scheduler = newScheduler();
    scheduler.run(({ cold }) => {
      const watch = new SilenceWatch(scheduler, 100, { onSilence: () => fired.push(scheduler.now()) });
      // touches at 30, 40, 90 and 189: the first deadline (100) and the next ones (130, 190) pass unfired
      cold('30ms a 9ms a 49ms a 98ms a').subscribe(() => watch.touch());
    });
    expect(fired).toEqual([289]);
  });

  it('never fires once unsubscribed', () => {
    const fired: number[] = [];
    const scheduler = newScheduler();
    scheduler.run(({ cold }) => {
      const watch = new SilenceWatch(scheduler, 100, { onSilence: () => fired.push(scheduler.now()) });
      cold('50ms a').subscribe(() => watch.unsubscribe());
    });
    expect(fired).toEqual([]);
  });
});
