import { map } from 'rxjs/operators';
import type { Activity } from '../../src/protocol/activity';
import { livestreamChunkOf } from '../../src/protocol/livestream';
import {
  activityReceived,
  chatEvents,
  chatReducer,
  DEFAULT_LIVESTREAM_TIMEOUT_MS,
  entryKeyOf,
  initialChatState,
  livestreamOf,
  livestreamTimedOut,
  postStarted,
  toChatState,
} from '../../src/state';
import type { ChatEvent, ChatState } from '../../src/state';
import { newScheduler } from '../operators/marble-helpers';
import { fakeConnection } from './support';

const BOT = { id: 'bot', role: 'bot' };
/** An interim chunk: the first one of a livestream has no streamId (its own id is the livestream's). */
const chunk = (id: string, sequence: number, text: string | undefined, streamId?: string, streamType = 'streaming'): Activity => ({
  type: 'typing',
  id,
  from: BOT,
  ...(text === undefined ? {} : { text }),
  channelData: { streamType, streamSequence: sequence, ...(streamId ? { streamId } : {}) },
});
const final = (id: string, streamId: string, text?: string, type = 'message'): Activity => ({
  type,
  id,
  from: BOT,
  ...(text === undefined ? {} : { text }),
  channelData: { streamType: 'final', streamId },
});
const message = (id: string, from = BOT): Activity => ({ type: 'message', id, text: id, from });
const typing = (userId: string): Activity => ({ type: 'typing', from: { id: userId } });

/** The transcript as `key:text(status)`, one entry per livestream, and who is typing. */
const view = (s: ChatState) => {
  const entries = s.activities.map((a) => {
    const stream = livestreamOf(s, a);
    const info = stream?.informative ? `[${stream.informative}]` : '';
    return `${entryKeyOf(a)}:${a.text ?? ''}${stream ? `(${stream.status}${info})` : ''}`;
  });
  const typists = Object.keys(s.typing).sort();
  return `${entries.join(' ') || '-'}${typists.length ? ` typing:${typists.join(',')}` : ''}`;
};
const reduce = (activities: Activity[], from: ChatState = initialChatState) =>
  activities.reduce((s, a, i) => chatReducer(s, activityReceived(a, i)), from);

