import { ConnectionStatus } from '../../src/connection-status';
import { DirectLineError } from '../../src/protocol/errors';
import type { Activity } from '../../src/protocol/activity';
import {
  activityReceived,
  chatReducer,
  connectionFailed,
  initialChatState,
  isChatEvent,
  ownPostOf,
  postFailed,
  postStarted,
  postSucceeded,
  sessionChanged,
  statusChanged,
  toChatError,
  typingExpired,
} from '../../src/state';
import type { ChatEvent, ChatState } from '../../src/state';

const own = (clientActivityID: string, text = clientActivityID): Activity => ({
  type: 'message',
  text,
  from: { id: 'me' },
  channelData: { clientActivityID },
});
const echo = (clientActivityID: string, id: string, text = clientActivityID): Activity => ({ ...own(clientActivityID, text), id });
const bot = (id: string, text = id): Activity => ({ type: 'message', id, text, from: { id: 'bot', role: 'bot' } });
const typing = (userId: string): Activity => ({ type: 'typing', id: `t-${userId}`, from: { id: userId, name: userId.toUpperCase() } });
const reduce = (events: ChatEvent[], from?: ChatState) =>
  events.reduce<ChatState | undefined>((s, e) => chatReducer(s, e), from) as ChatState;
const texts = (s: ChatState) => s.activities.map((a) => `${a.text}${a.id ? `#${a.id}` : ''}`);

describe('chatReducer', () => {
  it('starts from the initial state and leaves it untouched for actions that are not its events', () => {
    expect(chatReducer(undefined, { type: '@@redux/INIT' })).toBe(initialChatState);
    const s = reduce([statusChanged(ConnectionStatus.Online)]);
    expect(chatReducer(s, { type: 'other/thing' })).toBe(s);
    expect(initialChatState).toEqual({
      activities: [],
      posts: {},
      typing: {},
      livestreams: {},
      status: ConnectionStatus.Uninitialized,
      session: {},
    });
  });

  it('activity received: appends in arrival order and drops an id it already holds', () => {
    const s = reduce([activityReceived(bot('1'), 0), activityReceived(bot('2'), 1), activityReceived(bot('1', 'again'), 2)]);
    expect(texts(s)).toEqual(['1#1', '2#2']);
  });

  it('post started: the post is pending and in the transcript at once', () => {
    const s = reduce([activityReceived(bot('1'), 0), postStarted(own('c1'), 5)]);
    expect(texts(s)).toEqual(['1#1', 'c1']);
    expect(s.posts.c1).toEqual({ clientActivityId: 'c1', status: 'pending', startedAt: 5, echoed: false });
    expect(ownPostOf(s, s.activities[1])).toBe(s.posts.c1);
    expect(ownPostOf(s, s.activities[0])).toBeUndefined();
  });

  it('post started without a clientActivityID changes nothing', () => {
    const s = reduce([statusChanged(ConnectionStatus.Online)]);
    expect(chatReducer(s, postStarted({ type: 'message', text: 'x' }, 0))).toBe(s);
    expect(chatReducer(s, postStarted({ type: 'message', text: 'x', channelData: 'not an object' }, 0))).toBe(s);
  });

  it('the outbox stays last: service activities arrive before own posts not echoed yet, and an echo leaves the outbox in the service order', () => {
    let s = reduce([activityReceived(bot('1'), 0), postStarted(own('c1'), 1), postStarted(own('c2'), 2), activityReceived(bot('2'), 3)]);
    expect(texts(s)).toEqual(['1#1', '2#2', 'c1', 'c2']);
    s = chatReducer(s, activityReceived(echo('c2', '4'), 4));
    expect(texts(s)).toEqual(['1#1', '2#2', 'c2#4', 'c1']);
    s = reduce([postFailed('c1', new Error('x')), activityReceived(bot('5'), 5)], s);
    expect(texts(s)).toEqual(['1#1', '2#2', 'c2#4', '5#5', 'c1']);
  });

  it('post succeeded: the post is sent with the service id', () => {
    const s = reduce([postStarted(own('c1'), 0), postSucceeded('c1', 'conv|1')]);
    expect(s.posts.c1).toMatchObject({ status: 'sent', id: 'conv|1', echoed: false });
    expect(texts(s)).toEqual(['c1']);
  });

  it('echo confirms pending: the echo replaces the pending entry, one entry, not two', () => {
    const s = reduce([postStarted(own('c1'), 0), activityReceived(echo('c1', 'conv|1'), 3)]);
    expect(texts(s)).toEqual(['c1#conv|1']);
    expect(s.posts.c1).toMatchObject({ status: 'sent', id: 'conv|1', echoed: true });
    // the POST's answer coming after the echo changes nothing
    expect(chatReducer(s, postSucceeded('c1', 'conv|1'))).toBe(s);
  });

  it('echo after success is still one entry, placed in the service order', () => {
    const s = reduce([
      postStarted(own('c1'), 0),
      postSucceeded('c1', 'conv|2'),
      activityReceived(bot('conv|1', 'bot first'), 1),
      activityReceived(echo('c1', 'conv|2'), 2),
      activityReceived(echo('c1', 'conv|2'), 3), // a repeat of the echo
    ]);
    expect(texts(s)).toEqual(['bot first#conv|1', 'c1#conv|2']);
    expect(s.posts.c1).toMatchObject({ status: 'sent', id: 'conv|2', echoed: true });
  });

  it('post failed: the post keeps its place, is failed with a serialisable error, and is the last error', () => {
    const error = new DirectLineError('Post failed with HTTP 502 BotError', { status: 502, code: 'BotError', retryable: true });
    const s = reduce([postStarted(own('c1'), 0), postFailed('c1', error)]);
    expect(texts(s)).toEqual(['c1']);
    expect(s.posts.c1).toMatchObject({
      status: 'failed',
      error: { message: error.message, status: 502, code: 'BotError', retryable: true },
    });
    expect(s.error).toEqual(toChatError(error));
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('a failed post started again is pending again in the same place', () => {
    const s = reduce([
      postStarted(own('c1'), 0),
      postStarted(own('c2'), 0),
      postFailed('c1', new Error('x')),
      postStarted(own('c1', 'edited'), 9),
    ]);
    expect(texts(s)).toEqual(['edited', 'c2']);
    expect(s.posts.c1).toEqual({ clientActivityId: 'c1', status: 'pending', startedAt: 9, echoed: false });
  });

  it('a failure after the echo or after a success does not undo it; an echo after a failure proves it was sent', () => {
    const echoed = reduce([postStarted(own('c1'), 0), activityReceived(echo('c1', 'conv|1'), 1)]);
    expect(chatReducer(echoed, postFailed('c1', new Error('late')))).toBe(echoed);
    const sent = reduce([postStarted(own('c2'), 0), postSucceeded('c2', 'conv|2')]);
    expect(chatReducer(sent, postFailed('c2', new Error('late')))).toBe(sent);
    const failed = reduce([
      postStarted(own('c3'), 0),
      postFailed('c3', new DirectLineError('timeout', { code: 'Timeout' })),
      activityReceived(echo('c3', 'conv|3'), 5),
    ]);
    expect(failed.posts.c3).toMatchObject({ status: 'sent', id: 'conv|3', echoed: true });
    expect(texts(failed)).toEqual(['c3#conv|3']);
  });

  it('events for unknown posts change no post; a failure of one that never started is still the last error', () => {
    const s = reduce([postStarted(own('c1'), 0)]);
    expect(chatReducer(s, postSucceeded('nope', 'x'))).toBe(s);
    const failed = chatReducer(s, postFailed('nope', new Error('x')));
    expect(failed.posts).toBe(s.posts);
    expect(failed.activities).toBe(s.activities);
    expect(failed.error).toEqual({ message: 'x' });
  });

  it('status changed: records the status; Online clears the last error', () => {
    const failed = reduce([statusChanged(ConnectionStatus.Connecting), connectionFailed(new DirectLineError('gone', { status: 500 }))]);
    expect(failed.status).toBe(ConnectionStatus.Connecting);
    expect(failed.error).toEqual({ message: 'gone', status: 500, retryable: false });
    expect(chatReducer(failed, statusChanged(ConnectionStatus.Connecting))).toBe(failed);
    const online = chatReducer(failed, statusChanged(ConnectionStatus.Online));
    expect(online.status).toBe(ConnectionStatus.Online);
    expect('error' in online).toBe(false);
  });

  it('typing: a typing activity shows its sender until it expires, is not in the transcript, and a newer one extends it', () => {
    let s = reduce([activityReceived(typing('bot'), 1000, 5000)]);
    expect(s.activities).toEqual([]);
    expect(s.typing).toEqual({ bot: { from: { id: 'bot', name: 'BOT' }, expiresAt: 6000 } });
    s = chatReducer(s, activityReceived(typing('bot'), 4000, 5000));
    expect(chatReducer(s, typingExpired('bot', 6000))).toBe(s); // the first one's timer: too early now
    s = chatReducer(s, typingExpired('bot', 9000));
    expect(s.typing).toEqual({});
    expect(chatReducer(s, typingExpired('bot', 9999))).toBe(s);
  });

  it('typing: a message from the typing user ends their indicator; others keep theirs', () => {
    const s = reduce([activityReceived(typing('bot'), 0), activityReceived(typing('ann'), 0), activityReceived(bot('1'), 1)]);
    expect(Object.keys(s.typing)).toEqual(['ann']);
    expect(texts(s)).toEqual(['1#1']);
  });

  it('session changed: holds a copy of the session', () => {
    const session = { conversationId: 'c', token: 't', watermark: '3' };
    const s = reduce([sessionChanged(session)]);
    session.watermark = '4';
    expect(s.session).toEqual({ conversationId: 'c', token: 't', watermark: '3' });
  });

  it('connection failed: the error is the last error, as plain data', () => {
    const s = reduce([connectionFailed(new DirectLineError('Start failed with HTTP 401', { status: 401, code: 'Unauthorized' }))]);
    expect(s.error).toEqual({ message: 'Start failed with HTTP 401', status: 401, code: 'Unauthorized', retryable: false });
  });

  it('never changes the state it is given', () => {
    const before = reduce([postStarted(own('c1'), 0), activityReceived(typing('bot'), 0)]);
    const snapshot = JSON.parse(JSON.stringify(before));
    reduce(
      [
        activityReceived(echo('c1', 'x'), 1),
        typingExpired('bot', 1e9),
        statusChanged(ConnectionStatus.Online),
        sessionChanged({ watermark: '1' }),
      ],
      before,
    );
    expect(before).toEqual(snapshot);
  });
});

describe('chat events', () => {
  it('are plain serialisable objects with a string type, and creators carry their type and a match guard', () => {
    const events: ChatEvent[] = [
      activityReceived(bot('1'), 1, 100),
      postStarted(own('c1'), 2),
      postSucceeded('c1', 'x'),
      postFailed('c1', new DirectLineError('bad', { status: 400 })),
      statusChanged(ConnectionStatus.Online),
      typingExpired('bot', 3),
      sessionChanged({ conversationId: 'c' }),
      connectionFailed('plain string'),
    ];
    for (const e of events) {
      expect(typeof e.type).toBe('string');
      expect(Object.getPrototypeOf(e)).toBe(Object.prototype);
      expect(JSON.parse(JSON.stringify(e))).toEqual(e);
      expect(isChatEvent(e)).toBe(true);
    }
    expect(new Set(events.map((e) => e.type)).size).toBe(events.length);
    expect(postStarted.type).toBe(events[1].type);
    expect(postStarted.match(events[1])).toBe(true);
    expect(postStarted.match(events[2])).toBe(false);
    expect(activityReceived(bot('1'), 0).typingMs).toBe(5000);
    expect(isChatEvent({ type: 'x' })).toBe(false);
    expect(isChatEvent(null)).toBe(false);
  });

  it('toChatError keeps what a DirectLineError says and accepts any thrown value', () => {
    expect(toChatError(new DirectLineError('x', { code: 'Timeout', status: 0, retryable: true }))).toEqual({
      message: 'x',
      code: 'Timeout',
      status: 0,
      retryable: true,
    });
    expect(toChatError({ message: 'plain', code: 'C' })).toEqual({ message: 'plain', code: 'C' });
    expect(toChatError('text')).toEqual({ message: 'text' });
    expect(toChatError(42)).toEqual({ message: 'Unknown error' });
    expect(toChatError(undefined)).toEqual({ message: 'Unknown error' });
  });
  describe('ids from the wire that name Object.prototype members', () => {
    const names = ['constructor', '__proto__', 'hasOwnProperty', 'toString', 'valueOf'];

    it.each(names)('a bot activity whose clientActivityID is %j is a plain transcript entry, and adds no post', (name) => {
      const s = reduce([activityReceived({ ...bot('1'), channelData: { clientActivityID: name } }, 0)]);
      expect(texts(s)).toEqual(['1#1']);
      expect(Object.keys(s.posts)).toEqual([]);
      expect(ownPostOf(s, s.activities[0])).toBeUndefined();
      expect(JSON.parse(JSON.stringify(s.posts))).toEqual({});
    });

    it.each(names)('an own post whose clientActivityID is %j goes pending, then sent, as one entry', (name) => {
      let s = reduce([postStarted(own(name, 'mine'), 1)]);
      expect(Object.keys(s.posts)).toEqual([name]);
      expect(Object.getPrototypeOf(s.posts)).toBe(Object.prototype);
      s = chatReducer(s, activityReceived(echo(name, '9', 'mine'), 2));
      expect(texts(s)).toEqual(['mine#9']);
      expect(Object.keys(s.posts)).toEqual([name]);
      expect(ownPostOf(s, s.activities[0])).toMatchObject({ status: 'sent', id: '9', echoed: true, clientActivityId: name });
    });

    it.each(names)('a message from a user whose id is %j leaves the typing map as it is', (name) => {
      const s = reduce([activityReceived(bot('1'), 0)]);
      const next = chatReducer(s, activityReceived({ type: 'message', id: '2', text: 'hi', from: { id: name } }, 1));
      expect(next.typing).toBe(s.typing);
      expect(chatReducer(next, typingExpired(name, 5))).toBe(next);
    });
  });
});
