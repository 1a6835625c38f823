import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';

/** A silence watchdog: `touch()` at each frame; `onSilent` runs once nothing touched it for `silenceMs`. */
export interface SilenceWatch extends Subscription {
  touch(): void;
}

/**
 * Calls `onSilent` once `silenceMs` pass (on `scheduler`) without a `touch()`, counted from the
 * start. One timer for the whole stay, however many frames: a touch only records the time, and
 * the timer, when it fires early, waits again for what is left. Unsubscribing cancels it.
 */
export function watchSilence(scheduler: SchedulerLike, silenceMs: number, onSilent: () => void): SilenceWatch {
  let last = scheduler.now();
  const timer = scheduler.schedule(function (this: SchedulerAction<unknown>) {
    const quiet = scheduler.now() - last;
    if (quiet >= silenceMs) onSilent();
    else this.schedule(undefined, silenceMs - quiet);
  }, silenceMs) as SilenceWatch;
  timer.touch = () => {
    last = scheduler.now();
  };
  return timer;
}
