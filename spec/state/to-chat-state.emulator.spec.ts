import { firstValueFrom, Subscription } from 'rxjs';
import { filter, take, timeout } from 'rxjs/operators';
import type { Activity } from '../../src/protocol/activity';
import { toChatState } from '../../src/state';
import type { ChatState, ChatStateObservable } from '../../src/state';
import { connect, ConnectionStatus, testOptions, useEmulator } from '../e2e/support';
import type { DirectLineConnection } from '../../src/connection';

/** Echoes each message; "type" makes the bot type first. */
const typingBot = (activity: Activity, reply: (a: Partial<Activity>) => void) => {
  if (activity.type !== 'message') return;
  if (activity.text === 'type') reply({ type: 'typing', from: { id: 'bot', name: 'Bot', role: 'bot' } });
  reply({ type: 'message', text: `echo: ${activity.text}`, from: { id: 'bot', name: 'Bot', role: 'bot' } });
};

const stateWhere = (chat: ChatStateObservable, predicate: (s: ChatState) => boolean, ms = 10000) =>
  firstValueFrom(chat.pipe(filter(predicate), take(1), timeout(ms)));
const texts = (s: ChatState) => s.activities.map((a) => a.text);

describe('toChatState against the emulator', () => {
  const emulator = useEmulator({ bot: typingBot });
  let conn: DirectLineConnection;
  let chat: ChatStateObservable;
  let kept: Subscription;

  beforeEach(() => {
    conn = connect(testOptions(emulator()));
    chat = toChatState(conn, { typingMs: 300 });
    kept = chat.subscribe();
  });
  afterEach(() => {
    kept.unsubscribe();
    conn.end();
  });

  it('an own post is pending, then one entry confirmed by its echo, followed by the reply; status and session are in the state', async () => {
    const id = await firstValueFrom(chat.send('hello').pipe(timeout(10000)));
    const state = await stateWhere(chat, (s) => s.activities.length >= 2);
    expect(texts(state)).toEqual(['hello', 'echo: hello']);
    const cid = Object.keys(state.posts)[0];
    expect(state.posts[cid]).toMatchObject({ status: 'sent', id, echoed: true });
    expect(state.activities[0].id).toBe(id);
    expect(state.status).toBe(ConnectionStatus.Online);
    expect(state.session.conversationId).toBe(conn.getSession().conversationId);
    expect(state.session.watermark).toBeDefined();
    // exactly what the service stored, in its order
    expect(
      emulator()
        .activities(state.session.conversationId as string)
        .map((a) => a.id),
    ).toEqual(state.activities.map((a) => a.id));
  });

  it("the bot's typing shows, then expires after typingMs, and its message is in the transcript", async () => {
    chat.send('type');
    await stateWhere(chat, (s) => s.typing.bot !== undefined || texts(s).includes('echo: type'));
    const after = await stateWhere(chat, (s) => texts(s).includes('echo: type') && Object.keys(s.typing).length === 0);
    expect(texts(after)).toEqual(['type', 'echo: type']);
    const conversationId = after.session.conversationId as string;
    emulator().sendFromBot(conversationId, { type: 'typing' });
    const typing = await stateWhere(chat, (s) => s.typing.bot !== undefined);
    expect(typing.typing.bot.from.id).toBe('bot');
    const expired = await stateWhere(chat, (s) => s.typing.bot === undefined);
    expect(texts(expired)).toEqual(['type', 'echo: type']);
  });

  it('a refused post is failed, stays in the outbox after what the service has, and is the last error; the next post goes through', async () => {
    await firstValueFrom(chat.send('first').pipe(timeout(10000)));
    emulator().faults.failNext('activities/post', 1, 400);
    const error = await firstValueFrom(chat.send('refused')).catch((e) => e);
    expect(error).toMatchObject({ name: 'DirectLineError', status: 400 });
    const failed = chat.getState();
    const refused = Object.values(failed.posts).find((p) => p.status === 'failed');
    expect(refused).toMatchObject({ status: 'failed', error: { status: 400 } });
    expect(failed.error).toMatchObject({ status: 400 });
    await firstValueFrom(chat.send('again').pipe(timeout(10000)));
    const state = await stateWhere(chat, (s) => texts(s).includes('echo: again'));
    expect(texts(state)).toEqual(['first', 'echo: first', 'again', 'echo: again', 'refused']);
  });

  it('a dropped socket shows Connecting, then Online again, with nothing lost or repeated', async () => {
    await firstValueFrom(chat.send('one').pipe(timeout(10000)));
    const before = await stateWhere(chat, (s) => texts(s).includes('echo: one'));
    const conversationId = before.session.conversationId as string;
    const statuses: ConnectionStatus[] = [];
    const watch = chat.subscribe((s) => statuses.push(s.status));
    emulator().faults.dropSocket(conversationId);
    await stateWhere(chat, (s) => s.status === ConnectionStatus.Connecting);
    emulator().sendFromBot(conversationId, { type: 'message', text: 'while away' });
    await stateWhere(chat, (s) => s.status === ConnectionStatus.Online);
    await firstValueFrom(chat.send('two').pipe(timeout(10000)));
    const after = await stateWhere(chat, (s) => texts(s).includes('echo: two'));
    watch.unsubscribe();
    expect(texts(after)).toEqual(['one', 'echo: one', 'while away', 'two', 'echo: two']);
    expect(statuses).toContain(ConnectionStatus.Connecting);
  });
});
