import { Observable, Subject } from 'rxjs';
import type { Observer } from 'rxjs';
import { Relay } from '../../src/stream/relay';

/** A target that records what reaches it, in order. */
function recorder(): Observer<number> & { heard: string[] } {
  const heard: string[] = [];
  return {
    heard,
    next: (v) => heard.push(`next ${v}`),
    error: (e) => heard.push(`error ${(e as Error).message}`),
    complete: () => heard.push('complete'),
  };
}

describe('Relay', () => {
  it('is subscribed as it is: the source talks to the relay itself, not to a wrapper', () => {
    let given: unknown;
    const relay = new Relay(recorder());
    const returned = new Observable<number>((subscriber) => {
      given = subscriber;
    }).subscribe(relay);
    expect(given).toBe(relay);
    expect(returned).toBe(relay);
  });

  it('passes values, then the error, to its target, and nothing after', () => {
    const target = recorder();
    const source = new Subject<number>();
    source.subscribe(new Relay(target));
    source.next(1);
    source.next(2);
    source.error(new Error('gone'));
    source.next(3);
    expect(target.heard).toEqual(['next 1', 'next 2', 'error gone']);
  });

  it('stops at its end: later values and a second end are ignored', () => {
    const target = recorder();
    const relay = new Relay(target);
    relay.next(1);
    relay.complete();
    relay.next(2);
    relay.complete();
    relay.error(new Error('late'));
    expect(target.heard).toEqual(['next 1', 'complete']);
  });

  it('tears its source down before the target hears a later error (the target may start the next source at once); a source that fails while subscribing is torn down once its teardown is known', () => {
    const order: string[] = [];
    const source = new Observable<number>((subscriber) => {
      subscriber.next(1);
      subscriber.error(new Error('failed'));
      return () => order.push('teardown');
    });
    // the error comes while subscribing: the teardown runs as soon as rxjs has it
    const lateSource = new Observable<number>((subscriber) => {
      queueMicrotask(() => subscriber.error(new Error('later')));
      return () => order.push('teardown of late');
    });
    const relay = new Relay<number>({
      next: (v) => order.push(`next ${v}`),
      error: (e) => order.push(`error ${(e as Error).message}`),
      complete: () => undefined,
    });
    source.subscribe(relay);
    expect(relay.closed).toBe(true);
    expect(order).toEqual(['next 1', 'error failed', 'teardown']);

    order.length = 0;
    const late = new Relay<number>({
      next: () => undefined,
      error: (e) => order.push(`error ${(e as Error).message}`),
      complete: () => undefined,
    });
    lateSource.subscribe(late);
    return Promise.resolve().then(() => {
      expect(order).toEqual(['teardown of late', 'error later']);
    });
  });

  it('unsubscribing it tears its source down and silences it', () => {
    const target = recorder();
    let tornDown = false;
    let emit: (v: number) => void = () => undefined;
    const relay = new Observable<number>((subscriber) => {
      emit = (v) => subscriber.next(v);
      return () => (tornDown = true);
    }).subscribe(new Relay(target));
    emit(1);
    relay.unsubscribe();
    emit(2);
    expect(tornDown).toBe(true);
    expect(target.heard).toEqual(['next 1']);
  });
});
