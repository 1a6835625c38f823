import fc from 'fast-check';
import type { Activity, ActivitySet } from '../../src/protocol/activity';
import { parseFrame, toActivitySet } from '../../src/protocol/frame';

const kinds = ['activitySet', 'keepAlive', 'unknown'];

function expectFrameShape(frame: ReturnType<typeof parseFrame>): void {
  expect(kinds).toContain(frame.kind);
  if (frame.kind === 'activitySet') {
    expect(Array.isArray(frame.activitySet.activities)).toBe(true);
    for (const a of frame.activitySet.activities) expect(typeof a.type).toBe('string');
    if ('watermark' in frame.activitySet) expect(typeof frame.activitySet.watermark).toBe('string');
  }
  if (frame.kind === 'unknown') expect(typeof frame.reason).toBe('string');
}

/** Arbitrary activities that survive JSON (what the service can send). */
const activityArb: fc.Arbitrary<Activity> = fc.record(
  {
    type: fc.constantFrom('message', 'event', 'typing', 'endOfConversation', 'trace', 'somethingNew'),
    id: fc.string(),
    text: fc.string(),
    from: fc.record({ id: fc.string(), role: fc.constantFrom('user', 'bot') }),
    channelData: fc.jsonValue(),
    value: fc.jsonValue(),
    attachments: fc.array(fc.record({ contentType: fc.string(), content: fc.jsonValue() }), { maxLength: 3 }),
  },
  { requiredKeys: ['type'] },
) as fc.Arbitrary<Activity>;

const activitySetArb: fc.Arbitrary<ActivitySet> = fc.record(
  { activities: fc.array(activityArb, { maxLength: 5 }), watermark: fc.string({ minLength: 1 }) },
  { requiredKeys: ['activities'] },
);

describe('parseFrame never throws', () => {
  test('for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => expectFrameShape(parseFrame(s))),
      { numRuns: 500 },
    );
  });

  test('for the JSON of any value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => expectFrameShape(parseFrame(JSON.stringify(v)))),
      { numRuns: 500 },
    );
  });

  test('for any value at all, strings or not', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withMap: true,
          withSet: true,
          withBigInt: true,
          withDate: true,
          withTypedArray: true,
          withNullPrototype: true,
          withBoxedValues: true,
        }),
        (v) => expectFrameShape(parseFrame(v)),
      ),
      { numRuns: 500 },
    );
  });

  test('for near-miss activity sets (activities of any shape, watermarks of any type)', () => {
    const nearMiss = fc.record({ activities: fc.oneof(fc.array(fc.anything()), fc.anything()), watermark: fc.anything() });
    fc.assert(
      fc.property(nearMiss, (v) => {
        let text: string;
        try {
          text = JSON.stringify(v) ?? '';
        } catch {
          return;
        }
        expectFrameShape(parseFrame(text));
      }),
      { numRuns: 500 },
    );
  });

  test('for hostile objects whose getters throw', () => {
    const hostile = {};
    Object.defineProperty(hostile, 'activities', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        has() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    expect(() => parseFrame(hostile)).not.toThrow();
    expect(() => parseFrame(proxy)).not.toThrow();
    expect(() => toActivitySet(hostile)).not.toThrow();
    expect(() => toActivitySet(proxy)).not.toThrow();
    expect(toActivitySet(hostile).kind).toBe('unknown');
  });
});

describe('parseFrame reads', () => {
  test('valid ActivitySets round-trip unchanged', () => {
    fc.assert(
      fc.property(activitySetArb, (set) => {
        const text = JSON.stringify(set);
        const frame = parseFrame(text);
        expect(frame).toEqual({ kind: 'activitySet', activitySet: JSON.parse(text) });
      }),
      { numRuns: 500 },
    );
  });

  test('empty and whitespace frames are keep-alives', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(' ', '\t', '\n', '\r'), { maxLength: 20 }), (chars) => {
        expect(parseFrame(chars.join(''))).toEqual({ kind: 'keepAlive' });
      }),
    );
    expect(parseFrame('')).toEqual({ kind: 'keepAlive' });
    expect(parseFrame(undefined)).toEqual({ kind: 'keepAlive' });
    expect(parseFrame(null)).toEqual({ kind: 'keepAlive' });
  });

  test('non-text frames, non-JSON text and other JSON are unknown (to be ignored)', () => {
    expect(parseFrame(new ArrayBuffer(4)).kind).toBe('unknown');
    expect(parseFrame('{"activities": [').kind).toBe('unknown');
    expect(parseFrame('"text"').kind).toBe('unknown');
    expect(parseFrame('[]').kind).toBe('unknown');
    expect(parseFrame('{"type":"futureFrame"}').kind).toBe('unknown');
    expect(parseFrame('{"activities": {}}').kind).toBe('unknown');
  });

  test('drops activities that are not objects with a string type, keeping the others in order', () => {
    const frame = parseFrame(
      JSON.stringify({
        activities: [{ type: 'message', id: 'a' }, null, 3, 'x', [], { id: 'no-type' }, { type: 7 }, { type: 'event', id: 'b' }],
        watermark: 'w',
      }),
    );
    expect(frame).toEqual({
      kind: 'activitySet',
      activitySet: {
        activities: [
          { type: 'message', id: 'a' },
          { type: 'event', id: 'b' },
        ],
        watermark: 'w',
      },
    });
  });

  test('keeps a set without a watermark (typing) without inventing one', () => {
    const frame = parseFrame('{"activities":[{"type":"typing"}]}');
    expect(frame).toEqual({ kind: 'activitySet', activitySet: { activities: [{ type: 'typing' }] } });
    if (frame.kind === 'activitySet') expect('watermark' in frame.activitySet).toBe(false);
    for (const w of ['null', '""', '{}', 'true', 'NaN']) {
      const f = parseFrame(`{"activities":[],"watermark":${w === 'NaN' ? 'null' : w}}`);
      expect(f.kind === 'activitySet' && 'watermark' in f.activitySet).toBe(false);
    }
  });

  test('keeps the watermark as an opaque string; a numeric one becomes its string', () => {
    expect(parseFrame('{"activities":[],"watermark":"0000a-42"}')).toEqual({
      kind: 'activitySet',
      activitySet: { activities: [], watermark: '0000a-42' },
    });
    expect(parseFrame('{"activities":[],"watermark":"007"}')).toEqual({
      kind: 'activitySet',
      activitySet: { activities: [], watermark: '007' },
    });
    expect(parseFrame('{"activities":[],"watermark":42}')).toEqual({
      kind: 'activitySet',
      activitySet: { activities: [], watermark: '42' },
    });
  });
});
