import { BehaviorSubject } from 'rxjs';
import { decidePostResend, decideRetry, waitOnline } from '../../src/operators/retry-policy';
import { DirectLineError } from '../../src/protocol/errors';
import { newScheduler } from './marble-helpers';

const e = (status: number, init: Partial<{ retryable: boolean; retryAfterMs: number; code: string }> = {}) =>
  new DirectLineError('x', { status, retryable: init.retryable ?? (status >= 500 || status === 429), ...init });

describe('the failure classes', () => {
  const opts = { random: () => 0.5 };

  it.each([400, 401, 404, 409, 413])('%i fails at once', (status) => {
    const d = decideRetry(e(status), 1, opts);
    expect(d.kind).toBe('fail');
  });

  it.each([500, 502, 504])('%i backs off', (status) => {
    const d = decideRetry(e(status), 2, opts);
    expect(d).toMatchObject({ kind: 'retry', delayMs: 500 });
  });

  it('429 / 503 wait Retry-After; without it they back off', () => {
    expect(decideRetry(e(429, { retryAfterMs: 9000 }), 1, opts)).toMatchObject({ kind: 'retry', delayMs: 9000 });
    expect(decideRetry(e(503, { retryAfterMs: 1000 }), 1, opts)).toMatchObject({ kind: 'retry', delayMs: 1000 });
    expect(decideRetry(e(503), 1, opts)).toMatchObject({ kind: 'retry', delayMs: 250 });
  });

  it('Retry-After lengthens the backoff step, never shortens it, and is capped at maxRetryAfterMs', () => {
    expect(decideRetry(e(429, { retryAfterMs: 0 }), 3, opts)).toMatchObject({ kind: 'retry', delayMs: 1000 });
    expect(decideRetry(e(503, { retryAfterMs: 99999999000 }), 1, opts)).toMatchObject({ kind: 'retry', delayMs: 60000 });
    expect(decideRetry(e(503, { retryAfterMs: 99999999000 }), 1, { ...opts, maxRetryAfterMs: 2000 })).toMatchObject({
      kind: 'retry',
      delayMs: 2000,
    });
  });

  it('a throttled post: Retry-After 0 waits the backoff step, a huge one is capped; 3 resends at most', () => {
    expect(decidePostResend(e(429, { retryAfterMs: 0 }), 1, opts)).toMatchObject({ kind: 'retry', delayMs: 250 });
    expect(decidePostResend(e(429, { retryAfterMs: 0 }), 3, opts)).toMatchObject({ kind: 'retry', delayMs: 1000 });
    expect(decidePostResend(e(429, { retryAfterMs: 99999999000 }), 1, opts)).toMatchObject({ kind: 'retry', delayMs: 60000 });
    expect(decidePostResend(e(503, { retryAfterMs: 99999999000 }), 2, { ...opts, maxRetryAfterMs: 3000 })).toMatchObject({
      kind: 'retry',
      delayMs: 3000,
    });
    expect(decidePostResend(e(429, { retryAfterMs: 0 }), 4, opts).kind).toBe('fail');
    expect(decidePostResend(e(500, { retryAfterMs: 0 }), 1, opts).kind).toBe('fail');
  });

  it('403 fails without a renewal hook, and asks the hook when there is one', () => {
    expect(decideRetry(e(403, { code: 'TokenExpired' }), 1, opts).kind).toBe('fail');
    const hook = jest.fn(() => new BehaviorSubject(1));
    expect(decideRetry(e(403, { code: 'TokenExpired' }), 1, { ...opts, onForbidden: hook })).toMatchObject({ kind: 'retry', delayMs: 0 });
    expect(hook).toHaveBeenCalledTimes(1);
  });

  it('a refused handshake (stale URL) is not a credential problem: it backs off', () => {
    const hook = jest.fn();
    const d = decideRetry(new DirectLineError('h', { status: 403, code: 'SocketHandshakeFailed', retryable: true }), 1, {
      ...opts,
      onForbidden: hook,
    });
    expect(d).toMatchObject({ kind: 'retry', delayMs: 250 });
    expect(hook).not.toHaveBeenCalled();
  });

  it('network errors and plain Errors back off; the budget ends them', () => {
    expect(decideRetry(new Error('boom'), 1, opts).kind).toBe('retry');
    const d = decideRetry(e(500), 11, opts);
    expect(d.kind).toBe('fail');
    expect(d.kind === 'fail' && d.error.code).toBe('RetriesExhausted');
  });

  it('waitOnline: pauses while offline and goes at once when back online', () => {
    newScheduler().run(({ hot, expectObservable }) => {
      const online$ = hot('f 99ms t', { f: false, t: true });
      expectObservable(waitOnline(5000, online$)).toBe('100ms (x|)', { x: 0 });
      const always = hot('t', { t: true });
      expectObservable(waitOnline(300, always)).toBe('300ms (x|)', { x: 0 });
    });
  });
});
