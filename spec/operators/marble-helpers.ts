import { Observable, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { ReconnectEvent } from '../../src/operators/events';
import type { StreamEvent } from '../../src/stream/websocket';

export const OPEN: StreamEvent = { type: 'open' };
export const KEEP: StreamEvent = { type: 'frame', data: '' };
export const frame = (ids: string[], watermark?: string): StreamEvent => ({
  type: 'frame',
  data: JSON.stringify({ activities: ids.map((id) => ({ type: 'message', id, text: id })), ...(watermark ? { watermark } : {}) }),
});

export function newScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** A short label per event: c<attempt>@<delay>, g (got a conversation), o (online), s[ids] (activities). */
export function label(e: ReconnectEvent): string {
  switch (e.type) {
    case 'connecting':
      return `c${e.attempt}${e.attempt ? `@${e.delayMs}` : ''}${e.error ? `(${e.error.code ?? e.error.status})` : ''}`;
    case 'conversation':
      return 'g';
    case 'online':
      return 'o';
    case 'activitySet':
      return `s[${e.activitySet.activities.map((a) => a.id).join(',')}]${e.activitySet.watermark ?? ''}`;
  }
}

/** Subscribes now and records `time:label` of every event (and of the end), in virtual time. */
export function record(scheduler: TestScheduler, source: Observable<ReconnectEvent>, log: string[], stopAfterMs = 100000) {
  const sub = source.subscribe({
    next: (e) => log.push(`${scheduler.now()}:${label(e)}`),
    error: (err) => log.push(`${scheduler.now()}:error ${err.code ?? err.message}`),
    complete: () => log.push(`${scheduler.now()}:complete`),
  });
  scheduler.schedule(() => sub.unsubscribe(), stopAfterMs);
  return sub;
}

/** A call that answers each attempt with the next of `answers` (then never), counting attempts. */
export function scripted<T>(answers: Observable<T>[]) {
  let n = 0;
  const calls = { count: 0 };
  const call$ = new Observable<T>((subscriber) => {
    calls.count++;
    return (answers[n++] ?? new Subject<T>()).subscribe(subscriber);
  });
  return { call$, calls };
}
