import type { MonoTypeOperatorFunction } from 'rxjs';
import { filter } from 'rxjs/operators';

/** Activity ids remembered by default to drop repeats (`dedupeCapacity`). */
export const DEFAULT_DEDUPE_CAPACITY = 10000;

/** Where {@link dedupeBy} and `deliverActivities` remember the keys already let through. */
export interface SeenKeys {
  /** Remembers the key; true the first time it is seen (let it through), false after. */
  addIfNew(key: string): boolean;
}

/**
 * A set of the newest `capacity` keys: memory stays bounded however long the conversation. Adding
 * costs O(1): the keys sit in a ring in insertion order beside the Set, so the oldest is found at
 * once (a Set's own first value is found by walking its deleted slots). The ring grows with the
 * keys up to `capacity`, so a connection that received little holds little.
 *
 * @internal
 */
export class BoundedSet<T> {
  private readonly items = new Set<T>();
  private readonly ring: T[] = [];
  /** Where the oldest key sits once the ring is full (the next slot to overwrite). */
  private oldest = 0;
  /** How many keys it keeps. */
  readonly capacity: number;
  /** @param capacity How many keys it keeps; the oldest go first. */
  constructor(capacity: number) {
    this.capacity = capacity > 0 ? Math.floor(capacity) : 0;
  }

  /** Whether the key is among the newest `capacity`. */
  has(key: T): boolean {
    return this.items.has(key);
  }

  /** Adds the key, forgetting the oldest one past `capacity`. */
  add(key: T): void {
    this.addIfNew(key);
  }

  /** Adds the key; true if it was not there yet (the first time it is seen). */
  addIfNew(key: T): boolean {
    if (this.items.has(key)) return false;
    if (this.capacity === 0) return true;
    this.items.add(key);
    if (this.ring.length < this.capacity) {
      this.ring.push(key);
      return true;
    }
    this.items.delete(this.ring[this.oldest]);
    this.ring[this.oldest] = key;
    this.oldest = this.oldest + 1 === this.capacity ? 0 : this.oldest + 1;
    return true;
  }

  /** How many keys it holds. */
  get size(): number {
    return this.items.size;
  }
}

/**
 * Lets each key through once. Values without a key always pass. By default the newest 10 000 keys
 * are remembered; give `seen` to share what was let through with other pipelines (so that a
 * resubscription does not repeat), or to bound it otherwise.
 */
export function dedupeBy<T>(keyOf: (value: T) => string | undefined, seen: SeenKeys = new BoundedSet<string>(DEFAULT_DEDUPE_CAPACITY)): MonoTypeOperatorFunction<T> {
  return filter((value) => {
    const key = keyOf(value);
    return key === undefined || seen.addIfNew(key);
  });
}
