import { BehaviorSubject, NEVER, Observable, of, Subject } from 'rxjs';
import type { ColdObservable } from 'rxjs/internal/testing/ColdObservable';
import { reconnect$ } from '../../src/operators/reconnect';
import type { ReconnectOptions, StreamSource } from '../../src/operators/reconnect';
import { DirectLineError } from '../../src/protocol/errors';
import type { ActivitySet, Conversation } from '../../src/protocol/activity';
import type { StreamEvent } from '../../src/stream/websocket';
import { KEEP, OPEN, frame, label, newScheduler, record } from './marble-helpers';
import { map } from 'rxjs/operators';

const conv = (n: number): Conversation => ({ conversationId: 'c1', token: `tok${n}`, streamUrl: `ws://u${n}` });
const http = (status: number, retryAfterMs?: number) =>
  new DirectLineError(`HTTP ${status}`, { status, retryable: status >= 500 || status === 429, retryAfterMs });
const closed = () => new DirectLineError('closed', { code: 'SocketClosed', retryable: true });
const handshake = () => new DirectLineError('handshake', { code: 'SocketHandshakeFailed', status: 403, retryable: true });

type Harness = {
  sockets: ColdObservable<StreamEvent>[];
  opened: string[];
  gets: (string | undefined)[];
  options: ReconnectOptions;
  setWatermark: (watermark: string) => void;
};

/** Wires reconnect$ to scripted sockets and GET answers, in order of use. */
function harness(
  sockets: ColdObservable<StreamEvent>[],
  answers: Observable<Conversation>[],
  extra: Partial<ReconnectOptions> = {},
): Harness {
  let watermark: string | undefined;
  const h = {
    sockets,
    opened: [] as string[],
    gets: [] as (string | undefined)[],
    setWatermark: (w: string) => void (watermark = w),
  } as unknown as Harness;
  let s = 0;
  let g = 0;
  h.options = {
    getConversation: (wm) => {
      h.gets.push(wm);
      return answers[g++] ?? NEVER;
    },
    openSocket: (url) => {
      h.opened.push(url);
      return sockets[s++] ?? NEVER;
    },
    getWatermark: () => watermark,
    random: () => 0.5,
    silenceMs: 1000,
    stableMs: 500,
    ...extra,
  };
  return h;
}

