/**
 * Livestreams over real sockets: the `streaming` option on the wire (against the official
 * client's), chunks delivered as they come, and the chat state over a connection to the emulator
 * with chunks scrambled or a socket dropped mid-livestream.
 */
import { firstValueFrom, lastValueFrom, Subscription } from 'rxjs';
import { filter, take, timeout } from 'rxjs/operators';
import { echoBot } from '../../src/emulator/bot/echo-bot';
import type { Activity } from '../../src/protocol/activity';
import { BOT, botChunk as chunk } from '../helpers/livestream-activities';
import { createDirectLine } from '../../src/node';
import { entryKeyOf, livestreamOf, toChatState } from '../../src/state';
import type { ChatState, ChatStateObservable } from '../../src/state';
import { connect, ConnectionStatus, keepListening, online, testOptions, until, useEmulator, waitFor } from './support';

const g = globalThis as any;
g.XMLHttpRequest = require('xhr2');
g.WebSocket = require('ws');
const { DirectLine } = require('botframework-directlinejs');

/** What the bot was given, by text. */
const seen = new Map<string, Activity>();
/** Resolved by the test when the client has seen the chunk the bot waits on (the lockstep bot). */
let proceed: ((n: number) => Promise<void>) | undefined;

const emulator = useEmulator({
  bot: async (activity, reply, signal) => {
    if (typeof activity.text === 'string') seen.set(activity.text, activity);
    if (activity.text !== 'lockstep') return echoBot(activity, reply, signal);
    // Sends chunk n only once the client has seen chunk n − 1: passes only if each chunk is delivered before the next is sent.
    const first = reply(chunk(1, 'one'));
    const streamId = first?.id as string;
    await proceed?.(1);
    reply(chunk(2, 'one two', streamId));
    await proceed?.(2);
    reply({ type: 'message', from: BOT, text: 'one two three', channelData: { streamType: 'final', streamId } });
  },
});

afterEach(() => {
  seen.clear();
  proceed = undefined;
});

describe('the streaming option', () => {
  it('connect({ streaming: true }): each post and upload goes out with deliveryMode "stream"; without it, none', async () => {
    const streaming = connect(testOptions(emulator(), { streaming: true }));
    keepListening(streaming);
    await firstValueFrom(streaming.postActivity({ type: 'message', text: 's-post', deliveryMode: 'normal' }).pipe(timeout(10000)));
    await lastValueFrom(
      streaming
        .uploadActivity({ type: 'message', text: 's-upload' }, [{ name: 'a.txt', contentType: 'text/plain', data: 'x' }])
        .pipe(timeout(10000)),
    );
    streaming.end();
    const plain = connect(testOptions(emulator()));
    keepListening(plain);
    await firstValueFrom(plain.postActivity({ type: 'message', text: 'p-post' }).pipe(timeout(10000)));
    plain.end();
    expect(seen.get('s-post')?.deliveryMode).toBe('stream');
    expect(seen.get('s-upload')?.deliveryMode).toBe('stream');
    expect(seen.get('p-post')?.deliveryMode).toBeUndefined();
  });

  it('createDirectLine({ streaming: true }) sends what the official client sends with the same option', async () => {
    const ours = createDirectLine({ domain: emulator().domain, secret: emulator().secret, streaming: true });
    const ourSub = ours.activity$.subscribe();
    await new Promise<string>((resolve, reject) =>
      ours.postActivity({ type: 'message', text: 'ours', from: { id: 'u1' } }).subscribe({ next: resolve, error: reject }),
    );
    const official = new DirectLine({ domain: emulator().domain, secret: emulator().secret, streaming: true });
    const officialSub = official.activity$.subscribe(() => undefined);
    await new Promise<string>((resolve, reject) =>
      official.postActivity({ type: 'message', text: 'official', from: { id: 'u1' } }).subscribe(resolve, reject),
    );
    for (const sub of [ourSub, officialSub]) sub.unsubscribe();
    ours.end();
    official.end();
    expect(seen.get('official')?.deliveryMode).toBe('stream');
    expect(seen.get('ours')?.deliveryMode).toBe(seen.get('official')?.deliveryMode);
  });

  it('refuses a streaming option that is not a boolean, with a DirectLineError', () => {
    expect(() => connect(testOptions(emulator(), { streaming: 'yes' as unknown as boolean }))).toThrow(
      expect.objectContaining({ name: 'DirectLineError', code: 'InvalidOptions' }),
    );
  });
});

