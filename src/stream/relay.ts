import { Subscription } from 'rxjs';
import type { Observer } from 'rxjs';

/**
 * The one piece of hand-written plumbing on the receive path: an observer that is its own
 * subscription, passing what it hears to `target`. rxjs subscribes an object that is both an
 * observer and a subscription as it is, without wrapping it in a subscriber of its own, so a frame
 * crosses each stage (socket → stream → attempt → retries → feed) in two calls.
 *
 * Like rxjs's subscribers it stops at its first error or end: it unsubscribes from its source (and
 * runs every teardown added to it) before passing the error or end on, and ignores anything after.
 * The target's methods are called as methods: a stage is an object, and holds no closures for it.
 *
 * @internal
 */
export class Relay<T> extends Subscription implements Observer<T> {
  constructor(private readonly target: Observer<T>) {
    super();
  }

  next(value: T): void {
    if (!this.closed) this.target.next(value);
  }

  error(err: unknown): void {
    if (this.closed) return;
    this.unsubscribe();
    this.target.error(err);
  }

  complete(): void {
    if (this.closed) return;
    this.unsubscribe();
    this.target.complete();
  }
}
