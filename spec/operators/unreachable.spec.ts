import { BehaviorSubject, of } from 'rxjs';
import type { Conversation } from '../../src/protocol/activity';
import { DirectLineError } from '../../src/protocol/errors';
import { reconnect$ } from '../../src/operators/reconnect';
import { retryCall } from '../../src/operators/retry-policy';
import { newServerContact } from '../../src/operators/server-contact';
import type { StreamEvent } from '../../src/stream/websocket';
import { OPEN, newScheduler, record, scripted } from './marble-helpers';

const conversation: Conversation = { conversationId: 'c1', token: 't', streamUrl: 'ws://u' };
const refused = () =>
  new DirectLineError('Start conversation failed: connection refused (ECONNREFUSED) at http://127.0.0.1:1', {
    code: 'NetworkError',
    status: 0,
    retryable: true,
  });
const serverError = () => new DirectLineError('HTTP 500', { status: 500, retryable: true });

describe('a connection that never reached any server gives up after unreachableMs', () => {
  it('the start: attempts with backoff, the last one at 15 s, then Unreachable naming the last cause', () => {
    const scheduler = newScheduler();
    const retries: string[] = [];
    scheduler.run(({ cold, expectObservable }) => {
      const { call$, calls } = scripted(Array.from({ length: 20 }, () => cold<Conversation>('5ms #', undefined, refused())));
      const out = call$.pipe(
        retryCall<Conversation>({ scheduler, random: () => 0.5 }, (attempt, delayMs) => retries.push(`${attempt}@${delayMs}`)),
      );
      // attempts at 0, 255, 760, 1765, 3770, 7775, and the last one capped to start at 15 000
      const error = new DirectLineError(
        'No server answered in 15 s (7 attempts): Start conversation failed: connection refused (ECONNREFUSED) at http://127.0.0.1:1',
        { code: 'Unreachable', status: 0 },
      );
      expectObservable(out).toBe('15005ms #', undefined, error);
      scheduler.flush();
      expect(calls.count).toBe(7);
    });
    expect(retries).toEqual(['1@250', '2@500', '3@1000', '4@2000', '5@4000', '6@7220']);
  });

  it('the limit is an option; a server that answers (500s) is not unreachable: the retry budget ends it, later', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const quick = scripted(Array.from({ length: 20 }, () => cold<Conversation>('5ms #', undefined, refused())));
      expectObservable(quick.call$.pipe(retryCall<Conversation>({ scheduler, random: () => 0.5, unreachableMs: 1000 }))).toBe(
        '1005ms #',
        undefined,
        expect.objectContaining({ code: 'Unreachable', message: expect.stringContaining('No server answered in 1 s (4 attempts)') }),
      );
      const answering = scripted(Array.from({ length: 20 }, () => cold<Conversation>('5ms #', undefined, serverError())));
      // 11 attempts: 55 ms of answers, and waits of 250 + 500 + … + 8 000 + 4 × 15 000: far past 15 s
      expectObservable(answering.call$.pipe(retryCall<Conversation>({ scheduler, random: () => 0.5, maxRetries: 10 }))).toBe(
        '75805ms #',
        undefined,
        expect.objectContaining({ code: 'RetriesExhausted' }),
      );
    });
  });

  it('once any server answered the connection (shared contact), network errors no longer end it at 15 s', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const contact = newServerContact();
      const started = scripted([cold('5ms (c|)', { c: conversation })]);
      expectObservable(started.call$.pipe(retryCall<Conversation>({ scheduler, contact }))).toBe('5ms (c|)', { c: conversation });
      const later = scripted(Array.from({ length: 20 }, () => cold<Conversation>('5ms #', undefined, refused())));
      expectObservable(later.call$.pipe(retryCall<Conversation>({ scheduler, contact, random: () => 0.5, maxRetries: 10 }))).toBe(
        '75805ms #',
        undefined,
        expect.objectContaining({ code: 'RetriesExhausted' }),
      );
    });
  });

  it('time offline does not count: back online, the attempts have the whole 15 s again', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const online$ = new BehaviorSubject(true);
      scheduler.schedule(() => online$.next(false), 1000);
      scheduler.schedule(() => online$.next(true), 60000);
      const { call$ } = scripted(Array.from({ length: 20 }, () => cold<Conversation>('5ms #', undefined, refused())));
      // offline from 1 000 to 60 000: the retry due at 1 765 waits for it, then the 15 s start again at 60 000:
      // attempts at 60 000, 62 005, 66 010, 74 015 and the last at 75 000
      const out = call$.pipe(retryCall<Conversation>({ scheduler, random: () => 0.5, online$, maxRetries: 100 }));
      expectObservable(out).toBe('75005ms #', undefined, expect.objectContaining({ code: 'Unreachable' }));
    });
  });

  it('a resumed stream whose reconnect call never gets an answer fails Unreachable; one that went Online does not', () => {
    const scheduler = newScheduler();
    const logs: string[][] = [[], []];
    scheduler.run(({ cold }) => {
      const resumed = scripted(Array.from({ length: 20 }, () => cold<Conversation>('5ms #', undefined, refused())));
      const options = {
        getConversation: () => resumed.call$,
        openSocket: () => cold<StreamEvent>('o', { o: OPEN }),
        getWatermark: () => undefined,
        random: () => 0.5,
        silenceMs: 1e9,
      };
      record(scheduler, of({ conversationId: 'c1' }).pipe(reconnect$(options)), logs[0], 1e6);

      // online once (a socket opened, then closed), then nothing answers: the retry budget, not the 15 s, ends it
      let n = 0;
      const answers = [
        cold('5ms (g|)', { g: conversation }),
        ...Array.from({ length: 20 }, () => cold<Conversation>('5ms #', undefined, refused())),
      ];
      const wasOnline = {
        ...options,
        getConversation: () => answers[n++],
        openSocket: () => cold<StreamEvent>('o 5ms #', { o: OPEN }, refused()),
      };
      record(scheduler, of({ conversationId: 'c1' }).pipe(reconnect$(wasOnline)), logs[1], 1e6);
      scheduler.flush();
    });
    expect(logs[0].at(-1)).toBe('15005:error Unreachable');
    expect(logs[1].at(-1)).toMatch(/^\d+:error RetriesExhausted$/);
    expect(Number(logs[1].at(-1)?.split(':')[0])).toBeGreaterThan(60000);
  });
});
