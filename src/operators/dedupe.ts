import type { MonoTypeOperatorFunction } from 'rxjs';
import { filter } from 'rxjs/operators';

/** Activity ids remembered by default to drop repeats (`dedupeCapacity`). */
export const DEFAULT_DEDUPE_CAPACITY = 10000;

/** A set of the newest `capacity` keys: memory stays bounded however long the conversation. */
export class BoundedSet<T> {
  private readonly items = new Set<T>();
  /** @param capacity How many keys it keeps; the oldest go first. */
  constructor(readonly capacity: number) {}

  /** Whether the key is among the newest `capacity`. */
  has(key: T): boolean {
    return this.items.has(key);
  }

  /** Adds the key, forgetting the oldest one past `capacity`. */
  add(key: T): void {
    if (this.items.has(key)) return;
    this.items.add(key);
    if (this.items.size > this.capacity) {
      const oldest = this.items.values().next().value as T;
      this.items.delete(oldest);
    }
  }

  /** Adds the key; true if it was not there yet (the first time it is seen). */
  addIfNew(key: T): boolean {
    if (this.items.has(key)) return false;
    this.add(key);
    return true;
  }

  /** How many keys it holds. */
  get size(): number {
    return this.items.size;
  }
}

/**
 * Lets each key through once. Values without a key always pass. `seen` may be shared with other
 * pipelines (the connection keeps one per conversation, so a resubscription does not repeat).
 */
export function dedupeBy<T>(keyOf: (value: T) => string | undefined, seen: BoundedSet<string> = new BoundedSet(DEFAULT_DEDUPE_CAPACITY)): MonoTypeOperatorFunction<T> {
  return filter((value) => {
    const key = keyOf(value);
    return key === undefined || seen.addIfNew(key);
  });
}
