import type { Activity } from '../protocol/activity';
import { clientActivityIdOf } from '../connect/post-echoes';
import { ownValue } from '../protocol/guards';
import type { ChatState } from './chat-state';

/** Whether a transcript entry is an own post the service has not echoed yet (pending or failed). */
function inOutbox(s: ChatState, entry: Activity): boolean {
  if (entry.id !== undefined) return false;
  const clientId = clientActivityIdOf(entry);
  return clientId !== undefined && ownValue(s.posts, clientId)?.echoed === false;
}

/** A new copy of `activities` with `activity` after the service's activities, before the outbox. */
export function insertBeforeOutbox(s: ChatState, activities: Activity[], activity: Activity): Activity[] {
  let at = activities.length;
  while (at > 0 && inOutbox(s, activities[at - 1])) at--;
  return [...activities.slice(0, at), activity, ...activities.slice(at)];
}

/** A copy of a record without `key`. */
export function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const next = { ...record };
  delete next[key];
  return next;
}
