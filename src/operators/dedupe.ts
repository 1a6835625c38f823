import { filter } from 'rxjs';
import type { MonoTypeOperatorFunction } from 'rxjs';

import { DEFAULT_DEDUPE_CAPACITY } from '../defaults';

export { DEFAULT_DEDUPE_CAPACITY } from '../defaults';

/**
 * The number a key ends with (its last 15 digits at most), or -1 when it ends with none: the
 * order of Direct Line's activity ids (`<conversation>|0000042`). Any function of the key alone
 * would do for correctness; this one grows with the ids the service sends.
 */
export function trailingNumber(key: string): number {
  let n = 0;
  let scale = 1;
  let i = key.length - 1;
  for (; i >= 0 && key.length - i <= 15; i--) {
    const digit = key.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    n += digit * scale;
    scale *= 10;
  }
  return i === key.length - 1 ? -1 : n;
}

/** Where {@link dedupeBy} and `deliverActivities` remember the keys already let through. */
export interface SeenKeys {
  /** Remembers the key; true the first time it is seen (let it through), false after. */
  addIfNew(key: string): boolean;
}

/**
 * A set of the newest `capacity` keys: memory stays bounded however long the conversation. Adding
 * costs O(1): the keys sit in a ring in insertion order, so the oldest is found at once.
 *
 * With an `orderOf` (such as the number an activity id ends with), a key whose order is above that of every key
 * ever added cannot have been added before: it goes into the ring without a look-up, and no Set is
 * kept while keys only advance (a conversation's stream, id after id). The Set of the ring's keys
 * is built at the first key that needs a look-up (a replay, a reset, a key without an order) and
 * dropped again once `capacity` keys in a row advanced, so building it costs at most one insert
 * per key added. The ring grows with the keys up to `capacity`, so a connection that received
 * little holds little.
 *
 * @internal
 */
export class BoundedSet<T> {
  /** The ring's keys as a Set, while look-ups need it. */
  private items?: Set<T>;
  private readonly ring: T[] = [];
  /** Where the oldest key sits once the ring is full (the next slot to overwrite). */
  private oldest = 0;
  /** The highest order of a key ever added (-1: none). */
  private highest = -1;
  /** Keys added in a row without a look-up while `items` was kept. */
  private advancing = 0;
  /** How many keys it keeps. */
  readonly capacity: number;
  /**
   * @param capacity How many keys it keeps; the oldest go first.
   * @param orderOf A key's order (a number ≥ 0, or -1 for none): keys above every order seen are new without a look-up.
   */
  constructor(
    capacity: number,
    private readonly orderOf?: (key: T) => number,
  ) {
    this.capacity = capacity > 0 ? Math.floor(capacity) : 0;
  }

  /** Whether the key is among the newest `capacity`. */
  has(key: T): boolean {
    return this.lookup().has(key);
  }

  /** Adds the key, forgetting the oldest one past `capacity`. */
  add(key: T): void {
    this.addIfNew(key);
  }

  /** Adds the key; true if it was not there yet (the first time it is seen). */
  addIfNew(key: T): boolean {
    if (this.capacity === 0) return true;
    const order = this.orderOf ? this.orderOf(key) : -1;
    if (order > this.highest) {
      // above every key ever added: new, whatever the ring holds
      this.highest = order;
      this.keep(key);
      if (this.items && ++this.advancing >= this.capacity) this.items = undefined;
      return true;
    }
    if (this.lookup().has(key)) return false;
    this.advancing = 0;
    this.keep(key);
    return true;
  }

  /** How many keys it holds. */
  get size(): number {
    return this.ring.length;
  }

  /** The ring's keys as a Set, built when first needed. */
  private lookup(): Set<T> {
    if (!this.items) {
      this.items = new Set(this.ring);
      this.advancing = 0;
    }
    return this.items;
  }

  /** Puts a key that is not in the ring into it, evicting the oldest once full. */
  private keep(key: T): void {
    const { items, ring } = this;
    if (ring.length < this.capacity) {
      ring.push(key);
      items?.add(key);
      return;
    }
    items?.delete(ring[this.oldest]);
    items?.add(key);
    ring[this.oldest] = key;
    this.oldest = this.oldest + 1 === this.capacity ? 0 : this.oldest + 1;
  }
}

/**
 * Lets each key through once. Values without a key always pass. By default the newest 10 000 keys
 * are remembered; give `seen` to share what was let through with other pipelines (so that a
 * resubscription does not repeat), or to bound it otherwise.
 */
export function dedupeBy<T>(
  keyOf: (value: T) => string | undefined,
  seen: SeenKeys = new BoundedSet<string>(DEFAULT_DEDUPE_CAPACITY),
): MonoTypeOperatorFunction<T> {
  return filter((value) => {
    const key = keyOf(value);
    return key === undefined || seen.addIfNew(key);
  });
}
