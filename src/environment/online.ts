import { Observable, defer, distinctUntilChanged, fromEvent, map, merge, of, startWith } from 'rxjs';

let shared: Observable<boolean> | undefined;

/**
 * Whether the network is up, the current value first (read at each subscription: a retry that
 * waits for the network sees it as it is then). In a browser it follows the window's
 * online/offline events; elsewhere it is always true. Inject your own for React Native,
 * Capacitor, or tests.
 */
export function defaultOnline$(): Observable<boolean> {
  // one for every connection: it reads the environment at each subscription
  return (shared ??= defer(() => {
    const g = globalThis as { window?: EventTarget; navigator?: { onLine?: boolean } };
    if (g.window && typeof g.window.addEventListener === 'function' && g.navigator && typeof g.navigator.onLine === 'boolean') {
      const win = g.window;
      return merge(fromEvent(win, 'online').pipe(map(() => true)), fromEvent(win, 'offline').pipe(map(() => false))).pipe(
        startWith(g.navigator.onLine !== false),
        distinctUntilChanged(),
      );
    }
    return of(true);
  }));
}