describe('chat state: livestreams', () => {
  it('a livestream is one entry at its first chunk’s place: the newest text while it streams, then the final message itself', () => {
    const scheduler = newScheduler();
    scheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      const activity$ = hot<Activity>('-a-b-c-d-e-f', {
        a: message('m1'),
        b: chunk('s1', 1, 'A'),
        c: message('m2'),
        d: chunk('s1-2', 2, 'A quick', 's1'),
        e: chunk('s1-3', 3, 'A quick fox', 's1'),
        f: final('s1-f', 's1', 'A quick fox jumps.'),
      });
      const chat = toChatState(fakeConnection({ activity$ }), { scheduler });
      expectObservable(chat.pipe(map(view)), '^ 20ms !').toBe('ia-b-c-d-e-f', {
        i: '-',
        a: 'm1:m1',
        b: 'm1:m1 s1:A(streaming)',
        c: 'm1:m1 s1:A(streaming) m2:m2',
        d: 'm1:m1 s1:A quick(streaming) m2:m2',
        e: 'm1:m1 s1:A quick fox(streaming) m2:m2',
        f: 'm1:m1 s1:A quick fox jumps.(final) m2:m2',
      });
      expectSubscriptions(activity$.subscriptions).toBe('^ 20ms !');
    });
  });

  it('the final is the final activity as delivered; each interim entry carries its streamId', () => {
    const first = chunk('s1', 1, 'A');
    let s = reduce([first]);
    expect(s.activities).toEqual([{ ...first, channelData: { streamType: 'streaming', streamSequence: 1, streamId: 's1' } }]);
    const last = final('s1-f', 's1', 'A.');
    s = reduce([last], s);
    expect(s.activities).toEqual([last]);
    expect(s.livestreams.s1).toEqual({ streamId: 's1', status: 'final', sequence: 1, updatedAt: 0 });
  });

  it('chunks out of order and twice: a stale or repeated sequence changes nothing, not even the state object', () => {
    const scheduler = newScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const activity$ = hot<Activity>('-a-b-c-d-e-f-g', {
        a: chunk('s1-2', 2, 'one two', 's1'), // the second chunk comes first: the entry starts here
        b: chunk('s1', 1, 'one'), // the first, late: stale
        c: chunk('s1-3', 3, 'one two three', 's1'),
        d: chunk('s1-3', 3, 'one two three', 's1'), // the same again
        e: chunk('s1-2', 2, 'one two', 's1'), // an old one again
        f: final('s1-f', 's1', 'one two three four'),
        g: final('s1-f', 's1', 'one two three four'), // the final twice
      });
      const chat = toChatState(fakeConnection({ activity$ }), { scheduler });
      expectObservable(chat.pipe(map(view)), '^ 20ms !').toBe('ia---c-----f', {
        i: '-',
        a: 's1:one two(streaming)',
        c: 's1:one two three(streaming)',
        f: 's1:one two three four(final)',
      });
    });
    const s = reduce([chunk('s1', 1, 'one'), chunk('s1-3', 3, 'one two three', 's1')]);
    expect(chatReducer(s, activityReceived(chunk('s1-2', 2, 'one two', 's1'), 9))).toBe(s);
    expect(chatReducer(s, activityReceived(chunk('s1-3', 3, 'one two three', 's1'), 9))).toBe(s);
  });

  it('after the final, activities of that livestream are ignored; another livestream of the same bot runs on its own', () => {
    const s = reduce([
      chunk('s1', 1, 'a'),
      chunk('s2', 1, 'x'),
      final('s1-f', 's1', 'a b'),
      chunk('s1-9', 9, 'late', 's1'),
      final('s1-g', 's1', 'again'),
      chunk('s2-2', 2, 'x y', 's2'),
    ]);
    expect(view(s)).toBe('s1:a b(final) s2:x y(streaming)');
    expect(chatReducer(s, activityReceived(chunk('s1-10', 10, 'later', 's1'), 20))).toBe(s);
  });

  it('a contentless final removes the entry; a final without chunks before it is placed as any activity', () => {
    expect(view(reduce([message('m1'), chunk('s1', 1, 'draft'), message('m2'), final('s1-f', 's1', undefined, 'typing')]))).toBe(
      'm1:m1 m2:m2',
    );
    expect(view(reduce([message('m1'), chunk('s1', 1, 'draft'), final('s1-f', 's1', '', 'message')]))).toBe('m1:m1');
    // History or a replay brings the final alone; later chunks of it (out of order) are ignored.
    expect(view(reduce([message('m1'), final('s1-f', 's1', 'whole'), chunk('s1-2', 2, 'part', 's1')]))).toBe('m1:m1 s1:whole(final)');
  });

  it('the entry stands before the outbox: own posts not echoed yet stay last', () => {
    const own: Activity = { type: 'message', text: 'mine', from: { id: 'me' }, channelData: { clientActivityID: 'c1' } };
    const s = [activityReceived(chunk('s1', 1, 'A'), 1), postStarted(own, 2), activityReceived(chunk('s2', 1, 'B'), 3)].reduce<ChatState>(
      chatReducer,
      initialChatState,
    );
    expect(view(s)).toBe('s1:A(streaming) s2:B(streaming) c1:mine');
  });

  it('the informative line is kept apart from the text; an informative first chunk makes an entry without text', () => {
    const scheduler = newScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const activity$ = hot<Activity>('-a-b-c-d', {
        a: chunk('s1', 1, 'Searching…', undefined, 'informative'),
        b: chunk('s1-2', 2, 'Found', 's1'),
        c: chunk('s1-3', 3, 'Reading 3 documents…', 's1', 'informative'),
        d: final('s1-f', 's1', 'Found it.'),
      });
      const chat = toChatState(fakeConnection({ activity$ }), { scheduler });
      expectObservable(chat.pipe(map(view)), '^ 10ms !').toBe('ia-b-c-d', {
        i: '-',
        a: 's1:(streaming[Searching…])',
        b: 's1:Found(streaming[Searching…])',
        c: 's1:Found(streaming[Reading 3 documents…])',
        d: 's1:Found it.(final[Reading 3 documents…])',
      });
    });
  });

  it('the bot’s typing indicator is not shown beside its own live entry; other users’ typing is', () => {
    const scheduler = newScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const activity$ = hot<Activity>('-a-b-c-d-e-f', {
        a: typing('bot'),
        b: chunk('s1', 1, 'A'), // the chunk takes the indicator's place
        c: typing('bot'), // plain typing while its livestream streams: not shown
        d: typing('ann'),
        e: final('s1-f', 's1', 'A.'),
        f: typing('bot'), // after the final the indicator is back
      });
      const chat = toChatState(fakeConnection({ activity$ }), { scheduler, typingMs: 1000 });
      expectObservable(chat.pipe(map(view)), '^ 20ms !').toBe('ia-b---d-e-f', {
        i: '-',
        a: '- typing:bot',
        b: 's1:A(streaming)',
        d: 's1:A(streaming) typing:ann',
        e: 's1:A.(final) typing:ann',
        f: 's1:A.(final) typing:ann,bot',
      });
    });
  });

  it('a livestream quiet for livestreamTimeoutMs is interrupted; a newer chunk restarts the wait, and chunks or the final after it still count', () => {
    const scheduler = newScheduler();
    scheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      const activity$ = hot<Activity>('-a 99ms b 549ms c 99ms d', {
        a: chunk('s1', 1, 'A'),
        b: chunk('s1-2', 2, 'A B', 's1'), // at 101: the wait starts again, until 601
        c: chunk('s1-3', 3, 'A B C', 's1'), // at 651: after the interruption at 601
        d: final('s1-f', 's1', 'A B C D'), // at 751
      });
      const chat = toChatState(fakeConnection({ activity$ }), { scheduler, livestreamTimeoutMs: 500 });
      expectObservable(chat.pipe(map(view)), '^ 1500ms !').toBe('ia 99ms b 499ms q 49ms c 99ms d', {
        i: '-',
        a: 's1:A(streaming)',
        b: 's1:A B(streaming)',
        q: 's1:A B(interrupted)',
        c: 's1:A B C(streaming)',
        d: 's1:A B C D(final)',
      });
      expectSubscriptions(activity$.subscriptions).toBe('^ 1500ms !');
    });
  });

  it('chatEvents: one livestreamTimedOut per quiet livestream (default 30 s), none once the final came, and no timer outlives the subscription', () => {
    expect(DEFAULT_LIVESTREAM_TIMEOUT_MS).toBe(30_000);
    const scheduler = newScheduler();
    scheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      const activity$ = hot<Activity>('-a-b-c-d', {
        a: chunk('s1', 1, 'A'),
        b: chunk('s2', 1, 'X'),
        c: chunk('s1-2', 2, 'A B', 's1'),
        d: final('s2-f', 's2', 'X Y'),
      });
      const short = (e: ChatEvent) =>
        livestreamTimedOut.match(e)
          ? `q:${e.streamId}@${e.since}`
          : e.type === '[Direct Line] Activity Received'
            ? `r:${e.activity.id}`
            : e.type;
      const events$ = chatEvents(fakeConnection({ activity$ }), { scheduler });
      // s1's wait restarts at 5 (until 30 005); s2 concluded at 7: no timeout for it
      expectObservable(events$.pipe(map(short)), '^ 40000ms !').toBe('-a-b-c-d 29997ms q', {
        a: 'r:s1',
        b: 'r:s2',
        c: 'r:s1-2',
        d: 'r:s2-f',
        q: 'q:s1@5',
      });
      expectSubscriptions(activity$.subscriptions).toBe('^ 40000ms !');
    });
    // A livestream cut by the end of activity$ still times out.
    const ended = newScheduler();
    ended.run(({ cold, expectObservable }) => {
      const activity$ = cold<Activity>('-a|', { a: chunk('s1', 1, 'A') });
      expectObservable(
        chatEvents(fakeConnection({ activity$ }), { scheduler: ended, livestreamTimeoutMs: 50 }).pipe(map((e) => e.type)),
        '^ 100ms !',
      ).toBe('-a 49ms q', {
        a: activityReceived.type,
        q: livestreamTimedOut.type,
      });
    });
    // Unsubscribed before the quiet period ends: nothing comes, and no timer is left scheduled.
    const again = newScheduler();
    again.run(({ hot, expectObservable }) => {
      const activity$ = hot<Activity>('-a', { a: chunk('s1', 1, 'A') });
      expectObservable(chatEvents(fakeConnection({ activity$ }), { scheduler: again }).pipe(map((e) => e.type)), '^ 10ms !').toBe('-a', {
        a: activityReceived.type,
      });
      again.schedule(() => expect(again.actions.filter((action) => !action.closed)).toEqual([]), 12);
    });
  });

  it('a timeout only interrupts a livestream that is still streaming and got no chunk since', () => {
    const s = reduce([chunk('s1', 1, 'A'), chunk('s1-2', 2, 'A B', 's1')]); // the second at 1
    expect(chatReducer(s, livestreamTimedOut('s1', 0))).toBe(s);
    expect(chatReducer(s, livestreamTimedOut('s1', 1)).livestreams.s1.status).toBe('interrupted');
    expect(chatReducer(s, livestreamTimedOut('unknown', 1))).toBe(s);
    const done = reduce([final('s1-f', 's1', 'A B C')], s);
    expect(chatReducer(done, livestreamTimedOut('s1', 99))).toBe(done);
  });

  it('a drop mid-livestream: the chunks sent while down are lost, the replayed final takes the entry’s place once, no interim entry is left', () => {
    const scheduler = newScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      // Up to 3 ms the socket delivers chunks 1 and 2; chunks 3 and 4 are lost with the socket; the
      // replay from the watermark brings the final and the bot's next message (typing is never
      // replayed); a second replay brings the final again.
      const activity$ = hot<Activity>('-a-b 5ms (cd) 3ms c', {
        a: chunk('s1', 1, 'one'),
        b: chunk('s1-2', 2, 'one two', 's1'),
        c: final('s1-f', 's1', 'one two three four'),
        d: message('m9'),
      });
      const chat = toChatState(fakeConnection({ activity$ }), { scheduler });
      expectObservable(chat.pipe(map(view)), '^ 20ms !').toBe('ia-b 5ms (cd)', {
        i: '-',
        a: 's1:one(streaming)',
        b: 's1:one two(streaming)',
        c: 's1:one two three four(final)',
        d: 's1:one two three four(final) m9:m9',
      });
      scheduler.schedule(() => {
        const s = chat.getState();
        expect(s.activities.filter((a) => a.type === 'typing')).toEqual([]);
        expect(s.activities.filter((a) => entryKeyOf(a) === 's1')).toHaveLength(1);
      }, 20);
    });
  });

  it('entryKeyOf: one key per entry across its updates (livestream: the streamId; own post: its clientActivityID)', () => {
    const keys = [
      chunk('s1', 1, 'A'),
      chunk('s1-2', 2, 'A B', 's1'),
      final('s1-f', 's1', 'A B C'),
      chunk('s1', 1, 'i', undefined, 'informative'),
    ].map(entryKeyOf);
    expect(keys).toEqual(['s1', 's1', 's1', 's1']);
    const pending: Activity = { type: 'message', text: 'hi', channelData: { clientActivityID: 'c1' } };
    expect([entryKeyOf(pending), entryKeyOf({ ...pending, id: 'conv|1' })]).toEqual(['c1', 'c1']);
    expect(entryKeyOf(message('m1'))).toBe('m1');
    // The keys of a whole run of updates stay put.
    let s = reduce([message('m1'), chunk('s1', 1, 'A')]);
    const before = s.activities.map(entryKeyOf);
    s = reduce([chunk('s1-2', 2, 'A B', 's1'), final('s1-f', 's1', 'A B C')], s);
    expect(s.activities.map(entryKeyOf)).toEqual(before);
  });

  it('what is not a livestream stays ordinary: a chunk without a whole sequence, a final without a streamId, an unknown streamType', () => {
    expect(livestreamChunkOf({ type: 'typing', id: 't', channelData: { streamType: 'streaming' } })).toBeUndefined();
    expect(livestreamChunkOf({ type: 'typing', id: 't', channelData: { streamType: 'streaming', streamSequence: 1.5 } })).toBeUndefined();
    expect(livestreamChunkOf({ type: 'typing', id: 't', channelData: { streamType: 'streaming', streamSequence: 0 } })).toBeUndefined();
    expect(livestreamChunkOf({ type: 'message', id: 't', channelData: { streamType: 'streaming', streamSequence: 1 } })).toBeUndefined();
    expect(livestreamChunkOf({ type: 'message', id: 'f', channelData: { streamType: 'final' } })).toBeUndefined();
    expect(livestreamChunkOf({ type: 'typing', id: 't', channelData: { streamType: 'other', streamSequence: 1 } })).toBeUndefined();
    expect(livestreamChunkOf({ type: 'typing', channelData: { streamType: 'streaming', streamSequence: 1 } })).toBeUndefined();
    expect(view(reduce([{ type: 'message', id: 'f', text: 'plain', from: BOT, channelData: { streamType: 'final' } }]))).toBe('f:plain');
  });

  it('serialisable: a JSON round trip gives the same state and the reducer goes on from it; stream ids are data, never prototype keys', () => {
    let s = reduce([chunk('__proto__', 1, 'p'), chunk('constructor', 1, 'c'), chunk('s1', 1, 'A')]);
    expect(Object.getPrototypeOf(s.livestreams)).toBe(Object.prototype);
    expect(Object.keys(s.livestreams).sort()).toEqual(['__proto__', 'constructor', 's1']);
    const restored = JSON.parse(JSON.stringify(s)) as ChatState;
    expect(restored).toEqual(s);
    s = reduce([chunk('s1-2', 2, 'A B', 's1'), final('c-f', 'constructor', 'C'), chunk('toString-2', 2, 'x', 'toString')], restored);
    expect(view(s)).toBe('__proto__:p(streaming) constructor:C(final) s1:A B(streaming) toString:x(streaming)');
    // A state persisted before livestreams existed still takes them.
    const old = { ...initialChatState } as Partial<ChatState>;
    delete old.livestreams;
    expect(view(reduce([chunk('s1', 1, 'A')], old as ChatState))).toBe('s1:A(streaming)');
  });
});
