// createDirectLine's timing, in virtual time, over scripted connections.
import { BehaviorSubject, NEVER, Observable } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import type { DirectLineConnection } from '../../src/connection';
import { ConnectionStatus } from '../../src/connection-status';
import { createWebChatDirectLine } from '../../src/adapters/web-chat';
import type { ConnectOptions, SessionState } from '../../src/options';
import type { Activity } from '../../src/protocol/activity';
import { newScheduler } from '../operators/marble-helpers';

const act = (id: string): Activity => ({ type: 'message', id, text: id });
const activities = { a: act('a'), b: act('b'), c: act('c') };
const statuses = { 0: 0, 1: 1, 2: 2, 4: 4, 5: 5 } as Record<string, ConnectionStatus>;

interface Script {
  activity$?: Observable<Activity>;
  status$?: Observable<ConnectionStatus>;
  post$?: Observable<string>;
  watermark?: string;
}

type Fake = DirectLineConnection & { options: ConnectOptions; endedAt: number[] };

/** Connections that play scripts, handed out in order by the `connect` given to the adapter. */
function scripted(scheduler: TestScheduler, scripts: Script[]) {
  const made: Fake[] = [];
  const connectWith = (options: ConnectOptions): DirectLineConnection => {
    const script = scripts[made.length] ?? {};
    const session = new BehaviorSubject<SessionState>({ conversationId: options.conversationId ?? 'c1', watermark: script.watermark });
    const fake: Fake = {
      options,
      endedAt: [],
      activity$: script.activity$ ?? NEVER,
      connectionStatus$: script.status$ ?? NEVER,
      session$: session,
      postActivity: () => script.post$ ?? NEVER,
      uploadActivity: () => NEVER,
      getSession: () => session.value,
      setToken: () => undefined,
      getSessionId: () => NEVER,
      end: () => void fake.endedAt.push(scheduler.now()),
    };
    made.push(fake);
    return fake;
  };
  return { made, connectWith };
}

const options = { token: 't1', domain: 'http://127.0.0.1:1/v3/directline' };

