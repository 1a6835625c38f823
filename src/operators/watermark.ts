import type { OperatorFunction } from 'rxjs';
import { Observable } from 'rxjs';
import type { Activity, ActivitySet } from '../protocol/activity';
import { DEFAULT_DEDUPE_CAPACITY } from '../defaults';
import { BoundedSet, trailingNumber } from './dedupe';
import type { SeenKeys } from './dedupe';

/** Options of {@link deliverActivities}. */
export interface DeliverOptions {
  /** Called with each set's watermark once its activities were delivered. */
  onWatermark: (watermark: string) => void;
  /** Where the ids already delivered are remembered (default: the newest 10 000). */
  seen?: SeenKeys;
}

/**
 * Flattens activity sets into activities, exactly once and in order: an activity whose id was
 * delivered before is dropped (a replay from an older watermark, a reset sequence), and the
 * set's watermark is recorded only after all of its activities reached the subscriber. A set
 * without a watermark (typing) keeps the previous one.
 */
export function deliverActivities(options: DeliverOptions): OperatorFunction<ActivitySet, Activity> {
  const seen = options.seen ?? new BoundedSet<string>(DEFAULT_DEDUPE_CAPACITY, trailingNumber);
  return (source) =>
    new Observable<Activity>((subscriber) =>
      source.subscribe({
        next: (set) => deliverSet(set, subscriber, seen, options.onWatermark),
        error: (err) => subscriber.error(err),
        complete: () => subscriber.complete(),
      }),
    );
}

/** Where `deliverSet` sends activities: a subscriber, or anything that says when it has left. */
export interface ActivityTarget {
  readonly closed: boolean;
  next(activity: Activity): void;
}

/**
 * Delivers one set as `deliverActivities` does — each new id once, in order, then the watermark,
 * unless the target left in the middle. `onDeliver` hears each activity just before it goes out.
 */
export function deliverSet(
  set: ActivitySet,
  target: ActivityTarget,
  seen: SeenKeys,
  onWatermark: (watermark: string) => void,
  onDeliver?: (activity: Activity) => void,
): void {
  for (const activity of set.activities) {
    // Left before this activity: the set's watermark would skip it, so keep the old one.
    if (target.closed) return;
    // Ids compare as strings: a service that sends 7 and later "7" sends one activity.
    const id: unknown = activity.id;
    if ((typeof id === 'string' || typeof id === 'number') && !seen.addIfNew(String(id))) continue;
    onDeliver?.(activity);
    target.next(activity);
  }
  // Every activity of the set reached the target (even if it left on the last one).
  if (set.watermark !== undefined) onWatermark(set.watermark);
}
