import type { ActivitySet } from '../../src/protocol/activity';
import { BoundedSet, dedupeBy } from '../../src/operators/dedupe';
import { deliverActivities } from '../../src/operators/watermark';
import { newScheduler } from './marble-helpers';
import { map } from 'rxjs/operators';

const set = (ids: string[], watermark?: string): ActivitySet => ({ activities: ids.map((id) => ({ type: 'message', id })), watermark });

describe('guarantee 6: exactly once, in order (deliverActivities)', () => {
  it('drops ids already delivered (a replay from an older watermark, a reset sequence) and keeps order', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<ActivitySet>('a 9ms b 9ms c 9ms |', {
        a: set(['1', '2'], 'w2'),
        b: set(['1', '2', '3'], 'w3'),
        c: set(['0', '3', '4'], 'w4'),
      });
      const out = source.pipe(
        deliverActivities({ onWatermark: () => undefined }),
        map((a) => a.id),
      );
      expectObservable(out).toBe('(xy) 6ms b 9ms (uv) 6ms |', { x: '1', y: '2', b: '3', u: '0', v: '4' });
      expectSubscriptions(source.subscriptions).toBe('^ 29ms !');
    });
  });

  it('compares ids as strings: a numeric id repeated (as a number or a string) is delivered once', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const numeric = (ids: unknown[], watermark: string) =>
        ({ activities: ids.map((id) => ({ type: 'message', id })), watermark }) as unknown as ActivitySet;
      const source = cold<ActivitySet>('a 9ms b 9ms c|', {
        a: numeric([7, 8], 'w8'),
        b: numeric([7, 8, 9], 'w9'),
        c: numeric(['9', 10], 'w10'),
      });
      const out = source.pipe(
        deliverActivities({ onWatermark: () => undefined }),
        map((a) => String(a.id)),
      );
      expectObservable(out).toBe('(xy) 6ms z 9ms w|', { x: '7', y: '8', z: '9', w: '10' });
    });
  });

  it('records a set watermark only after its activities were delivered, and keeps the previous one for typing sets', () => {
    const events: string[] = [];
    newScheduler().run(({ cold }) => {
      const source = cold<ActivitySet>('a-t-b|', { a: set(['1'], 'w1'), t: { activities: [{ type: 'typing' }] }, b: set(['2'], 'w2') });
      source.pipe(deliverActivities({ onWatermark: (w) => events.push(`wm ${w}`) })).subscribe((a) => events.push(`act ${a.id ?? a.type}`));
    });
    expect(events).toEqual(['act 1', 'wm w1', 'act typing', 'act 2', 'wm w2']);
  });

  it('does not advance the watermark when the subscriber left in the middle of a set', () => {
    const seen: string[] = [];
    const watermarks: string[] = [];
    newScheduler().run(({ cold }) => {
      const source = cold<ActivitySet>('a|', { a: set(['1', '2', '3'], 'w3') });
      const sub = source.pipe(deliverActivities({ onWatermark: (w) => watermarks.push(w) })).subscribe((a) => {
        seen.push(a.id as string);
        if (a.id === '2') sub.unsubscribe();
      });
    });
    expect(seen).toEqual(['1', '2']);
    expect(watermarks).toEqual([]);
  });

  it('advances the watermark when the subscriber leaves on the last activity of a set (it was delivered)', () => {
    const watermarks: string[] = [];
    newScheduler().run(({ cold }) => {
      const source = cold<ActivitySet>('a|', { a: set(['1', '2'], 'w2') });
      const sub = source
        .pipe(deliverActivities({ onWatermark: (w) => watermarks.push(w) }))
        .subscribe((a) => a.id === '2' && sub.unsubscribe());
    });
    expect(watermarks).toEqual(['w2']);
  });

  it('keeps memory bounded: the set holds only the newest ids', () => {
    const seen = new BoundedSet<string>(3);
    ['a', 'b', 'c', 'd'].forEach((k) => seen.add(k));
    expect(seen.size).toBe(3);
    expect(seen.has('a')).toBe(false);
    expect(seen.has('d')).toBe(true);
  });

  it('dedupeBy lets each key through once and keyless values always', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const source = cold('abcad|', { a: { k: '1' }, b: { k: undefined }, c: { k: '2' }, d: { k: undefined } });
      expectObservable(source.pipe(dedupeBy((v: { k?: string }) => v.k))).toBe('abc-d|', {
        a: { k: '1' },
        b: { k: undefined },
        c: { k: '2' },
        d: { k: undefined },
      });
    });
  });
});
