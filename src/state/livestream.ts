import type { Activity } from '../protocol/activity';
import { livestreamChunkOf } from '../protocol/livestream';
import { clientActivityIdOf } from '../connect/post-echoes';

export { DEFAULT_LIVESTREAM_TIMEOUT_MS } from '../defaults';

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
