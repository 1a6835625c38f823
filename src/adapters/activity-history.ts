import { Observable, ReplaySubject } from 'rxjs';
import { BoundedSet } from '../operators/dedupe';
import type { Activity } from '../protocol/activity';

/**
 * What Web Chat has been delivered, replayed to each later subscriber (Web Chat subscribes again
 * after each reconnect), each id once across every connection the object went through.
 */
export class ActivityHistory {
  private readonly replay: ReplaySubject<Activity>;
  private readonly delivered: BoundedSet<string>;

  /**
   * @param capacity activities kept to replay
   * @param dedupeCapacity ids remembered to drop repeats
   * @param listen called at each subscription, to start receiving if not yet
   */
  constructor(capacity: number, dedupeCapacity: number, listen: () => void) {
    this.replay = new ReplaySubject<Activity>(capacity);
    this.delivered = new BoundedSet<string>(dedupeCapacity);
    this.activity$ = new Observable<Activity>((subscriber) => {
      const subscription = this.replay.subscribe(subscriber);
      listen();
      return subscription;
    });
  }

  /** What came before, then each new activity. */
  readonly activity$: Observable<Activity>;

  /** An activity received: delivered unless its id already was (an activity without an id always is). */
  add(activity: Activity): void {
    const id = activity && typeof activity.id === 'string' ? activity.id : undefined;
    if (id === undefined || this.delivered.addIfNew(id)) this.replay.next(activity);
  }

  complete(): void {
    this.replay.complete();
  }
}