describe('createDirectLine in virtual time', () => {
  it('replays what came before to a later subscriber, then goes live; one upstream subscription, kept until end()', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const upstream = cold<Activity>('-a-b--------c', activities);
      const { connectWith } = scripted(scheduler, [{ activity$: upstream }]);
      const directLine = createWebChatDirectLine(options, connectWith);
      scheduler.schedule(() => directLine.end(), 14);
      expectObservable(directLine.activity$).toBe('-a-b--------c-|', activities);
      expectObservable(directLine.activity$, '-----^').toBe('-----(ab)---c-|', activities);
      expectObservable(directLine.activity$, '--^--!').toBe('--ab-', activities);
      expectSubscriptions(upstream.subscriptions).toBe('^-------------!');
    });
  });

  it('nothing starts before someone subscribes to activity$', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectSubscriptions }) => {
      const upstream = cold<Activity>('-a', activities);
      const { connectWith } = scripted(scheduler, [{ activity$: upstream }]);
      const directLine = createWebChatDirectLine(options, connectWith);
      scheduler.schedule(() => directLine.activity$.subscribe(), 4);
      scheduler.schedule(() => directLine.end(), 8);
      expectSubscriptions(upstream.subscriptions).toBe('----^---!');
    });
  });

  it('reconnect(conversation) switches to a connection resumed from the watermark with the URL given; what it replays again is dropped', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const first = cold<Activity>('-a-b', activities);
      const second = cold<Activity>('-b-c', activities);
      const { made, connectWith } = scripted(scheduler, [{ activity$: first, watermark: 'w-b' }, { activity$: second }]);
      const directLine = createWebChatDirectLine(options, connectWith);
      scheduler.schedule(() => directLine.reconnect({ conversationId: 'c1', token: 't2', streamUrl: 'ws://fresh' }), 5);
      expectObservable(directLine.activity$).toBe('-a-b----c', activities);
      expectSubscriptions(first.subscriptions).toBe('^----!');
      expectSubscriptions(second.subscriptions).toBe('-----^');
      scheduler.flush();
      expect(made[1].options).toMatchObject({
        conversationId: 'c1',
        token: 't2',
        streamUrl: 'ws://fresh',
        watermark: 'w-b',
        adoptUser: true,
      });
      expect(made[0].endedAt).toEqual([5]);
    });
  });

  it('status: Connecting during reconnect(conversation), never back to Uninitialized, Ended then complete on end()', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const { connectWith } = scripted(scheduler, [{ status$: cold('0-1-2', statuses) }, { status$: cold('0-1--2', statuses) }]);
      const directLine = createWebChatDirectLine(options, connectWith);
      directLine.activity$.subscribe();
      scheduler.schedule(() => directLine.reconnect({ conversationId: 'c1', token: 't2', streamUrl: 'ws://fresh' }), 6);
      scheduler.schedule(() => directLine.end(), 13);
      expectObservable(directLine.connectionStatus$).toBe('0-1-2-1----2-(5|)', statuses);
    });
  });

  it('a replaced connection ends only once the post in flight on it has settled, and that post still reports its id', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const post$ = cold<string>('----(i|)', { i: 'id-1' });
      const { made, connectWith } = scripted(scheduler, [{ post$ }, {}]);
      const directLine = createWebChatDirectLine(options, connectWith);
      directLine.activity$.subscribe();
      const posted = new Observable<string>((subscriber) =>
        directLine.postActivity({ type: 'message', from: { id: 'u1' } }).subscribe(subscriber),
      );
      expectObservable(posted, '-^').toBe('-----(i|)', { i: 'id-1' });
      scheduler.schedule(() => directLine.reconnect({ conversationId: 'c1', token: 't2' }), 3);
      scheduler.flush();
      expect(made[0].endedAt).toEqual([5]);
      expect(made[1].options).toMatchObject({ user: { id: 'u1' } });
    });
  });

  it('setUserId before anything was asked starts over on a connection with that user; later, it changes nothing', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectSubscriptions }) => {
      const unused = cold<Activity>('-a', activities);
      const used = cold<Activity>('-a', activities);
      const { made, connectWith } = scripted(scheduler, [{ activity$: unused }, { activity$: used }]);
      const directLine = createWebChatDirectLine(options, connectWith);
      directLine.setUserId('r_webchat');
      directLine.activity$.subscribe();
      scheduler.schedule(() => directLine.setUserId('r_other'), 3);
      expectSubscriptions(unused.subscriptions).toBe([]);
      expectSubscriptions(used.subscriptions).toBe('^');
      scheduler.flush();
      expect(made).toHaveLength(2);
      expect(made[0].endedAt).toEqual([0]);
      expect(made[1].options).toMatchObject({ user: { id: 'r_webchat' } });
      expect(made[1].options.adoptUser).toBeUndefined();
    });
  });

  it('a failure (FailedToConnect) leaves activity$ open for reconnect(conversation) to revive', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const { connectWith } = scripted(scheduler, [
        { status$: cold('-1-4', statuses), activity$: cold<Activity>('-a-#', activities) },
        { status$: cold('0-2', statuses), activity$: cold<Activity>('-b', activities) },
      ]);
      const directLine = createWebChatDirectLine(options, connectWith);
      scheduler.schedule(() => directLine.reconnect({ conversationId: 'c1', token: 't2' }), 6);
      expectObservable(directLine.connectionStatus$).toBe('01-4--1-2', statuses);
      expectObservable(directLine.activity$).toBe('-a-----b', activities);
    });
  });

  it('a conversation that is gone (Ended) ends the object: activity$ completes, the connection is ended', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const { made, connectWith } = scripted(scheduler, [
        { status$: cold('-1-5', statuses), activity$: cold<Activity>('-a-#', activities) },
      ]);
      const directLine = createWebChatDirectLine(options, connectWith);
      expectObservable(directLine.connectionStatus$).toBe('01-(5|)', statuses);
      expectObservable(directLine.activity$).toBe('-a-|', activities);
      scheduler.flush();
      expect(made[0].endedAt).toEqual([3]);
    });
  });

  describe('a reconnect while a message from Web Chat waits for its echo (sendingGraceMs)', () => {
    const fromWebChat = (key: string): Activity => ({
      type: 'message',
      text: key,
      from: { id: 'u1' },
      channelData: { clientActivityID: key },
    });
    const echo = (key: string): Activity => ({ ...fromWebChat(key), id: `c1|${key}` });

    it('a reconnect shorter than the grace never reaches Web Chat, which would fail the message', () => {
      const scheduler = newScheduler();
      scheduler.run(({ hot, expectObservable }) => {
        const status$ = hot<ConnectionStatus>('-1-2-----1---2', statuses);
        const upstream = hot<Activity>('---------------e', { e: echo('k1') });
        const { connectWith } = scripted(scheduler, [{ status$, activity$: upstream }]);
        const directLine = createWebChatDirectLine({ ...options, scheduler, sendingGraceMs: 50 }, connectWith);
        directLine.activity$.subscribe();
        scheduler.schedule(() => directLine.postActivity(fromWebChat('k1')).subscribe(), 4);
        expectObservable(directLine.connectionStatus$).toBe('01-2', statuses);
      });
    });

    it('a message whose echo came but whose post is still unanswered is in flight too', () => {
      const scheduler = newScheduler();
      scheduler.run(({ cold, hot, expectObservable }) => {
        const status$ = hot<ConnectionStatus>('-1-2-----1---2-------1-2', statuses);
        const upstream = hot<Activity>('------e', { e: echo('k1') }); // echoed at 6, before the drop at 9
        const { connectWith } = scripted(scheduler, [{ status$, activity$: upstream, post$: cold('12ms (i|)', { i: 'c1|k1' }) }]);
        const directLine = createWebChatDirectLine({ ...options, scheduler, sendingGraceMs: 50 }, connectWith);
        directLine.activity$.subscribe();
        scheduler.schedule(() => directLine.postActivity(fromWebChat('k1')).subscribe(), 4); // answered at 16
        // the drop at 9 is held (the answer is still awaited); the one at 21, with nothing in flight, is not
        expectObservable(directLine.connectionStatus$).toBe('01-2-----------------1-2', statuses);
      });
    });

    it('a reconnect longer than the grace is reported when the grace ends', () => {
      const scheduler = newScheduler();
      scheduler.run(({ hot, expectObservable }) => {
        const status$ = hot<ConnectionStatus>('-1-2-----1 99ms 2', statuses);
        const { connectWith } = scripted(scheduler, [{ status$ }]);
        const directLine = createWebChatDirectLine({ ...options, scheduler, sendingGraceMs: 50 }, connectWith);
        directLine.activity$.subscribe();
        scheduler.schedule(() => directLine.postActivity(fromWebChat('k1')).subscribe(), 4);
        expectObservable(directLine.connectionStatus$).toBe('01-2 55ms 1 49ms 2', statuses);
      });
    });

    it('with nothing waiting (no post, or its echo came, or it failed) a reconnect is reported at once', () => {
      const scheduler = newScheduler();
      scheduler.run(({ cold, hot, expectObservable }) => {
        const status$ = hot<ConnectionStatus>('-1-2-----1-2---------1-2', statuses);
        const upstream = hot<Activity>('------e', { e: echo('k1') });
        const { connectWith } = scripted(scheduler, [
          { status$, activity$: upstream, post$: cold('5ms #', undefined, new Error('refused')) },
        ]);
        const directLine = createWebChatDirectLine({ ...options, scheduler, sendingGraceMs: 50 }, connectWith);
        directLine.activity$.subscribe();
        scheduler.schedule(() => directLine.postActivity(fromWebChat('k1')).subscribe({ error: () => undefined }), 3); // echoed at 6
        scheduler.schedule(() => directLine.postActivity(fromWebChat('k2')).subscribe({ error: () => undefined }), 12); // fails at 17
        expectObservable(directLine.connectionStatus$).toBe('01-2-----1-2---------1-2', statuses);
      });
    });
  });
});
