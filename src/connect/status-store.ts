import { BehaviorSubject } from 'rxjs';
import type { Observable } from 'rxjs';
import { ConnectionStatus } from '../connection-status';
import type { DebugEvent } from '../options';
import type { DirectLineError } from '../protocol/errors';
import { DOMAIN_NOT_FOUND } from '../http/domain';

/**
 * The connection's status: the current one first, then each change, told to the debug hook.
 * After `end()` it is Ended for good and completes.
 */
export class StatusStore {
  private readonly state = new BehaviorSubject<ConnectionStatus>(ConnectionStatus.Uninitialized);
  private ended = false;
  readonly changes$: Observable<ConnectionStatus>;

  constructor(private readonly debug: (event: DebugEvent) => void) {
    // set() never emits the status it already holds, so no distinctUntilChanged per subscriber is needed
    this.changes$ = this.state.asObservable();
  }

  get value(): ConnectionStatus {
    return this.state.value;
  }

  set(next: ConnectionStatus): void {
    if (this.ended || this.state.value === next) return;
    this.state.next(next);
    this.debug({ type: 'status', status: next });
  }

  /** A failure for good: Ended when the conversation is gone (404), FailedToConnect otherwise (a start answered 404 included: the domain is wrong). */
  fail(error: DirectLineError): void {
    this.set(error.status === 404 && error.code !== DOMAIN_NOT_FOUND ? ConnectionStatus.Ended : ConnectionStatus.FailedToConnect);
    this.debug({ type: 'failed', error });
  }

  /** Nobody listens any more, so no socket is open: never claim to be Online or on the way. */
  idle(): void {
    const s = this.state.value;
    if (s === ConnectionStatus.Online || s === ConnectionStatus.Connecting || s === ConnectionStatus.ExpiredToken)
      this.set(ConnectionStatus.Uninitialized);
  }

  /** Ended, for good: emits Ended, and no later change is taken. */
  end(): void {
    this.set(ConnectionStatus.Ended);
    this.ended = true;
  }

  complete(): void {
    this.state.complete();
  }
}
