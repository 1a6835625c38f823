import { livestreamChunkOf } from 'directline-rx';
import type { Activity } from 'directline-rx';

/**
 * The transcript entries a chat page shows: the messages, and the livestreams still growing (a
 * livestream's entry is its newest chunk, a `typing` activity, until its final message takes its
 * place). Events and other activities are left out.
 */
export function shownEntries(activities: readonly Activity[]): Activity[] {
  return activities.filter((activity) => activity.type === 'message' || livestreamChunkOf(activity) !== undefined);
}
