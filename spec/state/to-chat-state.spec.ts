import { Observable, of } from 'rxjs';
import { map } from 'rxjs/operators';
import { ConnectionStatus } from '../../src/connection-status';
import type { SessionState } from '../../src/options';
import type { Activity } from '../../src/protocol/activity';
import { DirectLineError } from '../../src/protocol/errors';
import { toChatState } from '../../src/state';
import type { ChatState } from '../../src/state';
import { newScheduler } from '../operators/marble-helpers';
import { fakeConnection } from './support';

const typing = (userId: string): Activity => ({ type: 'typing', from: { id: userId } });
const message = (id: string, userId = 'bot', extra: Partial<Activity> = {}): Activity => ({
  type: 'message',
  id,
  text: id,
  from: { id: userId },
  ...extra,
});
const typingUsers = (s: ChatState) => Object.keys(s.typing).sort().join(',') || '-';
const ownId = (a: Activity) => (a.channelData as { clientActivityID?: string } | undefined)?.clientActivityID;
const transcript = (s: ChatState) =>
  s.activities
    .map((a) => {
      const cid = ownId(a);
      return cid ? `${cid}:${s.posts[cid].status}${s.posts[cid].echoed ? '+echo' : ''}` : String(a.id);
    })
    .join(' ') || '-';

