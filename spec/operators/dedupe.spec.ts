import fc from 'fast-check';
import { BoundedSet, dedupeBy } from '../../src/operators/dedupe';
import { newScheduler } from './marble-helpers';

/** The same contract written the slow, obvious way: an array in insertion order. */
class ListModel {
  readonly keys: string[] = [];
  constructor(private readonly capacity: number) {}
  add(key: string): void {
    if (this.capacity === 0 || this.keys.includes(key)) return;
    this.keys.push(key);
    if (this.keys.length > this.capacity) this.keys.shift();
  }
}

describe('BoundedSet', () => {
  it('keys named like Object.prototype members are keys like any other (a Set, not an object)', () => {
    const seen = new BoundedSet<string>(10);
    for (const key of ['constructor', '__proto__', 'hasOwnProperty', 'toString']) {
      expect(seen.has(key)).toBe(false);
      expect(seen.addIfNew(key)).toBe(true);
      expect(seen.addIfNew(key)).toBe(false);
    }
    expect(seen.size).toBe(4);
  });

  it('evicts the oldest key first, in insertion order, once full', () => {
    const seen = new BoundedSet<string>(3);
    ['a', 'b', 'c'].forEach((k) => seen.add(k));
    expect(['a', 'b', 'c'].map((k) => seen.has(k))).toEqual([true, true, true]);
    seen.add('d');
    expect(['a', 'b', 'c', 'd'].map((k) => seen.has(k))).toEqual([false, true, true, true]);
    seen.add('e');
    expect(['b', 'c', 'd', 'e'].map((k) => seen.has(k))).toEqual([false, true, true, true]);
    expect(seen.size).toBe(3);
  });

  it('does not refresh a key added again: the oldest stays the oldest', () => {
    const seen = new BoundedSet<string>(2);
    seen.add('a');
    seen.add('b');
    seen.add('a');
    seen.add('c');
    expect(seen.has('a')).toBe(false);
    expect(seen.has('b')).toBe(true);
    expect(seen.has('c')).toBe(true);
  });

  it('wraps around its ring many times and keeps exactly the newest keys', () => {
    const seen = new BoundedSet<string>(5);
    for (let i = 0; i < 23; i++) seen.add(`k${i}`);
    expect(seen.size).toBe(5);
    for (let i = 0; i < 23; i++) expect(seen.has(`k${i}`)).toBe(i >= 18);
  });

  it('addIfNew is true only the first time while the key is remembered, and again after its eviction', () => {
    const seen = new BoundedSet<string>(2);
    expect(seen.addIfNew('a')).toBe(true);
    expect(seen.addIfNew('a')).toBe(false);
    seen.add('b');
    seen.add('c');
    expect(seen.addIfNew('a')).toBe(true);
  });

  it('remembers nothing with a capacity of 0 (or less)', () => {
    for (const capacity of [0, -1]) {
      const seen = new BoundedSet<string>(capacity);
      expect(seen.addIfNew('a')).toBe(true);
      expect(seen.addIfNew('a')).toBe(true);
      expect(seen.size).toBe(0);
    }
  });

  it('agrees with a list kept in insertion order, for any sequence of keys and any capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'), { maxLength: 60 }), (capacity, keys) => {
        const seen = new BoundedSet<string>(capacity);
        const model = new ListModel(capacity);
        for (const key of keys) {
          const fresh = !model.keys.includes(key);
          expect(seen.addIfNew(key)).toBe(fresh);
          if (!fresh) continue;
          model.add(key);
          expect(seen.size).toBe(model.keys.length);
        }
        for (const key of 'abcdefghij') expect(seen.has(key)).toBe(model.keys.includes(key));
      }),
    );
  });
});

describe('dedupeBy with a bounded memory', () => {
  it('lets a key through again once newer keys evicted it, and not before', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      // capacity 2: the second a is a repeat; c evicts a, so the third a passes (and evicts b)
      const source = cold('abacabb|', { a: 'a', b: 'b', c: 'c' });
      const out = source.pipe(dedupeBy((v: string) => v, new BoundedSet<string>(2)));
      expectObservable(out).toBe('ab-cab-|', { a: 'a', b: 'b', c: 'c' });
      expectSubscriptions(source.subscriptions).toBe('^------!');
    });
  });
});
