import { tap } from 'rxjs/operators';
import { TestScheduler } from 'rxjs/testing';
import { defaultOnline$ } from '../../src/environment/online';

const values = { t: true, f: false };

/** A browser window's online/offline events: an EventTarget that counts its listeners. */
class FakeWindow extends EventTarget {
  listeners = 0;

  override addEventListener(...args: Parameters<EventTarget['addEventListener']>): void {
    this.listeners++;
    super.addEventListener(...args);
  }

  override removeEventListener(...args: Parameters<EventTarget['removeEventListener']>): void {
    this.listeners--;
    super.removeEventListener(...args);
  }
}

type Globals = { window?: unknown; navigator?: unknown };
const globals = globalThis as Globals;
const saved = {
  window: Object.getOwnPropertyDescriptor(globalThis, 'window'),
  navigator: Object.getOwnPropertyDescriptor(globalThis, 'navigator'),
};

/** Puts a window and a navigator on globalThis, as a browser has them. */
function installBrowser(onLine: unknown): { win: FakeWindow; navigator: { onLine: unknown }; goOnline: () => void; goOffline: () => void } {
  const win = new FakeWindow();
  const navigator = { onLine };
  Object.defineProperty(globalThis, 'window', { value: win, configurable: true, writable: true });
  Object.defineProperty(globalThis, 'navigator', { value: navigator, configurable: true, writable: true });
  return {
    win,
    navigator,
    goOnline: () => {
      navigator.onLine = true;
      win.dispatchEvent(new Event('online'));
    },
    goOffline: () => {
      navigator.onLine = false;
      win.dispatchEvent(new Event('offline'));
    },
  };
}

afterEach(() => {
  for (const name of ['window', 'navigator'] as const) {
    const descriptor = saved[name];
    if (descriptor) Object.defineProperty(globalThis, name, descriptor);
    else delete globals[name];
  }
});

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('defaultOnline$', () => {
  it('outside a browser (no window): always online, one value then complete', () => {
    delete globals.window;
    newScheduler().run(({ expectObservable }) => {
      expectObservable(defaultOnline$()).toBe('(t|)', values);
    });
  });

  it.each([
    [
      'a window without navigator',
      () => Object.defineProperty(globalThis, 'window', { value: new FakeWindow(), configurable: true, writable: true }),
    ],
    ['a navigator whose onLine is not a boolean', () => installBrowser(undefined)],
    [
      'a window that is not an EventTarget',
      () => installBrowser(true) && Object.defineProperty(globalThis, 'window', { value: {}, configurable: true, writable: true }),
    ],
  ])('with %s: always online', (_name, install) => {
    delete globals.navigator;
    install();
    newScheduler().run(({ expectObservable }) => {
      expectObservable(defaultOnline$()).toBe('(t|)', values);
    });
  });

  it("in a browser: the current state first, then each change of the window's online/offline events, without repeats", () => {
    const browser = installBrowser(true);
    newScheduler().run(({ hot, expectObservable }) => {
      const network = hot('--f--f--n--n--f', { f: 'offline', n: 'online' }).pipe(
        tap((e) => (e === 'online' ? browser.goOnline() : browser.goOffline())),
      );
      expectObservable(network);
      expectObservable(defaultOnline$(), '^ 20ms !').toBe('t-f-----t-----f', values);
    });
  });

  it('starts offline when the browser is offline', () => {
    installBrowser(false);
    newScheduler().run(({ expectObservable }) => {
      expectObservable(defaultOnline$(), '^ 5ms !').toBe('f', values);
    });
  });

  it('reads the state when subscribed, not when created: a retry that waits for the network sees it as it is now', () => {
    const browser = installBrowser(false);
    const online$ = defaultOnline$();
    browser.goOnline(); // while nobody listened
    newScheduler().run(({ expectObservable }) => {
      expectObservable(online$, '^ 5ms !').toBe('t', values);
    });
    browser.goOffline();
    newScheduler().run(({ expectObservable }) => {
      expectObservable(online$, '^ 5ms !').toBe('f', values);
    });
  });

  it('listens only while subscribed: unsubscribing removes both listeners', () => {
    const { win } = installBrowser(true);
    const seen: boolean[] = [];
    const first = defaultOnline$().subscribe((v) => seen.push(v));
    const second = defaultOnline$().subscribe((v) => seen.push(v));
    expect(win.listeners).toBe(4);
    first.unsubscribe();
    expect(win.listeners).toBe(2);
    second.unsubscribe();
    expect(win.listeners).toBe(0);
    win.dispatchEvent(new Event('offline'));
    expect(seen).toEqual([true, true]);
  });
});
