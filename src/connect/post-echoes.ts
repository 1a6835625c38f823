import type { Activity } from '../protocol/activity';
import { isObject } from '../protocol/guards';
import { randomId } from './random-id';

/** The key Web Chat and this library put on a posted activity to recognise its echo. */
export const CLIENT_ACTIVITY_ID = 'clientActivityID';

/** A new random client activity id, for posts that come without one. */
export function randomClientActivityId(): string {
  return randomId('rx-');
}

/** The `channelData.clientActivityID` of an activity, when it has one. */
export function clientActivityIdOf(activity: Activity): string | undefined {
  const channelData: unknown = activity.channelData;
  if (!isObject(channelData)) return undefined;
  const id = channelData[CLIENT_ACTIVITY_ID];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Gives a post a `channelData.clientActivityID` (kept when it has one), so that its echo on the
 * stream can be told apart. Activities whose `channelData` is not an object are left as they are.
 */
export function withClientActivityId(activity: Activity, newId: () => string): Activity {
  if (clientActivityIdOf(activity) !== undefined) return activity;
  const channelData: unknown = activity.channelData;
  if (channelData !== undefined && !isObject(channelData)) return activity;
  return { ...activity, channelData: { ...(channelData ?? {}), [CLIENT_ACTIVITY_ID]: newId() } };
}

/** A post waiting for its fate; `id` is set once its echo came back on the stream. */
export interface PendingPost {
  readonly key: string;
  id?: string;
}

/**
 * The posts in flight, by client activity id, and the service id of each one whose echo came back
 * on the stream: a post whose activity reached the conversation is a success even when its HTTP
 * answer is lost to `end()` or to the network.
 */
export class PostEchoes {
  private readonly pending = new Map<string, PendingPost>();

  constructor(private readonly userId: () => string) {}

  /** Starts waiting for the echo of the post with this key. */
  expect(key: string): PendingPost {
    const post: PendingPost = { key };
    this.pending.set(key, post);
    return post;
  }

  /** Stops waiting for a post (it settled). */
  forget(post: PendingPost): void {
    if (this.pending.get(post.key) === post) this.pending.delete(post.key);
  }

  /** Notes an activity delivered on the stream: the echo of one of our posts, or not. */
  note(activity: Activity): void {
    if (this.pending.size === 0 || activity.from?.id !== this.userId() || typeof activity.id !== 'string') return;
    const key = clientActivityIdOf(activity);
    const post = key === undefined ? undefined : this.pending.get(key);
    if (post && post.id === undefined) post.id = activity.id;
  }
}
