import type { ActivitySet } from './activity';
import { isObject } from './guards';

/** What one WebSocket text frame from the service turns out to be. */
export type Frame =
  | {
      /** An activity set. */
      kind: 'activitySet';
      /** The set, with only the activities that are objects with a `type`. */
      activitySet: ActivitySet;
    }
  | {
      /** An empty frame: the service's keep-alive. */
      kind: 'keepAlive';
    }
  | {
      /** Anything else (to be ignored). */
      kind: 'unknown';
      /** What was wrong with it. */
      reason: string;
    };

/**
 * Interprets a frame of the stream. Never throws: empty or whitespace frames are keep-alives,
 * anything that is not an activity set is `unknown` (to be ignored), activities that are not
 * objects with a `type` are dropped from the set.
 */
export function parseFrame(data: unknown): Frame {
  try {
    if (data === undefined || data === null) return { kind: 'keepAlive' };
    if (typeof data !== 'string') return { kind: 'unknown', reason: 'non-text frame' };
    if (data.trim() === '') return { kind: 'keepAlive' };
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return { kind: 'unknown', reason: 'not JSON' };
    }
    return toActivitySet(parsed);
  } catch {
    return { kind: 'unknown', reason: 'unreadable frame' };
  }
}

/** Validates a parsed body as an ActivitySet (shared by the stream and polling). Never throws. */
export function toActivitySet(parsed: unknown): Frame {
  try {
    return readActivitySet(parsed);
  } catch {
    // Only objects that are not plain JSON (throwing getters, proxies) get here.
    return { kind: 'unknown', reason: 'unreadable activity set' };
  }
}

function readActivitySet(parsed: unknown): Frame {
  if (!isObject(parsed)) return { kind: 'unknown', reason: 'not an object' };
  const { activities, watermark } = parsed;
  if (!Array.isArray(activities)) return { kind: 'unknown', reason: 'no activities array' };
  const kept = activities.filter((a): a is ActivitySet['activities'][number] => isObject(a) && typeof a.type === 'string');
  const activitySet: ActivitySet = { activities: kept };
  if (typeof watermark === 'string' && watermark !== '') activitySet.watermark = watermark;
  else if (typeof watermark === 'number' && Number.isFinite(watermark)) activitySet.watermark = String(watermark);
  return { kind: 'activitySet', activitySet };
}
