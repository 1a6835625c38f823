import type { Activity } from '../protocol/activity';
import { livestreamChunkOf } from '../protocol/livestream';

/**
 * The scrambled delivery of livestream chunks (a fault control): for the conversations it is on
 * for, each interim chunk is held until the next one of its livestream comes, which is then sent,
 * followed by the held one (out of order) and by itself again (twice). A chunk still held when
 * the final comes is sent after the final (late). Other activities pass as they are.
 */
export class LivestreamScramble {
  /** Held chunks by conversation, then by stream id; a conversation is here while the fault is on for it. */
  private readonly held = new Map<string, Map<string, Activity>>();

  /** Turns the fault on or off for a conversation; turning it off forgets the chunks held. */
  set(conversationId: string, enabled: boolean): void {
    if (!enabled) this.held.delete(conversationId);
    else if (!this.held.has(conversationId)) this.held.set(conversationId, new Map());
  }

  /** Turns the fault off everywhere. */
  reset(): void {
    this.held.clear();
  }

  /** What to send now, in order, for an activity appended to the conversation. */
  arrange(conversationId: string, activity: Activity): Activity[] {
    const held = this.held.get(conversationId);
    const chunk = held && livestreamChunkOf(activity);
    if (!held || !chunk) return [activity];
    const before = held.get(chunk.streamId);
    held.delete(chunk.streamId);
    if (chunk.kind === 'final') return before ? [activity, before] : [activity];
    if (!before) {
      held.set(chunk.streamId, activity);
      return [];
    }
    return [activity, before, activity];
  }
}
