import type { DebugEvent } from '../options';
import type { SessionStore } from './session-store';

/**
 * The longest watermark accepted, in characters. The service's watermarks are short numbers; a
 * longer one would go back in every reconnect URL, where a server refuses it (431) and the
 * connection would fail for good.
 */
export const MAX_WATERMARK_LENGTH = 1024;

/** Whether a watermark is one the connection may keep and send back. */
export function isAcceptableWatermark(watermark: string): boolean {
  return watermark.length <= MAX_WATERMARK_LENGTH;
}

/**
 * Records the watermark of a delivered set in the session, unless it is absurdly long: then it is
 * refused like a bad frame (a `watermarkRefused` debug event), and the last good one stays, so a
 * reconnect resumes from it (the activities after it come again and are dropped as repeats).
 */
export function recordWatermark(watermark: string, session: SessionStore, debug: (event: DebugEvent) => void): void {
  if (isAcceptableWatermark(watermark)) session.update({ watermark });
  else debug({ type: 'watermarkRefused', length: watermark.length, maxLength: MAX_WATERMARK_LENGTH });
}
