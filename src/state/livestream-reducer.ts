import type { Activity } from '../protocol/activity';
import type { ChatState } from './chat-state';
import { hasContent, livestreamChunkOf } from '../protocol/livestream';
import type { LivestreamChunk } from '../protocol/livestream';
import type { Livestream } from './livestream';
import { ownValue } from '../protocol/guards';
import { insertBeforeOutbox, without } from './transcript';

/** The livestreams of a state (a state persisted before they existed has none). */
export function livestreamsOf(s: ChatState): Record<string, Livestream> {
  return s.livestreams ?? {};
}

/** The livestream a transcript entry stands for (streaming, interrupted or concluded), if any. */
export function livestreamOf(s: ChatState, activity: Activity): Livestream | undefined {
  const chunk = livestreamChunkOf(activity);
  const streams = livestreamsOf(s);
  return chunk && ownValue(streams, chunk.streamId);
}

/** Whether `userId` has a livestream in the transcript that is still streaming (its typing indicator is then not shown). */
export function isStreamingFrom(s: ChatState, userId: string): boolean {
  const streams = livestreamsOf(s);
  for (let i = s.activities.length - 1; i >= 0; i--) {
    const entry = s.activities[i];
    if (entry.from?.id !== userId) continue;
    const chunk = livestreamChunkOf(entry);
    if (chunk && ownValue(streams, chunk.streamId)?.status === 'streaming') return true;
  }
  return false;
}

/**
 * Reduces an activity of a livestream: the livestream is one transcript entry at its first
 * chunk's place. A newer interim takes the entry (its text is the newest sequence's); an
 * informative interim only changes `informative`; a stale or repeated sequence changes nothing;
 * the final takes the entry's place (or, with no content, removes it); anything after the final is
 * ignored. A final with no entry (its chunks were lost, or it comes from history) is placed as any
 * activity is.
 */
export function receivedLive(s: ChatState, activity: Activity, chunk: LivestreamChunk, at: number): ChatState {
  const streams = livestreamsOf(s);
  const known = ownValue(streams, chunk.streamId);
  if (known?.status === 'final') return s;
  if (known && chunk.sequence !== undefined && chunk.sequence <= known.sequence) return s;
  const index = entryIndex(s.activities, chunk.streamId);
  const userId = activity.from?.id;
  const typing = userId && ownValue(s.typing, userId) ? without(s.typing, userId) : s.typing;
  const informative = chunk.kind === 'informative' && typeof activity.text === 'string' ? activity.text : known?.informative;
  const stream: Livestream = {
    streamId: chunk.streamId,
    status: chunk.kind === 'final' ? 'final' : 'streaming',
    sequence: chunk.sequence ?? known?.sequence ?? 0,
    updatedAt: at,
    ...(informative === undefined ? {} : { informative }),
  };
  const livestreams = { ...streams, [chunk.streamId]: stream };
  return { ...s, activities: transcriptWith(s, activity, chunk, index), typing, livestreams };
}

/** The transcript once the activity of a livestream is taken. */
function transcriptWith(s: ChatState, activity: Activity, chunk: LivestreamChunk, index: number): Activity[] {
  const { activities } = s;
  if (chunk.kind === 'final') {
    if (!hasContent(activity)) return index < 0 ? activities : [...activities.slice(0, index), ...activities.slice(index + 1)];
    if (index >= 0) return replaced(activities, index, activity);
    if (activity.id !== undefined && activities.some((a) => a.id === activity.id)) return activities;
    return insertBeforeOutbox(s, activities, activity);
  }
  // Each entry of a livestream carries its streamId, the first chunk's included (it has none on the wire).
  const channelData = { ...(activity.channelData as object), streamId: chunk.streamId };
  let entry: Activity;
  if (chunk.kind === 'streaming') entry = { ...activity, channelData };
  else if (index >= 0) return activities;
  else {
    // An informative line first: the entry stands there without text until the text comes.
    entry = { ...activity, channelData };
    delete entry.text;
  }
  return index >= 0 ? replaced(activities, index, entry) : insertBeforeOutbox(s, activities, entry);
}

/** Where the livestream's entry stands in the transcript, or -1. */
function entryIndex(activities: Activity[], streamId: string): number {
  for (let i = activities.length - 1; i >= 0; i--) if (livestreamChunkOf(activities[i])?.streamId === streamId) return i;
  return -1;
}

function replaced(activities: Activity[], index: number, activity: Activity): Activity[] {
  const next = activities.slice();
  next[index] = activity;
  return next;
}

/** Marks a livestream interrupted when no chunk of it came since `since` and it is still streaming. */
export function timedOut(s: ChatState, streamId: string, since: number): ChatState {
  const streams = livestreamsOf(s);
  const stream = ownValue(streams, streamId);
  if (!stream || stream.status !== 'streaming' || stream.updatedAt > since) return s;
  return { ...s, livestreams: { ...streams, [streamId]: { ...stream, status: 'interrupted' } } };
}
