import { BehaviorSubject, filter, tap } from 'rxjs';
import type { Observable, SchedulerLike, Subscription } from 'rxjs';
import type { DirectLineConnection } from '../connection';
import { ConnectionStatus } from '../connection-status';
import { CurrentValue } from './current-value';
import { SendingGrace } from './sending-grace';

/**
 * The status Web Chat sees: the status of whichever connection is current, never a step back to
 * Uninitialized, with a reconnect held back by the sending grace while a message waits; Ended once
 * the object ended, and nothing after it.
 */
export class StatusRelay {
  private readonly subject = new BehaviorSubject<ConnectionStatus>(ConnectionStatus.Uninitialized);
  private readonly grace: SendingGrace;
  private ended = false;
  /** The status as Web Chat reads it: replayed to each subscriber, readable as `value`. */
  readonly status$ = new CurrentValue(this.subject);

  constructor(graceMs: number, scheduler: SchedulerLike) {
    this.grace = new SendingGrace(
      graceMs,
      scheduler,
      () => this.subject.value,
      (status) => this.set(status),
    );
  }

  get value(): ConnectionStatus {
    return this.subject.value;
  }

  /** Reports a status of this object's own (a switch of connection), unless it is the current one or the object ended. */
  set(next: ConnectionStatus): void {
    if (!this.ended && this.subject.value !== next) this.subject.next(next);
  }

  /** Relays a connection's statuses (a connection reports Uninitialized before it starts: never a step back). */
  follow(connection: DirectLineConnection): Subscription {
    return connection.connectionStatus$.pipe(filter((s) => s !== ConnectionStatus.Uninitialized)).subscribe((s) => this.grace.next(s));
  }

  /** A message from Web Chat (by its client activity id) goes out: it is in flight until `send$` settles and its echo came. */
  sending<T>(key: string, send$: Observable<T>): Observable<T> {
    this.grace.sent(key);
    return send$.pipe(tap({ next: () => this.grace.answered(key), error: () => this.grace.failed(key) }));
  }

  /** The echo of a message came back on the stream. */
  echoed(key: string): void {
    this.grace.echoed(key);
  }

  /** Reports Ended (once) and stops relaying. */
  end(): void {
    if (this.ended) return;
    if (this.subject.value !== ConnectionStatus.Ended) this.subject.next(ConnectionStatus.Ended);
    this.ended = true;
    this.grace.cancel();
  }

  /** Completes `status$` (after `end()`). */
  complete(): void {
    this.subject.complete();
  }
}
