import { EMPTY, connect, filter, map, mergeMap, takeUntil, timer } from 'rxjs';
import type { OperatorFunction, SchedulerLike } from 'rxjs';
import type { Activity } from '../protocol/activity';
import { livestreamTimedOut } from './events';
import type { LivestreamTimedOut } from './events';
import { livestreamChunkOf } from '../protocol/livestream';
import type { LivestreamChunk } from '../protocol/livestream';

/**
 * For each livestream among the activities, a `livestreamTimedOut` `timeoutMs` after its newest
 * chunk, on the scheduler: the next activity of the same livestream (a chunk, or its final) cuts
 * the wait, so each livestream has one timer at most, and none once it concluded. The timers
 * outlive the end of the activities (a livestream cut by the connection's end still times out),
 * not the subscription.
 */
export function livestreamTimeouts(timeoutMs: number, scheduler: SchedulerLike): OperatorFunction<Activity, LivestreamTimedOut> {
  return (activity$) =>
    activity$.pipe(
      map(livestreamChunkOf),
      filter((chunk): chunk is LivestreamChunk => chunk !== undefined),
      connect((chunks$) =>
        chunks$.pipe(
          mergeMap((chunk) => {
            if (chunk.kind === 'final') return EMPTY;
            const since = scheduler.now();
            return timer(timeoutMs, scheduler).pipe(
              takeUntil(chunks$.pipe(filter((later) => later.streamId === chunk.streamId))),
              map(() => livestreamTimedOut(chunk.streamId, since)),
            );
          }),
        ),
      ),
    );
}
