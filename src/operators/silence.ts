import type { SchedulerAction, SchedulerLike, Subscription, Unsubscribable } from 'rxjs';

/** Hears that a watched stream went silent. */
export interface SilenceListener {
  onSilence(): void;
}

/**
 * A silence watchdog: `touch()` at each frame; the listener hears `onSilence()` once nothing
 * touched it for `silenceMs` (on `scheduler`), counted from the start. One timer for the whole
 * stay, however many frames: a touch only records the time, and the timer, when it fires early,
 * waits again for what is left. Unsubscribing cancels it. Its timer is one function for every
 * watch (the watch is the timer's state), so a watch holds no closure.
 */
export class SilenceWatch implements Unsubscribable {
  private last: number;
  private readonly timer: Subscription;

  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly silenceMs: number,
    private readonly listener: SilenceListener,
  ) {
    this.last = scheduler.now();
    this.timer = scheduler.schedule(checkSilence, silenceMs, this);
  }

  touch(): void {
    this.last = this.scheduler.now();
  }

  unsubscribe(): void {
    this.timer.unsubscribe();
  }

  /** Called by the timer: silent for long enough, or wait for what is left. */
  check(action: SchedulerAction<SilenceWatch>): void {
    const quiet = this.scheduler.now() - this.last;
    if (quiet >= this.silenceMs) this.listener.onSilence();
    else action.schedule(this, this.silenceMs - quiet);
  }
}

function checkSilence(this: SchedulerAction<SilenceWatch>, watch?: SilenceWatch): void {
  watch?.check(this);
}
