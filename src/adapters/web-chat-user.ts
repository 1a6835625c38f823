import type { ConnectOptions } from '../options';
import type { Activity, ChannelAccount } from '../protocol/activity';

/**
 * The user Web Chat posts as: given in the options, set by `setUserId`, or adopted from the first
 * post's `from.id`. Once fixed, every post goes out as that user, whatever `from.id` it carries (as
 * the official client does).
 */
export class WebChatUser {
  private userId?: string;

  constructor(private readonly given?: ChannelAccount) {
    this.userId = given?.id;
  }

  /** Whether the user is fixed. */
  get fixed(): boolean {
    return !!this.userId;
  }

  /** Fixes the user (unless it already is); true when it did. */
  fix(userId: string): boolean {
    if (this.userId) return false;
    this.userId = userId;
    return true;
  }

  /** What `connect()` is given for the user: the fixed one, or to adopt the first post's. */
  options(): Partial<ConnectOptions> {
    return this.userId ? { user: { ...this.given, id: this.userId } } : { adoptUser: true };
  }

  /** A post as it goes out: its `from.id` fixes the user if none is yet, else it is set to the user's. */
  outgoing(activity: Activity): Activity {
    if (!activity || typeof activity !== 'object') return activity;
    const fromId = activity.from && typeof activity.from === 'object' ? activity.from.id : undefined;
    if (!this.userId && typeof fromId === 'string' && fromId !== '') this.userId = fromId;
    else if (this.userId && fromId !== this.userId) return { ...activity, from: { ...(activity.from ?? {}), id: this.userId } };
    return activity;
  }
}
