import { Observable, asyncScheduler, defer, mergeMap, repeat, timer } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { DEFAULT_POLLING_INTERVAL_MS } from '../defaults';
import type { ActivitySet } from '../protocol/activity';
import type { ReconnectEvent } from './events';
import { markOnline, markStable, retrying } from './retry-policy';
import type { FailureCount, RetryOptions } from './retry-policy';

export interface PollingOptions extends RetryOptions {
  /** One round: GET /conversations/{id}/activities?watermark=W. */
  getActivities: (watermark: string | undefined) => Observable<ActivitySet>;
  /** The newest watermark delivered; read at every round. */
  getWatermark: () => string | undefined;
  /** Pause between rounds (ms). Default 1 000. */
  pollingInterval?: number;
  scheduler?: SchedulerLike;
}

/**
 * Receives by polling, timed by the scheduler. Errors back off (or wait Retry-After) and polling
 * goes on; it fails only where the retry policy gives up (404, 400, budget spent, 403 unrenewed).
 * Emits the same events as `reconnect$`.
 */
export function poll$(options: PollingOptions): Observable<ReconnectEvent> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const pollingInterval = Math.max(0, options.pollingInterval ?? DEFAULT_POLLING_INTERVAL_MS);
  return defer(() => {
    const count: FailureCount = { failures: 0, step: 0 };
    let online = false;
    const rounds = defer(() => options.getActivities(options.getWatermark())).pipe(
      mergeMap((activitySet) => {
        markOnline(count);
        markStable(count);
        const events: ReconnectEvent[] = online ? [] : [{ type: 'online' }];
        online = true;
        events.push({ type: 'activitySet', activitySet });
        return events;
      }),
      // The pause runs after each round has answered.
      repeat({ delay: () => timer(pollingInterval, scheduler) }),
    );
    return retrying(rounds, count, { ...options, scheduler }, () => (online = false));
  });
}
