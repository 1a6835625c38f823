import type { DebugEvent } from '../options';
import { MAX_WATERMARK_LENGTH, isAcceptableWatermark } from '../protocol/watermark';
import type { SessionStore } from './session-store';

/**
 * Records the watermark of a delivered set in the session, unless it is absurdly long: then it is
 * refused like a bad frame (a `watermarkRefused` debug event), and the last good one stays, so a
 * reconnect resumes from it (the activities after it come again and are dropped as repeats).
 */
export function recordWatermark(watermark: string, session: SessionStore, debug: (event: DebugEvent) => void): void {
  if (isAcceptableWatermark(watermark)) session.update({ watermark });
  else debug({ type: 'watermarkRefused', length: watermark.length, maxLength: MAX_WATERMARK_LENGTH });
}
