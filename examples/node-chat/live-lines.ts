import { livestreamChunkOf } from 'directline-rx/node';
import type { Activity } from 'directline-rx/node';

/** What a livestream's activity asks of the terminal: show its line (grown, or final), remove it, or nothing. */
export type LiveUpdate =
  | {
      /** A stale, repeated or late chunk: nothing changes. */
      kind: 'ignore';
    }
  | {
      /** Show the livestream's line as it is now (in place of its former text). */
      kind: 'show';
      /** The livestream. */
      streamId: string;
      /** The whole line to show. */
      line: string;
      /** Whether it is the final text (the livestream is over). */
      final: boolean;
    }
  | {
      /** The livestream ended without content: its line goes. */
      kind: 'remove';
      /** The livestream. */
      streamId: string;
    };

/** Concluded livestreams remembered (so that their late chunks are ignored); the oldest are forgotten first. */
const MAX_CONCLUDED = 100;

/**
 * The livestreams of a terminal chat: which chunk is newer than the one shown, which livestream is
 * over. Each activity of a livestream gives the line to show, or `ignore` when it is stale,
 * repeated or late.
 */
export class LiveLines {
  /** The newest sequence taken and the informative line, per livestream still streaming. */
  private readonly streaming = new Map<string, { sequence: number; informative?: string; text?: string }>();
  private readonly concluded = new Set<string>();

  /** What to do for `activity`, or `undefined` when it is not a livestream's. */
  update(activity: Activity, who: string): LiveUpdate | undefined {
    const chunk = livestreamChunkOf(activity);
    if (!chunk) return undefined;
    const { streamId } = chunk;
    if (this.concluded.has(streamId)) return { kind: 'ignore' };
    if (chunk.kind === 'final') {
      this.streaming.delete(streamId);
      this.concluded.add(streamId);
      if (this.concluded.size > MAX_CONCLUDED) this.concluded.delete(this.concluded.values().next().value as string);
      return activity.text ? { kind: 'show', streamId, line: `${who}> ${activity.text}`, final: true } : { kind: 'remove', streamId };
    }
    const seen = this.streaming.get(streamId);
    const sequence = chunk.sequence as number;
    if (seen && sequence <= seen.sequence) return { kind: 'ignore' };
    const next = { ...seen, sequence };
    if (chunk.kind === 'informative') next.informative = activity.text;
    else next.text = activity.text;
    this.streaming.set(streamId, next);
    // The text so far; an informative line only until the text begins.
    const line = next.text ? `${who}> ${next.text}` : `${who}> … ${next.informative ?? ''}`.trimEnd();
    return { kind: 'show', streamId, line, final: false };
  }
}
