import type { Conversation } from '../../src/protocol/activity';
import { DirectLineError } from '../../src/protocol/errors';
import { retryCall } from '../../src/operators/retry-policy';
import { startOnce } from '../../src/operators/start-once';
import { newScheduler, scripted } from './marble-helpers';

const conversation: Conversation = { conversationId: 'c1', token: 't', streamUrl: 'ws://u' };
const http = (status: number, retryAfterMs?: number) =>
  new DirectLineError(`HTTP ${status}`, { status, retryable: status >= 500 || status === 429, retryAfterMs });

describe('starting the conversation: retried by the policy, at most one conversation', () => {
  it('backs off on 500 and 502, waits the larger of Retry-After and the backoff step on 503 and 429, then succeeds', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const answers = [
        cold<Conversation>('5ms #', undefined, http(500)),
        cold<Conversation>('5ms #', undefined, http(502)),
        cold<Conversation>('5ms #', undefined, http(503, 3000)),
        cold<Conversation>('5ms #', undefined, http(429, 1000)),
        cold('5ms (c|)', { c: conversation }),
      ];
      const { call$ } = scripted(answers);
      const retries: string[] = [];
      const out = call$.pipe(
        retryCall<Conversation>({ random: () => 0.5, scheduler }, (attempt, delayMs) => retries.push(`${attempt}@${delayMs}`)),
      );
      // 5 + 250 + 5 + 500 + 5 + 3000 (Retry-After over the step's 1000) + 5 + 2000 (the step over Retry-After's 1000) + 5 = 5775
      expectObservable(out).toBe('5775ms (c|)', { c: conversation });
      scheduler.flush();
      expect(retries).toEqual(['1@250', '2@500', '3@3000', '4@2000']);
    });
  });

  it('renews on 403 and fails at once on 400 and 401', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const renewed = cold('100ms r', { r: 'new-token' });
      const forbidden = scripted([cold<Conversation>('#', undefined, http(403)), cold('(c|)', { c: conversation })]);
      expectObservable(forbidden.call$.pipe(retryCall<Conversation>({ scheduler, onForbidden: () => renewed }))).toBe('100ms (c|)', {
        c: conversation,
      });
      for (const status of [400, 401]) {
        const bad = scripted([cold<Conversation>('3ms #', undefined, http(status))]);
        expectObservable(bad.call$.pipe(retryCall<Conversation>({ scheduler }))).toBe('3ms #', undefined, http(status));
      }
    });
  });

  it('fails with RetriesExhausted when the budget is spent', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const { call$, calls } = scripted([1, 2, 3].map(() => cold<Conversation>('#', undefined, http(500))));
      const out = call$.pipe(retryCall<Conversation>({ scheduler, maxRetries: 2, random: () => 0.5 }));
      expectObservable(out).toBe('750ms #', undefined, expect.objectContaining({ code: 'RetriesExhausted' }));
      scheduler.flush();
      expect(calls.count).toBe(3);
    });
  });

  it('callers at the same moment share one start; a caller after a failure for good gets that failure and starts nothing', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const first = cold<Conversation>('10ms #', undefined, http(400));
      const { call$, calls } = scripted([first, cold('(c|)', { c: conversation })]);
      const start$ = call$.pipe(retryCall<Conversation>({ scheduler }), startOnce());
      expectObservable(start$, '^').toBe('10ms #', undefined, http(400)); // the stream
      expectObservable(start$, '2ms ^').toBe('10ms #', undefined, http(400)); // a post at the same moment
      expectObservable(start$, '50ms ^').toBe('50ms #', undefined, http(400)); // a post later: the same failure at once
      scheduler.flush();
      expectSubscriptions(first.subscriptions).toBe('^ 9ms !');
      expect(calls.count).toBe(1);
    });
  });

  it('after a start that succeeded, later callers get the same conversation without a second call', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const { call$, calls } = scripted([cold<Conversation>('5ms #', undefined, http(500)), cold('5ms (c|)', { c: conversation })]);
      const start$ = call$.pipe(retryCall<Conversation>({ scheduler, random: () => 0.5 }), startOnce());
      expectObservable(start$, '^').toBe('260ms (c|)', { c: conversation });
      expectObservable(start$, '100ms ^').toBe('260ms (c|)', { c: conversation });
      expectObservable(start$, '400ms ^').toBe('400ms (c|)', { c: conversation });
      scheduler.flush();
      expect(calls.count).toBe(2);
    });
  });

  it('when every caller leaves before it answers, the start is cancelled and the next caller runs it again', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const slow = cold<Conversation>('100ms (c|)', { c: conversation });
      const { call$ } = scripted([slow, cold('100ms (c|)', { c: conversation })]);
      const start$ = call$.pipe(startOnce());
      expectObservable(start$, '^ 20ms !').toBe('');
      expectObservable(start$, '50ms ^').toBe('150ms (c|)', { c: conversation });
      scheduler.flush();
      expectSubscriptions(slow.subscriptions).toBe('^ 20ms !');
    });
  });
});