describe('reconnect$', () => {
  it('opens the fresh streamUrl it was given without asking for another, then streams frames', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const socket = cold<StreamEvent>('o 9ms a 9ms k', { o: OPEN, a: frame(['1', '2'], 'w2'), k: KEEP });
      const h = harness([socket], []);
      const out = of(conv(0)).pipe(reconnect$(h.options));
      expectObservable(out.pipe(labelled()), '^ 30ms !').toBe('(co) 6ms s', { c: 'c0', o: 'o', s: 's[1,2]w2' });
      expectSubscriptions(socket.subscriptions).toBe('^ 30ms !');
    });
  });

  it('guarantee 4: never opens a streamUrl past its deadline; asks GET /conversations for a new one first', () => {
    const scheduler = newScheduler();
    const log: string[] = [];
    scheduler.run(({ cold }) => {
      const socket = cold<StreamEvent>('o', { o: OPEN });
      const h = harness([socket], [cold('5ms (g|)', { g: conv(1) })], { streamUrlLifetimeMs: 60000, silenceMs: 1e9 });
      scheduler.schedule(() => {
        record(scheduler, of({ ...conv(0), receivedAt: 0 }).pipe(reconnect$(h.options)), log);
      }, 56000);
      scheduler.flush();
      expect(h.opened).toEqual(['ws://u1']);
      expect(h.gets).toEqual([undefined]);
    });
    expect(log).toEqual(['56000:c0', '56005:g', '56005:o']);
  });

  it('guarantees 1 and 6: after a stay Online, the first reconnect goes at once, asks a new URL with the newest watermark, and never holds two sockets', () => {
    const scheduler = newScheduler();
    const log: string[] = [];
    scheduler.run(({ cold, expectSubscriptions }) => {
      const s1 = cold<StreamEvent>('o 9ms a 9ms #', { o: OPEN, a: frame(['1'], 'w1') }, closed());
      const s2 = cold<StreamEvent>('o 9ms a', { o: OPEN, a: frame(['2'], 'w2') });
      const h = harness([s1, s2], [cold('10ms (g|)', { g: conv(1) })]);
      const sub = record(scheduler, of(conv(0)).pipe(reconnect$(h.options)), log);
      // imitate delivery recording the watermark
      scheduler.schedule(() => h.setWatermark('w1'), 11);
      scheduler.schedule(() => sub.unsubscribe(), 400);
      scheduler.flush();
      // the first retry after a stay Online waits nothing; then GET (10 ms); then the second socket
      expectSubscriptions(s1.subscriptions).toBe('^ 19ms !');
      expectSubscriptions(s2.subscriptions).toBe('30ms ^ 369ms !');
      expect(h.gets).toEqual(['w1']);
      expect(h.opened).toEqual(['ws://u0', 'ws://u1']);
    });
    expect(log).toEqual(['0:c0', '0:o', '10:s[1]w1', '20:c1@0(SocketClosed)', '30:g', '30:o', '40:s[2]w2']);
  });

  it('guarantee 11: a socket that goes silent (no frame, keep-alives included) is closed and replaced', () => {
    const scheduler = newScheduler();
    const log: string[] = [];
    scheduler.run(({ cold, expectSubscriptions }) => {
      const s1 = cold<StreamEvent>('o 499ms k', { o: OPEN, k: KEEP }); // then nothing
      const s2 = cold<StreamEvent>('o', { o: OPEN });
      const h = harness([s1, s2], [cold('(g|)', { g: conv(1) })]);
      const sub = record(scheduler, of(conv(0)).pipe(reconnect$(h.options)), log);
      scheduler.schedule(() => sub.unsubscribe(), 3000);
      scheduler.flush();
      expectSubscriptions(s1.subscriptions).toBe('^ 1499ms !');
      expectSubscriptions(s2.subscriptions).toBe('1500ms ^ 999ms !');
    });
    expect(log).toEqual(['0:c0', '0:o', '1500:c1@0(SocketSilent)', '1500:g', '1500:o', '2500:c1@0(SocketSilent)']);
  });

  it('backs off exponentially on 5xx of the GET, then recovers; after a stable stay the next reconnect goes at once', () => {
    const scheduler = newScheduler();
    const log: string[] = [];
    scheduler.run(({ cold }) => {
      const s1 = cold<StreamEvent>('#', undefined, closed());
      const s2 = cold<StreamEvent>('o 599ms #', { o: OPEN }, closed());
      const answers = [
        cold<Conversation>('#', undefined, http(500)),
        cold<Conversation>('#', undefined, http(502)),
        cold('(g|)', { g: conv(1) }),
      ];
      const h = harness([s1, s2], answers, { fallbackToPollingAfter: 0 });
      const sub = record(scheduler, of(conv(0)).pipe(reconnect$(h.options)), log);
      scheduler.schedule(() => sub.unsubscribe(), 2400);
      scheduler.flush();
    });
    // never online: delays 250 (attempt 1), 500 (attempt 2), 1000 (attempt 3); online at 1750, stable after 500 ms → at once
    expect(log).toEqual([
      '0:c0',
      '0:c1@250(SocketClosed)',
      '250:c2@500(500)',
      '750:c3@1000(502)',
      '1750:g',
      '1750:o',
      '2350:c1@0(SocketClosed)',
    ]);
  });

  it('guarantee 8: waits Retry-After on 429 and 503 instead of the backoff', () => {
    const scheduler = newScheduler();
    const log: string[] = [];
    scheduler.run(({ cold }) => {
      const answers = [
        cold<Conversation>('#', undefined, http(429, 7000)),
        cold<Conversation>('#', undefined, http(503, 3000)),
        cold('(g|)', { g: conv(1) }),
      ];
      const h = harness([cold<StreamEvent>('o', { o: OPEN })], answers, { silenceMs: 1e9 });
      record(scheduler, of({ conversationId: 'c1' }).pipe(reconnect$(h.options)), log);
      scheduler.flush();
    });
    expect(log).toEqual(['0:c0', '0:c1@7000(429)', '7000:c2@3000(503)', '10000:g', '10000:o']);
  });

  it('guarantee 8: Retry-After 0 never waits less than the backoff step; back Online once the server recovers', () => {
    const scheduler = newScheduler();
    const log: string[] = [];
    scheduler.run(({ cold }) => {
      const answers = [...Array.from({ length: 5 }, () => cold<Conversation>('#', undefined, http(429, 0))), cold('(g|)', { g: conv(1) })];
      const h = harness([cold<StreamEvent>('o', { o: OPEN })], answers, { silenceMs: 1e9 });
      record(scheduler, of({ conversationId: 'c1' }).pipe(reconnect$(h.options)), log);
      scheduler.flush();
    });
    // the backoff's steps (random 0.5): 250, 500, 1000, 2000, 4000; Retry-After 0 shortens none of them
    expect(log).toEqual([
      '0:c0',
      '0:c1@250(429)',
      '250:c2@500(429)',
      '750:c3@1000(429)',
      '1750:c4@2000(429)',
      '3750:c5@4000(429)',
      '7750:g',
      '7750:o',
    ]);
  });

  it('guarantee 8: a huge Retry-After is capped at maxRetryAfterMs (default 60 s), then the call is made again', () => {
    const scheduler = newScheduler();
    const logs: string[][] = [[], []];
    scheduler.run(({ cold }) => {
      const script = () => [cold<Conversation>('#', undefined, http(503, 99999999000)), cold('(g|)', { g: conv(1) })];
      const byDefault = harness([cold<StreamEvent>('o', { o: OPEN })], script(), { silenceMs: 1e9 });
      record(scheduler, of({ conversationId: 'c1' }).pipe(reconnect$(byDefault.options)), logs[0], 1e6);
      const capped = harness([cold<StreamEvent>('o', { o: OPEN })], script(), { silenceMs: 1e9, maxRetryAfterMs: 5000 });
      record(scheduler, of({ conversationId: 'c1' }).pipe(reconnect$(capped.options)), logs[1], 1e6);
      scheduler.flush();
    });
    expect(logs[0]).toEqual(['0:c0', '0:c1@60000(503)', '60000:g', '60000:o']);
    expect(logs[1]).toEqual(['0:c0', '0:c1@5000(503)', '5000:g', '5000:o']);
  });

  it('404 and 400 are not retried: the error goes through', () => {
    const scheduler = newScheduler();
    const log: string[] = [];
    scheduler.run(({ cold }) => {
      const h = harness([], [cold<Conversation>('3ms #', undefined, new DirectLineError('gone', { status: 404, code: 'NotFound' }))]);
      record(scheduler, of({ conversationId: 'c1' }).pipe(reconnect$(h.options)), log);
      scheduler.flush();
    });
    expect(log).toEqual(['0:c0', '3:error NotFound']);
  });

  it('403: asks onForbidden for new credentials and retries at once when they come', () => {
    const scheduler = newScheduler();
    const log: string[] = [];
    const renewed = new Subject<string>();
    scheduler.run(({ cold }) => {
      const answers = [
        cold<Conversation>('#', undefined, new DirectLineError('expired', { status: 403, code: 'TokenExpired' })),
        cold('(g|)', { g: conv(1) }),
      ];
      const onForbidden = jest.fn(() => renewed);
      const h = harness([cold<StreamEvent>('o', { o: OPEN })], answers, { onForbidden, silenceMs: 1e9 });
      record(scheduler, of({ conversationId: 'c1' }).pipe(reconnect$(h.options)), log);
      scheduler.schedule(() => renewed.next('new'), 4000);
      scheduler.flush();
      expect(onForbidden).toHaveBeenCalledTimes(1);
    });
    expect(log).toEqual(['0:c0', '0:c1@0(TokenExpired)', '4000:g', '4000:o']);
  });

  it('a retry budget ends in RetriesExhausted', () => {
    const scheduler = newScheduler();
    const log: string[] = [];
    scheduler.run(({ cold }) => {
      const fail = () => cold<Conversation>('#', undefined, http(500));
      const h = harness([], [fail(), fail(), fail()], { maxRetries: 2 });
      record(scheduler, of({ conversationId: 'c1' }).pipe(reconnect$(h.options)), log);
      scheduler.flush();
    });
    expect(log).toEqual(['0:c0', '0:c1@250(500)', '250:c2@500(500)', '750:error RetriesExhausted']);
  });

  it('gives up on WebSockets after repeated handshake failures while HTTP works', () => {
    const scheduler = newScheduler();
    const log: string[] = [];
    scheduler.run(({ cold }) => {
      const bad = () => cold<StreamEvent>('2ms #', undefined, handshake());
      const h = harness([bad(), bad(), bad()], [cold('(g|)', { g: conv(1) }), cold('(g|)', { g: conv(2) })], { fallbackToPollingAfter: 3 });
      record(scheduler, of(conv(0)).pipe(reconnect$(h.options)), log);
      scheduler.flush();
      expect(h.opened).toEqual(['ws://u0', 'ws://u1', 'ws://u2']);
    });
    expect(log).toEqual([
      '0:c0',
      '2:c1@250(SocketHandshakeFailed)',
      '252:g',
      '254:c2@500(SocketHandshakeFailed)',
      '754:g',
      '756:error WebSocketUnavailable',
    ]);
  });

  it('guarantee 11: while offline no retry is made; coming back online retries at once', () => {
    const scheduler = newScheduler();
    const log: string[] = [];
    const online$ = new BehaviorSubject(true);
    scheduler.run(({ cold }) => {
      const s1 = cold<StreamEvent>('o 99ms #', { o: OPEN }, closed());
      const h = harness([s1, cold<StreamEvent>('o', { o: OPEN })], [cold('(g|)', { g: conv(1) })], { online$, silenceMs: 1e9 });
      record(scheduler, of(conv(0)).pipe(reconnect$(h.options)), log);
      scheduler.schedule(() => online$.next(false), 50);
      scheduler.schedule(() => online$.next(true), 9000);
      scheduler.flush();
      expect(h.gets).toEqual([undefined]);
    });
    expect(log).toEqual(['0:c0', '0:o', '100:c1@0(SocketClosed)', '9000:g', '9000:o']);
  });

  it('a server that accepts and drops every socket at once is not hammered, and never exhausts the budget', () => {
    const scheduler = newScheduler();
    const log: string[] = [];
    scheduler.run(({ cold, expectSubscriptions }) => {
      const drops = Array.from({ length: 6 }, () => cold<StreamEvent>('o 9ms #', { o: OPEN }, closed()));
      const answers = Array.from({ length: 6 }, (_, i) => cold<Conversation>('(g|)', { g: conv(i + 1) }));
      const h = harness(drops, answers, { maxRetries: 2, silenceMs: 1e9 });
      record(scheduler, of(conv(0)).pipe(reconnect$(h.options)), log, 20000);
      scheduler.flush();
      // the first drop is retried at once; from the second in a row the backoff grows: 250, 500, 1000, 2000
      expectSubscriptions(drops[0].subscriptions).toBe('^ 9ms !');
      expectSubscriptions(drops[1].subscriptions).toBe('10ms ^ 9ms !');
      expectSubscriptions(drops[2].subscriptions).toBe('270ms ^ 9ms !');
      expectSubscriptions(drops[3].subscriptions).toBe('780ms ^ 9ms !');
      expectSubscriptions(drops[4].subscriptions).toBe('1790ms ^ 9ms !');
      expectSubscriptions(drops[5].subscriptions).toBe('3800ms ^ 9ms !');
    });
    const retries = log.filter((l) => l.includes(':c') && !l.endsWith(':c0'));
    expect(retries).toEqual([
      '10:c1@0(SocketClosed)',
      '20:c1@250(SocketClosed)',
      '280:c1@500(SocketClosed)',
      '790:c1@1000(SocketClosed)',
      '1800:c1@2000(SocketClosed)',
      '3810:c1@4000(SocketClosed)',
    ]);
    expect(log.some((l) => l.includes('error'))).toBe(false); // each socket opened: the budget of 2 never runs out
  });

  it('the backoff falls back to its first step after a stable stay Online', () => {
    const scheduler = newScheduler();
    const log: string[] = [];
    scheduler.run(({ cold }) => {
      const s1 = cold<StreamEvent>('o 9ms #', { o: OPEN }, closed());
      const s2 = cold<StreamEvent>('o 9ms #', { o: OPEN }, closed());
      const s3 = cold<StreamEvent>('o 999ms #', { o: OPEN }, closed()); // stays 1 s, longer than stableMs (500)
      const answers = [1, 2, 3].map((i) => cold<Conversation>('(g|)', { g: conv(i) }));
      const h = harness([s1, s2, s3], answers, { silenceMs: 1e9 });
      record(scheduler, of(conv(0)).pipe(reconnect$(h.options)), log, 5000);
      scheduler.flush();
    });
    expect(log.filter((l) => /:c[1-9]/.test(l))).toEqual(['10:c1@0(SocketClosed)', '20:c1@250(SocketClosed)', '1270:c1@0(SocketClosed)']);
  });

  it('with no watermark and no fresh URL, catches up before asking for a stream URL; the options may be an object whose methods read `this`', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const socket = cold<StreamEvent>('o 9ms a', { o: OPEN, a: frame(['2'], '2') });
      const held = cold<ActivitySet>('3ms (a|)', { a: { activities: [{ type: 'message', id: '1' }], watermark: '1' } });
      const get = cold<Conversation>('2ms (g|)', { g: conv(1) });
      class Calls implements ReconnectOptions {
        readonly asked: (string | undefined)[] = [];
        readonly opened: string[] = [];
        caughtUp = 0;
        readonly silenceMs = 1000;
        private watermark?: string;
        random(): number {
          return 0.5;
        }
        getConversation(watermark: string | undefined): Observable<Conversation> {
          this.asked.push(watermark);
          return get;
        }
        openSocket(url: string): Observable<StreamEvent> {
          this.opened.push(url);
          return socket;
        }
        getWatermark(): string | undefined {
          return this.watermark;
        }
        catchUp(): Observable<ActivitySet> {
          this.caughtUp++;
          return held;
        }
      }
      const calls = new Calls();
      const out = of<StreamSource>({ conversationId: 'c1' }).pipe(reconnect$(calls));
      // the held activity first (3 ms), then the reconnect call (2 ms), then its socket
      expectObservable(out.pipe(labelled()), '^ 30ms !').toBe('c 2ms s 1ms (go) 6ms t', {
        c: 'c0',
        s: 's[1]1',
        g: 'g',
        o: 'o',
        t: 's[2]2',
      });
      expectSubscriptions(held.subscriptions).toBe('^ 2ms !');
      expectSubscriptions(get.subscriptions).toBe('3ms ^ 1ms !');
      expectSubscriptions(socket.subscriptions).toBe('5ms ^ 25ms !');
      scheduler.flush();
      expect(calls.caughtUp).toBe(1);
      expect(calls.asked).toEqual([undefined]);
      expect(calls.opened).toEqual(['ws://u1']);
    });
  });

  it('unsubscribing closes the socket and cancels a pending retry in the same tick', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectSubscriptions }) => {
      const s1 = cold<StreamEvent>('9ms #', undefined, closed()); // never opened: the retry backs off
      const get = cold<Conversation>('(g|)', { g: conv(1) });
      const h = harness([s1], [get]);
      const sub = of(conv(0)).pipe(reconnect$(h.options)).subscribe();
      scheduler.schedule(() => sub.unsubscribe(), 100); // during the 250 ms backoff
      scheduler.flush();
      expectSubscriptions(s1.subscriptions).toBe('^ 8ms !');
      expectSubscriptions(get.subscriptions).toBe([]);
      expect(h.gets).toEqual([]);
    });
  });
});

function labelled() {
  return map(label);
}