describe('toChatState', () => {
  it('typing expires on the scheduler after typingMs, a newer typing activity extends it, and the stream ends with the subscription', () => {
    const scheduler = newScheduler();
    scheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      const activity$ = hot<Activity>('-a 999ms b 1499ms c', { a: typing('bot'), b: typing('ann'), c: typing('bot') });
      const state$ = toChatState(fakeConnection({ activity$ }), { scheduler, typingMs: 3000 });
      // bot from 1 (until 3001), ann from 1001 (until 4001), bot again from 2501 (until 5501): the 3001 timer changes nothing
      expectObservable(state$.pipe(map(typingUsers)), '^ 4999ms !').toBe('i a 999ms b 1499ms c 1499ms d', {
        i: '-',
        a: 'bot',
        b: 'ann,bot',
        c: 'ann,bot',
        d: 'bot',
      });
      expectSubscriptions(activity$.subscriptions).toBe('^ 4999ms !');
    });
  });

  it('typing that nobody renews is gone after typingMs (default 5 s)', () => {
    const scheduler = newScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const activity$ = hot<Activity>('--a', { a: typing('bot') });
      const state$ = toChatState(fakeConnection({ activity$ }), { scheduler });
      expectObservable(state$.pipe(map(typingUsers)), '^ 9999ms !').toBe('i-a 4999ms i', { i: '-', a: 'bot' });
    });
  });

  it('send(): pending at once, sent with the id when the POST answers, the echo confirms it as one entry; a failure is failed and the last error', () => {
    const scheduler = newScheduler();
    const results: string[] = [];
    scheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const error = new DirectLineError('Post failed with HTTP 502', { status: 502, code: 'BotError', retryable: true });
      const posts = [cold<string>('10ms (i|)', { i: 'conv|1' }), cold<string>('10ms #', undefined, error)];
      const posted: Activity[] = [];
      let n = 0;
      const activity$ = hot<Activity>('20ms e', { e: message('conv|1', 'me', { channelData: { clientActivityID: 'c1' } }) });
      const ids = ['c1', 'c2'];
      const chat = toChatState(fakeConnection({ activity$, postActivity: (a) => (posted.push(a), posts[n++]) }), {
        scheduler,
        createClientActivityId: () => ids.shift() as string,
      });
      const record = (label: string) => (o: Observable<string>) =>
        o.subscribe({
          next: (id) => results.push(`${scheduler.now()} ${label} ${id}`),
          error: (e) => results.push(`${scheduler.now()} ${label} error ${e.code}`),
        });
      scheduler.schedule(() => record('hi')(chat.send('hi')), 5);
      scheduler.schedule(() => record('bye')(chat.send({ type: 'message', text: 'bye', channelData: { keep: 1 } })), 30);
      expectObservable(chat.pipe(map(transcript)), '^ 59ms !').toBe('i 4ms a 9ms b 4ms c 9ms d 9ms f', {
        i: '-',
        a: 'c1:pending',
        b: 'c1:sent',
        c: 'c1:sent+echo',
        d: 'c1:sent+echo c2:pending',
        f: 'c1:sent+echo c2:failed',
      });
      expectSubscriptions(posts[0].subscriptions).toBe('5ms ^ 9ms !');
      scheduler.schedule(() => {
        expect(posted).toEqual([
          { type: 'message', text: 'hi', channelData: { clientActivityID: 'c1' } },
          { type: 'message', text: 'bye', channelData: { keep: 1, clientActivityID: 'c2' } },
        ]);
        expect(chat.getState().error).toEqual({ message: error.message, status: 502, code: 'BotError', retryable: true });
        expect(chat.getState().posts.c1).toMatchObject({ status: 'sent', id: 'conv|1', echoed: true });
      }, 50);
    });
    expect(results).toEqual(['15 hi conv|1', '40 bye error BotError']);
  });

  it('send() before anyone subscribes is recorded; the state is kept across subscriptions', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const activity$ = hot<Activity>('--a 19ms b', { a: message('1'), b: message('2') });
      const post = cold<string>('3ms (i|)', { i: 'conv|9' });
      const chat = toChatState(fakeConnection({ activity$, postActivity: () => post }), { scheduler, createClientActivityId: () => 'c1' });
      chat.send('early');
      expect(transcript(chat.getState())).toBe('c1:pending');
      expectObservable(chat.pipe(map(transcript)), '^ 9ms !').toBe('i-a b', { i: 'c1:pending', a: '1 c1:pending', b: '1 c1:sent' });
      // back after a pause: starts where it was, and goes on
      expectObservable(chat.pipe(map(transcript)), '20ms ^ 9ms !').toBe('20ms i-b', { i: '1 c1:sent', b: '1 2 c1:sent' });
      expectSubscriptions(activity$.subscriptions).toBe(['^ 9ms !', '20ms ^ 9ms !']);
    });
  });

  it('reduces the status and the session, and a failing connection leaves its error in the state', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const failure = new DirectLineError('Start failed with HTTP 401', { status: 401, code: 'Unauthorized' });
      const connectionStatus$ = cold<ConnectionStatus>('a-b-c', {
        a: ConnectionStatus.Uninitialized,
        b: ConnectionStatus.Connecting,
        c: ConnectionStatus.FailedToConnect,
      });
      const session$ = cold<SessionState>('-s', { s: { conversationId: 'conv', token: 't' } });
      const activity$ = cold<Activity>('-----#', undefined, failure);
      const chat = toChatState(fakeConnection({ activity$, connectionStatus$, session$ }), { scheduler });
      const view = (s: ChatState) => `${ConnectionStatus[s.status]}/${s.session.conversationId ?? ''}/${s.error?.code ?? ''}`;
      expectObservable(chat.pipe(map(view)), '^ 9ms !').toBe('ibc-de', {
        i: 'Uninitialized//',
        b: 'Uninitialized/conv/',
        c: 'Connecting/conv/',
        d: 'FailedToConnect/conv/',
        e: 'FailedToConnect/conv/Unauthorized',
      });
    });
  });

  it('send() refuses what cannot carry a clientActivityID, with a DirectLineError, and records nothing', () => {
    const chat = toChatState(fakeConnection({ postActivity: () => of('never') }));
    const errors: unknown[] = [];
    chat.send({ type: 'message', channelData: 'text' }).subscribe({ error: (e) => errors.push(e) });
    chat.send(null as unknown as Activity).subscribe({ error: (e) => errors.push(e) });
    expect(errors).toHaveLength(2);
    for (const e of errors) expect(e).toMatchObject({ name: 'DirectLineError', code: 'InvalidActivity' });
    expect(chat.getState().activities).toEqual([]);
  });
});
