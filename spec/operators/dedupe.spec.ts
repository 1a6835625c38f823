import fc from 'fast-check';
import { BoundedSet, dedupeBy, trailingNumber } from '../../src/operators/dedupe';
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

/** Adds every key to the set and to the model, checking at each that they agree. */
function addAll(seen: BoundedSet<string>, capacity: number, keys: string[]): { seen: BoundedSet<string>; model: ListModel } {
  const model = new ListModel(capacity);
  for (const key of keys) {
    const fresh = !model.keys.includes(key);
    expect(seen.addIfNew(key)).toBe(fresh);
    if (!fresh) continue;
    model.add(key);
    expect(seen.size).toBe(model.keys.length);
  }
  return { seen, model };
}

describe('trailingNumber', () => {
  it('reads the digits a key ends with (its last 15 at most), and -1 when it ends with none', () => {
    expect(trailingNumber('AbC-us|0000042')).toBe(42);
    expect(trailingNumber('7')).toBe(7);
    expect(trailingNumber('x')).toBe(-1);
    expect(trailingNumber('')).toBe(-1);
    expect(trailingNumber('a|12b')).toBe(-1);
    expect(trailingNumber('a|1234567890123456789')).toBe(567890123456789);
  });
});

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

  it('with an order: keys that advance are new without a look-up, and a replay after them is still dropped', () => {
    const seen = new BoundedSet<string>(5, trailingNumber);
    const lookups = jest.spyOn(Set.prototype, 'has');
    try {
      for (let i = 1; i <= 12; i++) expect(seen.addIfNew(`c|${String(i).padStart(7, '0')}`)).toBe(true);
      // ids that only advance never needed the Set
      expect(lookups).not.toHaveBeenCalled();
      // a replay (a reconnect from an older watermark) of the newest five: all dropped
      for (let i = 8; i <= 12; i++) expect(seen.addIfNew(`c|${String(i).padStart(7, '0')}`)).toBe(false);
      expect(lookups).toHaveBeenCalled();
    } finally {
      lookups.mockRestore();
    }
    // one older than the newest five was forgotten, as without an order
    expect(seen.addIfNew('c|0000007')).toBe(true);
    expect(seen.addIfNew('c|0000013')).toBe(true);
    expect(seen.size).toBe(5);
  });

  it('with an order: a key of the same number under another prefix, or without a number, is looked up and delivered once', () => {
    const seen = new BoundedSet<string>(10, trailingNumber);
    expect(seen.addIfNew('a|5')).toBe(true);
    expect(seen.addIfNew('b|5')).toBe(true);
    expect(seen.addIfNew('b|5')).toBe(false);
    expect(seen.addIfNew('typing')).toBe(true);
    expect(seen.addIfNew('typing')).toBe(false);
    expect(seen.addIfNew('a|0000005')).toBe(true);
    expect(seen.addIfNew('a|6')).toBe(true);
    expect(seen.addIfNew('a|5')).toBe(false);
  });

  it('with an order: agrees with a list kept in insertion order, for any sequence of advancing, repeated, reset and unnumbered keys', () => {
    const key = fc.oneof(
      fc.integer({ min: 0, max: 30 }).map((n) => `c|${String(n).padStart(3, '0')}`),
      fc.integer({ min: 0, max: 30 }).map((n) => `d|${n}`),
      fc.constantFrom('x', 'y', '7', '07', ''),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.array(key, { maxLength: 80 }), (capacity, keys) => {
        const { seen, model } = addAll(new BoundedSet<string>(capacity, trailingNumber), capacity, keys);
        for (const k of model.keys) expect(seen.has(k)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with a list kept in insertion order, for any sequence of keys and any capacity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }),
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'), { maxLength: 60 }),
        (capacity, keys) => {
          const { seen, model } = addAll(new BoundedSet<string>(capacity), capacity, keys);
          for (const key of 'abcdefghij') expect(seen.has(key)).toBe(model.keys.includes(key));
        },
      ),
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
