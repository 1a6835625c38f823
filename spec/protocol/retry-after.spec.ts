import { parseRetryAfter } from '../../src/protocol/errors';

const NOW = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');

describe('parseRetryAfter', () => {
  test.each([
    ['0', 0],
    ['1', 1000],
    ['120', 120000],
    ['  7  ', 7000],
    ['1.5', 1500],
    ['0.25', 250],
  ])('reads delta-seconds %j as %d ms', (header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });

  test('reads an HTTP date in the future as the time until it', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', NOW)).toBe(30000);
  });

  test('reads the obsolete HTTP date forms (RFC 850, asctime)', () => {
    expect(parseRetryAfter('Wednesday, 21-Oct-15 07:29:00 GMT', NOW)).toBe(60000);
    // asctime carries no zone; whatever zone it is read in, the distance from "5 s before it" is 5 s.
    const asctime = 'Wed Oct 21 07:28:05 2015';
    expect(parseRetryAfter(asctime, Date.parse(asctime) - 5000)).toBe(5000);
  });

  test('reads an HTTP date in the past as 0 (retry now), never negative', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:00:00 GMT', NOW)).toBe(0);
  });

  test('caps an absurd value at the longest delay a timer can hold, instead of overflowing it', () => {
    expect(parseRetryAfter('99999999999999999999999', NOW)).toBe(2147483647);
    expect(parseRetryAfter('Fri, 01 Jan 9999 00:00:00 GMT', NOW)).toBe(2147483647);
    expect(parseRetryAfter('2147483', NOW)).toBe(2147483000);
  });

  test('uses the clock it is given, not Date.now', () => {
    const date = 'Wed, 21 Oct 2015 07:28:10 GMT';
    expect(parseRetryAfter(date, NOW)).toBe(10000);
    expect(parseRetryAfter(date, NOW + 4000)).toBe(6000);
  });

  test.each([undefined, null, '', '   ', 'soon', '-5', '-1', '1.5.3', '1e3', '0x10', '5 seconds', 'Infinity', 'NaN', '1.'])(
    'returns undefined for an absent or unreadable value %j',
    (header) => {
      expect(parseRetryAfter(header as string | null | undefined, NOW)).toBeUndefined();
    },
  );
});
