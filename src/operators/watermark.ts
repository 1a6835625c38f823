import type { OperatorFunction } from 'rxjs';
import { Observable } from 'rxjs';
import type { Activity, ActivitySet } from '../protocol/activity';
import { BoundedSet, DEFAULT_DEDUPE_CAPACITY } from './dedupe';

/** Options of {@link deliverActivities}. */
export interface DeliverOptions {
  /** Called with each set's watermark once its activities were delivered. */
  onWatermark: (watermark: string) => void;
  /** Ids already delivered (bounded). */
  seen?: BoundedSet<string>;
}

/**
 * Flattens activity sets into activities, exactly once and in order: an activity whose id was
 * delivered before is dropped (a replay from an older watermark, a reset sequence), and the
 * set's watermark is recorded only after all of its activities reached the subscriber. A set
 * without a watermark (typing) keeps the previous one.
 */
export function deliverActivities(options: DeliverOptions): OperatorFunction<ActivitySet, Activity> {
  const seen = options.seen ?? new BoundedSet<string>(DEFAULT_DEDUPE_CAPACITY);
  return (source) =>
    new Observable<Activity>((subscriber) =>
      source.subscribe({
        next: (set) => {
          for (const activity of set.activities) {
            // Left before this activity: the set's watermark would skip it, so keep the old one.
            if (subscriber.closed) return;
            // Ids compare as strings: a service that sends 7 and later "7" sends one activity.
            const id: unknown = activity.id;
            if ((typeof id === 'string' || typeof id === 'number') && !seen.addIfNew(String(id))) continue;
            subscriber.next(activity);
          }
          // Every activity of the set reached the subscriber (even if it left on the last one).
          if (set.watermark !== undefined) options.onWatermark(set.watermark);
        },
        error: (err) => subscriber.error(err),
        complete: () => subscriber.complete(),
      }),
    );
}
