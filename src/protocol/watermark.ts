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
