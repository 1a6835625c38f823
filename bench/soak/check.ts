import type { Activity } from 'directline-rx/node';

/** What one conversation's client saw, against the emulator's transcript. */
export interface Tally {
  sent: number;
  accepted: number;
  errored: number;
  /** Activities in the transcript. */
  stored: number;
  delivered: number;
  /** In the transcript, never delivered. */
  lost: number;
  /** Delivered more than once. */
  duplicated: number;
  /** Delivered after an activity stored later. */
  outOfOrder: number;
  /** Posts that succeeded but are in the transcript other than exactly once. */
  acceptedNotOnce: number;
  /** Posts that errored but are in the transcript. */
  erroredStored: number;
}

export const emptyTally = (): Tally => ({
  sent: 0,
  accepted: 0,
  errored: 0,
  stored: 0,
  delivered: 0,
  lost: 0,
  duplicated: 0,
  outOfOrder: 0,
  acceptedNotOnce: 0,
  erroredStored: 0,
});

export function addTally(a: Tally, b: Tally): Tally {
  const out = { ...a };
  for (const key of Object.keys(b) as (keyof Tally)[]) out[key] += b[key];
  return out;
}

/**
 * Checks one conversation: every stored activity delivered exactly once, in the stored order;
 * every successful post stored exactly once (by its text); no errored post stored.
 */
export function checkConversation(
  transcript: readonly Activity[],
  seen: { received: readonly Activity[]; accepted: ReadonlySet<string>; errored: ReadonlySet<string>; sent: number },
): Tally {
  const order = new Map<string, number>();
  transcript.forEach((a, i) => a.id !== undefined && order.set(a.id, i));
  const delivered = new Set<string>();
  let duplicated = 0;
  let outOfOrder = 0;
  let latest = -1;
  for (const a of seen.received) {
    if (a.id === undefined) continue;
    if (delivered.has(a.id)) {
      duplicated++;
      continue;
    }
    delivered.add(a.id);
    const at = order.get(a.id) ?? -1;
    if (at < latest) outOfOrder++;
    latest = Math.max(latest, at);
  }
  const storedTexts = new Map<string, number>();
  for (const a of transcript)
    if (a.from?.role !== 'bot' && typeof a.text === 'string') storedTexts.set(a.text, (storedTexts.get(a.text) ?? 0) + 1);
  let acceptedNotOnce = 0;
  for (const text of seen.accepted) if (storedTexts.get(text) !== 1) acceptedNotOnce++;
  let erroredStored = 0;
  for (const text of seen.errored) if (storedTexts.has(text)) erroredStored++;
  return {
    sent: seen.sent,
    accepted: seen.accepted.size,
    errored: seen.errored.size,
    stored: transcript.length,
    delivered: delivered.size,
    lost: transcript.filter((a) => a.id !== undefined && !delivered.has(a.id)).length,
    duplicated,
    outOfOrder,
    acceptedNotOnce,
    erroredStored,
  };
}
