import type { Activity } from '../protocol/activity';
import { isObject } from '../protocol/guards';
import { clientActivityIdOf } from '../connect/post-echoes';

/** How long a livestream may stay quiet (no new chunk) before it is marked interrupted, ms. */
export const DEFAULT_LIVESTREAM_TIMEOUT_MS = 30_000;

/**
 * Where a livestream is: still `streaming` (chunks come), `final` (concluded by its final activity;
 * anything later of it is ignored) or `interrupted` (no chunk for the quiet period: the bot may be
 * gone; a later chunk or the final still takes effect).
 */
export type LivestreamStatus = 'streaming' | 'final' | 'interrupted';

/** One livestream of the conversation: a bot's reply that grows chunk by chunk. Plain data. */
export interface Livestream {
  /** The livestream's id: the id the service gave its first activity. */
  streamId: string;
  /** Whether it is still streaming, concluded, or interrupted by a quiet period. */
  status: LivestreamStatus;
  /** The highest `streamSequence` taken so far (0 when only the final came); a chunk at or below it is stale. */
  sequence: number;
  /** The newest informative line ("Searching your documents…"), kept apart from the text. */
  informative?: string;
  /** When its last chunk taken (or its final) arrived, ms of the clock that timed the events. */
  updatedAt: number;
}

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

/**
 * A stable key for a transcript entry, the same across every update of that entry: for a
 * livestream's entry (each chunk, then its final) the livestream's id; for an own post (pending,
 * failed, then echoed) its `channelData.clientActivityID`; otherwise the activity's `id`. Use it as
 * Angular's `track` expression or a React `key`, so that a growing reply or an echo re-renders one
 * row, not the list.
 *
 * @example
 * ```ts
 * state.activities.map((activity) => <Row key={entryKeyOf(activity)} activity={activity} />);
 * ```
 */
export function entryKeyOf(activity: Activity): string {
  return livestreamChunkOf(activity)?.streamId ?? clientActivityIdOf(activity) ?? activity.id ?? '';
}

/** Whether a final (or any activity) has something to show: text or attachments. */
export function hasContent(activity: Activity): boolean {
  return (typeof activity.text === 'string' && activity.text !== '') || (Array.isArray(activity.attachments) && activity.attachments.length > 0);
}
