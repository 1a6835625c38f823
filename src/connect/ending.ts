import { Observable, Subject } from 'rxjs';
import { DirectLineError } from '../protocol/errors';

/** The error of anything asked of a connection that has ended. */
export function endedError(): DirectLineError {
  return new DirectLineError('The connection has ended', { code: 'Ended' });
}

/** Whether `end()` was called, and the moment it was. */
export class Ending {
  private done = false;
  private readonly signal = new Subject<void>();
  /** Emits once, at `end()`, then completes. */
  readonly ended$: Observable<void> = this.signal.asObservable();

  get ended(): boolean {
    return this.done;
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    this.signal.next();
    this.signal.complete();
  }

  /** Runs `source` until `end()`, which aborts it with an Ended error; after `end()`, errors at once. */
  untilEnded<T>(source: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      if (this.done) {
        subscriber.error(endedError());
        return undefined;
      }
      const stop = this.signal.subscribe(() => subscriber.error(endedError()));
      const run = source.subscribe(subscriber);
      return () => {
        stop.unsubscribe();
        run.unsubscribe();
      };
    });
  }
}
