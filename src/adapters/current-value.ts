import { BehaviorSubject, Observable } from 'rxjs';

/**
 * An observable that replays its current value to each subscriber and lets code read that value
 * synchronously (`value`, `getValue()`), as a BehaviorSubject does, without letting it push values.
 *
 * @internal
 */
export class CurrentValue<T> extends Observable<T> {
  constructor(private readonly subject: BehaviorSubject<T>) {
    super((subscriber) => subject.subscribe(subscriber));
  }

  /** The current value. */
  get value(): T {
    return this.subject.getValue();
  }

  /** The current value (as `BehaviorSubject.getValue()`). */
  getValue(): T {
    return this.subject.getValue();
  }
}
