import type { Activity, ChannelAccount } from '../protocol/activity';
import { randomId } from './random-id';

/**
 * The user of the conversation: `from` of every post, one id for the whole conversation. Given in
 * the options, or a random one; with `adoptUser` (and none given), the `from.id` of the first
 * activity posted becomes the user, and the conversation starts without one until then.
 */
export class ConversationUser {
  private account: ChannelAccount;
  private adoptable: boolean;

  constructor(given: ChannelAccount | undefined, adoptUser: boolean | undefined) {
    this.account = given ? { ...given } : { id: randomId('user-') };
    this.adoptable = adoptUser === true && !given;
  }

  get current(): ChannelAccount {
    return this.account;
  }

  get id(): string {
    return this.account.id;
  }

  /** The user to name when the conversation starts: none while it may still be adopted. */
  forStart(): ChannelAccount | undefined {
    return this.adoptable ? undefined : this.account;
  }

  /** Takes the `from` of the first activity posted as the user, where adoption is on; once. */
  adopt(activity: Activity): void {
    if (!this.adoptable) return;
    this.adoptable = false;
    const from = activity && typeof activity === 'object' ? activity.from : undefined;
    if (from && typeof from.id === 'string' && from.id !== '')
      this.account = { id: from.id, ...(typeof from.name === 'string' ? { name: from.name } : {}) };
  }
}
