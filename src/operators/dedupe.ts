import type { MonoTypeOperatorFunction } from 'rxjs';
import { filter } from 'rxjs/operators';

/** Activity ids remembered by default to drop repeats (`dedupeCapacity`). */
export const DEFAULT_DEDUPE_CAPACITY = 10000;

/** A set of the newest `capacity` keys: memory stays bounded however long the conversation. */
export class BoundedSet<T> {
  private readonly items = new Set<T>();
  constructor(readonly capacity: number) {}

  has(key: T): boolean {
    return this.items.has(key);
  }

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
