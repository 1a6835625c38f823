import type { Observable } from 'rxjs';
import { map } from 'rxjs/operators';
import { ConnectionStatus } from '../../src/connection-status';
import type { Activity } from '../../src/protocol/activity';
import { DirectLineError } from '../../src/protocol/errors';
import { chatEvents, postEvents } from '../../src/state';
import type { ChatEvent } from '../../src/state';
import { newScheduler } from '../operators/marble-helpers';
import { fakeConnection } from './support';

const short = (e: ChatEvent): string => {
  switch (e.type) {
    case '[Direct Line] Activity Received':
      return `r:${e.activity.id ?? e.activity.type}@${e.at}`;
    case '[Direct Line] Typing Expired':
      return `x:${e.userId}@${e.at}`;
    case '[Direct Line] Livestream Timed Out':
      return `q:${e.streamId}@${e.since}`;
    case '[Direct Line] Status Changed':
      return `s:${ConnectionStatus[e.status]}`;
    case '[Direct Line] Session Changed':
      return `w:${e.session.watermark}`;
    case '[Direct Line] Connection Failed':
      return `f:${e.error.code}`;
    case '[Direct Line] Post Started':
      return `p:${(e.activity.channelData as { clientActivityID: string }).clientActivityID}@${e.at}`;
    case '[Direct Line] Post Succeeded':
      return `ok:${e.id}`;
    case '[Direct Line] Post Failed':
      return `no:${e.clientActivityId}:${e.error.code}`;
  }
};

describe('chatEvents', () => {
  it("turns status, session and activities into events, a typing expiry on the scheduler, and activity$'s error into connectionFailed", () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const activity$ = cold<Activity>(
        '-a-t 5ms #',
        { a: { type: 'message', id: 'A' }, t: { type: 'typing', from: { id: 'bot' } } },
        new DirectLineError('gone', { status: 404, code: 'NotFound' }),
      );
      const connectionStatus$ = cold<ConnectionStatus>('o', { o: ConnectionStatus.Online });
      const session$ = cold('--w', { w: { watermark: '1' } });
      const events$ = chatEvents(fakeConnection({ activity$, connectionStatus$, session$ }), { scheduler, typingMs: 20 });
      expectObservable(events$.pipe(mapShort()), '^ 40ms !').toBe('sawt 5ms f 13ms x', {
        s: 's:Online',
        a: 'r:A@1',
        w: 'w:1',
        t: 'r:typing@3',
        f: 'f:NotFound',
        x: 'x:bot@23',
      });
      expectSubscriptions(activity$.subscriptions).toBe('^ 8ms !');
    });
  });
});

describe('postEvents', () => {
  it('is cold: each subscription posts once, postStarted then postSucceeded, and completes', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const posted: Activity[] = [];
      const answer = cold<string>('--(i|)', { i: 'conv|1' });
      const conn = fakeConnection({ postActivity: (a) => (posted.push(a), answer) });
      const events$ = postEvents(conn, { type: 'message', text: 'hi', channelData: { clientActivityID: 'mine' } }, { scheduler });
      expect(posted).toEqual([]);
      expectObservable(events$.pipe(mapShort())).toBe('p-(o|)', { p: 'p:mine@0', o: 'ok:conv|1' });
      scheduler.schedule(() => expect(posted).toHaveLength(1), 5);
    });
  });

  it('never errors: a refused post ends with postFailed, and what cannot be posted is one postFailed', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const refused = cold<string>('-#', undefined, new DirectLineError('HTTP 400', { status: 400, code: 'BadArgument' }));
      const conn = fakeConnection({ postActivity: () => refused });
      expectObservable(postEvents(conn, 'hi', { scheduler, createClientActivityId: () => 'c1' }).pipe(mapShort())).toBe('p(f|)', {
        p: 'p:c1@0',
        f: 'no:c1:BadArgument',
      });
      expectObservable(postEvents(conn, { type: 'message', channelData: 7 }, { createClientActivityId: () => 'c2' }).pipe(mapShort())).toBe(
        '(f|)',
        { f: 'no:c2:InvalidActivity' },
      );
      expectObservable(postEvents(conn, 'plain', { scheduler, createClientActivityId: () => 'c3' }).pipe(mapShort())).toBe('p(f|)', {
        p: 'p:c3@0',
        f: 'no:c3:BadArgument',
      });
    });
  });
});

function mapShort() {
  return (source: Observable<ChatEvent>) => source.pipe(map(short));
}
