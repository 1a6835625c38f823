import type { Activity } from './activity';
import { isObject } from './guards';

/** What an activity of a livestream says, read from its `channelData`. */
export interface LivestreamChunk {
  /** The livestream it belongs to. */
  streamId: string;
  /** `streaming` (the text so far), `informative` (a status line) or `final` (the conclusion). */
  kind: 'streaming' | 'informative' | 'final';
  /** Its `streamSequence`; absent on a final. */
  sequence?: number;
}

const KINDS: ReadonlySet<string> = new Set(['streaming', 'informative', 'final']);

/**
 * The livestream an activity belongs to, or `undefined` for an ordinary activity.
 *
 * An activity is part of a livestream when its `channelData.streamType` is `streaming`,
 * `informative` or `final`. Its livestream is `channelData.streamId`, or, for the first activity
 * (which has none), its own `id`. An interim activity (a `typing` one, `streaming` or
 * `informative`) needs a whole `streamSequence` of 1 or more, and a final needs a `streamId`;
 * an activity that lacks them is treated as an ordinary one.
 */
export function livestreamChunkOf(activity: Activity): LivestreamChunk | undefined {
  const channelData: unknown = activity.channelData;
  if (!isObject(channelData)) return undefined;
  const kind = channelData.streamType;
  if (typeof kind !== 'string' || !KINDS.has(kind)) return undefined;
  const given = channelData.streamId;
  const streamId = typeof given === 'string' && given !== '' ? given : undefined;
  if (kind === 'final') return streamId === undefined ? undefined : { streamId, kind };
  const sequence = channelData.streamSequence;
  if (activity.type !== 'typing' || typeof sequence !== 'number' || !Number.isSafeInteger(sequence) || sequence < 1) return undefined;
  const id = streamId ?? (activity.id !== '' ? activity.id : undefined);
  return id === undefined ? undefined : { streamId: id, kind: kind as LivestreamChunk['kind'], sequence };
}

/** Whether a final (or any activity) has something to show: text or attachments. */
export function hasContent(activity: Activity): boolean {
  return (
    (typeof activity.text === 'string' && activity.text !== '') || (Array.isArray(activity.attachments) && activity.attachments.length > 0)
  );
}
