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

const unknown = (reason: string): Frame => ({ kind: 'unknown', reason });

/**
 * Interprets a frame of the stream. Never throws: empty or whitespace frames are keep-alives,
 * anything that is not an activity set is `unknown` (to be ignored), activities that are not
 * objects with a `type` are dropped from the set.
 */
export function parseFrame(data: unknown): Frame {
  if (data == null || (typeof data === 'string' && !data.trim())) return { kind: 'keepAlive' };
  if (typeof data !== 'string') return unknown('non-text frame');
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return unknown('not JSON');
  }
  return toActivitySet(parsed);
}

const isActivity = (a: unknown): a is ActivitySet['activities'][number] => isObject(a) && typeof a.type === 'string';

/** Validates a parsed body as an ActivitySet (shared by the stream and polling). Never throws. */
export function toActivitySet(parsed: unknown): Frame {
  try {
    if (!isObject(parsed)) return unknown('not an object');
    const { activities, watermark } = parsed;
    if (!Array.isArray(activities)) return unknown('no activities array');
    // a set that is all activities (as the service sends) is taken as it is, not copied
    const activitySet: ActivitySet = { activities: activities.every(isActivity) ? activities : activities.filter(isActivity) };
    if (typeof watermark === 'string' ? watermark !== '' : Number.isFinite(watermark)) activitySet.watermark = String(watermark);
    return { kind: 'activitySet', activitySet };
  } catch {
    // Only objects that are not plain JSON (throwing getters, proxies) get here.
    return unknown('unreadable activity set');
  }
}
