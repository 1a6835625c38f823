import { SessionStore } from '../../src/connect/session-store';
import { recordWatermark } from '../../src/connect/watermark-bound';
import { MAX_WATERMARK_LENGTH } from '../../src/protocol/watermark';
import type { DebugEvent } from '../../src/options';

describe('recordWatermark', () => {
  it('keeps a watermark up to the bound, and refuses a longer one with a debug event, keeping the last good one', () => {
    const session = new SessionStore({ conversationId: 'c1' });
    const events: DebugEvent[] = [];
    const debug = (e: DebugEvent) => events.push(e);
    recordWatermark('7', session, debug);
    expect(session.value.watermark).toBe('7');
    const longest = '9'.repeat(MAX_WATERMARK_LENGTH);
    recordWatermark(longest, session, debug);
    expect(session.value.watermark).toBe(longest);
    recordWatermark('8', session, debug);
    recordWatermark('x'.repeat(1024 * 1024), session, debug);
    expect(session.value.watermark).toBe('8');
    expect(events).toEqual([{ type: 'watermarkRefused', length: 1024 * 1024, maxLength: 1024 }]);
    recordWatermark('9', session, debug);
    expect(session.value.watermark).toBe('9');
  });
});