describe('chunks on activity$', () => {
  it('each chunk reaches activity$ before the bot sends the next (nothing waits for the final)', async () => {
    const conn = connect(testOptions(emulator()));
    const received: Activity[] = [];
    const sub = conn.activity$.subscribe((a) => received.push(a));
    await online(conn);
    const texts = () => received.filter((a) => a.from?.id === 'bot').map((a) => a.text);
    proceed = async (n) => {
      expect(await until(() => texts().length === n, 5000)).toBe(true);
    };
    await firstValueFrom(conn.postActivity({ type: 'message', text: 'lockstep' }).pipe(timeout(10000)));
    await until(() => texts().length === 3);
    sub.unsubscribe();
    conn.end();
    expect(texts()).toEqual(['one', 'one two', 'one two three']);
  });
});

describe('the chat state over a connection to the emulator', () => {
  let chat: ChatStateObservable;
  let kept: Subscription;
  let conn: ReturnType<typeof connect>;
  const history: ChatState[] = [];

  beforeEach(() => {
    history.length = 0;
    conn = connect(testOptions(emulator()));
    chat = toChatState(conn);
    kept = chat.subscribe((s) => history.push(s));
  });
  afterEach(() => {
    kept.unsubscribe();
    conn.end();
  });

  const stateWhere = (predicate: (s: ChatState) => boolean, ms = 10000) =>
    firstValueFrom(chat.pipe(filter(predicate), take(1), timeout(ms)));
  const entriesOf = (s: ChatState, streamId: string) => s.activities.filter((a) => entryKeyOf(a) === streamId);
  /** Each state's view of one livestream's entry: its text, or '-' when it had none. */
  const textsOf = (streamId: string) => history.map((s) => entriesOf(s, streamId)[0]?.text ?? '-');

  it('the echo bot’s livestream grows in one entry, then the final takes its place, once', async () => {
    await online(conn); // typing reaches open sockets only
    await firstValueFrom(chat.send('stream big red fox').pipe(timeout(10000)));
    const done = await stateWhere((s) => s.activities.some((a) => a.text === 'echo: big red fox' && a.type === 'message'));
    const reply = done.activities[done.activities.length - 1];
    const streamId = entryKeyOf(reply);
    expect(livestreamOf(done, reply)).toMatchObject({ status: 'final', informative: 'Preparing the echo…' });
    expect(entriesOf(done, streamId)).toHaveLength(1);
    expect(done.activities.map((a) => a.text)).toEqual(['stream big red fox', 'echo: big red fox']);
    // The entry grew: every text it showed, in order, each one a step longer.
    const shown = [...new Set(textsOf(streamId).filter((t) => t !== '-'))];
    expect(shown).toEqual(['echo: big', 'echo: big red', 'echo: big red fox']);
  });

  it('chunks out of order and twice (the scramble fault): the text never goes back, the final comes once', async () => {
    const conversationId = await online(conn);
    emulator().faults.scrambleLivestreams(conversationId);
    await firstValueFrom(chat.send('stream one two three four five').pipe(timeout(10000)));
    const done = await stateWhere((s) => s.activities.some((a) => a.type === 'message' && a.text === 'echo: one two three four five'));
    await new Promise((r) => setTimeout(r, 300)); // the chunk held past the final comes after it
    const streamId = entryKeyOf(done.activities[1]);
    const lengths = textsOf(streamId)
      .filter((t) => t !== '-')
      .map((t) => t.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    const last = chat.getState();
    expect(last.activities.map((a) => `${a.type}:${a.text}`)).toEqual([
      'message:stream one two three four five',
      'message:echo: one two three four five',
    ]);
  });

  it('a drop mid-livestream: chunks sent while down are lost, the final replayed takes the entry’s place once, no interim entry is left', async () => {
    const conversationId = await online(conn);
    const first = emulator().sendFromBot(conversationId, chunk(1, 'one'));
    const streamId = first.id as string;
    emulator().sendFromBot(conversationId, chunk(2, 'one two', streamId));
    await stateWhere((s) => entriesOf(s, streamId)[0]?.text === 'one two');
    emulator().faults.dropSocket(conversationId);
    await stateWhere((s) => s.status === ConnectionStatus.Connecting);
    emulator().faults.failNext('conversations/get', 2, 503); // stay away a little longer
    emulator().sendFromBot(conversationId, chunk(3, 'one two three', streamId));
    emulator().sendFromBot(conversationId, {
      type: 'message',
      from: BOT,
      text: 'one two three four',
      channelData: { streamType: 'final', streamId },
    });
    emulator().sendFromBot(conversationId, { type: 'message', from: BOT, text: 'after' });
    const back = await stateWhere((s) => s.activities.some((a) => a.text === 'after'));
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    expect(back.activities.map((a) => `${a.type}:${a.text}`)).toEqual(['message:one two three four', 'message:after']);
    expect(livestreamOf(back, back.activities[0])?.status).toBe('final');
    expect(textsOf(streamId)).not.toContain('one two three'); // the chunk sent while down never came
  });
});
