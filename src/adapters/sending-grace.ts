import { timer } from 'rxjs';
import type { SchedulerLike, Subscription } from 'rxjs';
import { ConnectionStatus } from '../connection-status';

/**
 * Web Chat gives up on every message in flight — waiting for its post's answer or for its echo —
 * as soon as the status leaves Online: it marks them *Send failed*, and its *Retry* sends them
 * again, a turn the bot would see twice. While such a message waits, a reconnect is reported as
 * Connecting only once it has lasted `graceMs`; one that is back sooner (most are: the first
 * reconnect goes at once) never reaches Web Chat. With nothing in flight, every status is passed
 * on as it comes.
 */
export class SendingGrace {
  /** Messages in flight by client activity id: what each still waits for. */
  private readonly awaiting = new Map<string, { answer: boolean; echo: boolean }>();
  private held?: Subscription;
  private latest?: ConnectionStatus;

  constructor(
    private readonly graceMs: number,
    private readonly scheduler: SchedulerLike,
    private readonly current: () => ConnectionStatus,
    private readonly report: (status: ConnectionStatus) => void,
  ) {}

  /** A message from Web Chat (by its client activity id) is posted: it waits for the answer and the echo. */
  sent(key: string): void {
    this.awaiting.set(key, { answer: true, echo: true });
  }

  /** Its post answered with an id. */
  answered(key: string): void {
    this.settle(key, 'answer');
  }

  /** Its echo came back on the stream. */
  echoed(key: string): void {
    this.settle(key, 'echo');
  }

  /** Its post failed: Web Chat already knows. */
  failed(key: string): void {
    this.awaiting.delete(key);
  }

  private settle(key: string, what: 'answer' | 'echo'): void {
    const waits = this.awaiting.get(key);
    if (!waits) return;
    waits[what] = false;
    if (!waits.answer && !waits.echo) this.awaiting.delete(key);
  }

  /** A status of the connection: passed on, or, for a reconnect while messages wait, held back. */
  next(status: ConnectionStatus): void {
    this.latest = status;
    if (
      status === ConnectionStatus.Connecting &&
      this.current() === ConnectionStatus.Online &&
      this.awaiting.size > 0 &&
      this.graceMs > 0
    ) {
      this.held ??= timer(this.graceMs, this.scheduler).subscribe(() => {
        this.held = undefined;
        this.awaiting.clear(); // they had their grace: Web Chat decides on them now
        if (this.latest !== undefined) this.report(this.latest);
      });
      return;
    }
    this.cancel();
    this.report(status);
  }

  cancel(): void {
    this.held?.unsubscribe();
    this.held = undefined;
  }
}
