import { backoffDelay } from '../../src/operators/backoff';

describe('guarantee 3: backoff per attempt (exponential, full jitter, capped, first retry quick)', () => {
  it('draws each delay in [0, min(cap, initial × factor^attempt))', () => {
    const top = (attempt: number) => backoffDelay(attempt, { initialMs: 500, factor: 2, maxMs: 30000 }, () => 0.999999);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map(top)).toEqual([499, 999, 1999, 3999, 7999, 15999, 29999, 29999, 29999]);
    expect(backoffDelay(5, {}, () => 0)).toBe(0);
  });

  it('draws a fresh random value for every attempt (no delay reused across attempts)', () => {
    const draws = [0.1, 0.9, 0.3];
    const random = jest.fn(() => draws.shift() as number);
    const delays = [0, 0, 0].map((_, i) => backoffDelay(2, {}, random));
    expect(random).toHaveBeenCalledTimes(3);
    expect(delays).toEqual([200, 1800, 600]);
    expect(delays.every((d, i, all) => i === 0 || d !== all[i - 1])).toBe(true);
  });

  it('the first retry is quick by default (under half a second)', () => {
    for (const r of [0, 0.5, 0.999]) expect(backoffDelay(0, undefined, () => r)).toBeLessThan(500);
  });

  it('tolerates a broken random source', () => {
    expect(backoffDelay(1, {}, () => NaN)).toBe(0);
    expect(backoffDelay(1, {}, () => 7)).toBeLessThan(1000);
    expect(backoffDelay(1, {}, () => -1)).toBe(0);
  });
});
