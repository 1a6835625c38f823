/**
 * @jest-environment ./examples/testing/jsdom-with-node-timers.env.js
 */
import '../../../testing/setup-testbed';
import { TestBed } from '@angular/core/testing';
import { Actions, provideEffects } from '@ngrx/effects';
import { provideStore, Store } from '@ngrx/store';
import type { Action } from '@ngrx/store';
import { ConnectionStatus } from 'directline-rx';
import type { ChatState, ConnectOptions } from 'directline-rx';
import { nodeCreateXHR, nodeWebSocketFactory } from 'directline-rx/node';
import { testOptions, until, useEmulator } from '../../../../spec/e2e/support';
import { provideDirectLine } from '../../../angular/src/app/direct-line.providers';
import { ChatActions } from './chat.actions';
import { ChatEffects } from './chat.effects';
import { CHAT_FEATURE_KEY, chatFeatureReducer } from './chat.reducer';
import { selectChat, selectFailedPosts, selectMessages, selectPendingPosts, selectSession, selectStatus } from './chat.selectors';

const emulator = useEmulator();

/** A real store with the chat feature and its effects; records every action and the state after each. */
function createStore(extra: Partial<ConnectOptions> = {}) {
  TestBed.configureTestingModule({
    providers: [
      // Every runtime check on: the state and the actions must stay immutable and serialisable.
      provideStore(
        { [CHAT_FEATURE_KEY]: chatFeatureReducer },
        {
          runtimeChecks: {
            strictStateImmutability: true,
            strictActionImmutability: true,
            strictStateSerializability: true,
            strictActionSerializability: true,
          },
        },
      ),
      provideEffects(ChatEffects),
      provideDirectLine({ ...testOptions(emulator()), webSocketFactory: nodeWebSocketFactory, createXHR: nodeCreateXHR, ...extra }),
    ],
  });
  const store = TestBed.inject(Store);
  const actions: Action[] = [];
  TestBed.inject(Actions).subscribe((action) => actions.push(action));
  const statuses: ConnectionStatus[] = [];
  store.select(selectStatus).subscribe((status) => statuses.push(status));
  let state: ChatState = undefined as unknown as ChatState;
  store.select(selectChat).subscribe((s) => (state = s));
  const select = <T>(selector: (s: object) => T): T => {
    let value!: T;
    store
      .select(selector)
      .subscribe((v) => (value = v))
      .unsubscribe();
    return value;
  };
  return { store, actions, statuses, state: () => state, select };
}

/** {@link createStore}, connected and Online; `id` is the conversation's. */
async function connectedStore() {
  const created = createStore();
  created.store.dispatch(ChatActions.connect());
  expect(await until(() => created.select(selectStatus) === ConnectionStatus.Online, 15000)).toBe(true);
  return { ...created, id: created.select(selectSession).conversationId as string };
}

const texts = (activities: { text?: string }[]) => activities.map((a) => a.text);

describe('NgRx example: chatReducer in a real store, the connection as effects (against the emulator)', () => {
  it('Connect brings the store Online; Send shows the post pending, then one sent entry and the bot’s answer', async () => {
    const em = emulator();
    const { store, select } = createStore();
    store.dispatch(ChatActions.connect());
    expect(await until(() => select(selectStatus) === ConnectionStatus.Online, 15000)).toBe(true);
    expect(select(selectSession).conversationId).toEqual(expect.any(String));

    em.faults.delay('activities/post', 200);
    store.dispatch(ChatActions.send({ text: 'hello' }));
    expect(select(selectPendingPosts)).toHaveLength(1);
    expect(texts(select(selectMessages))).toEqual(['hello']);

    expect(await until(() => texts(select(selectMessages)).includes('echo: hello'), 15000)).toBe(true);
    expect(texts(select(selectMessages))).toEqual(['hello', 'echo: hello']);
    expect(select(selectPendingPosts)).toHaveLength(0);
    expect(Object.values(select(selectChat).posts)).toEqual([expect.objectContaining({ status: 'sent', echoed: true })]);
  });

  it('a dropped socket shows Connecting, then Online, and the store has every message once, in order', async () => {
    const em = emulator();
    const { store, select, statuses, id } = await connectedStore();

    em.faults.failNext('conversations/get', 2, 500);
    em.faults.dropSocket(id);
    em.sendFromBot(id, { type: 'message', text: 'while away' });
    store.dispatch(ChatActions.send({ text: 'sent while away' }));
    const stored = () => texts(em.activities(id).filter((a) => a.type === 'message'));
    expect(await until(() => stored().length === 3 && texts(select(selectMessages)).length === 3, 15000)).toBe(true);
    expect(await until(() => select(selectStatus) === ConnectionStatus.Online, 15000)).toBe(true);

    expect(texts(select(selectMessages))).toEqual(stored());
    const afterOnline = statuses.slice(statuses.indexOf(ConnectionStatus.Online));
    expect(afterOnline).toEqual(expect.arrayContaining([ConnectionStatus.Connecting]));
    expect(afterOnline[afterOnline.length - 1]).toBe(ConnectionStatus.Online);
  });

  it('errors are actions: a refused post is failed in the state, a removed conversation is Connection Failed', async () => {
    const em = emulator();
    const { store, select, actions, state, id } = await connectedStore();

    em.faults.failNext('activities/post', 1, 400, { code: 'BadArgument' });
    store.dispatch(ChatActions.send({ text: 'refused' }));
    expect(await until(() => select(selectFailedPosts).length === 1, 15000)).toBe(true);
    expect(select(selectFailedPosts)[0]).toMatchObject({ status: 'failed', error: { status: 400 } });
    expect(state().error).toMatchObject({ status: 400 });
    expect(actions.map((a) => a.type)).toContain('[Direct Line] Post Failed');

    em.faults.removeConversation(id);
    em.faults.dropSocket(id);
    expect(await until(() => actions.some((a) => a.type === '[Direct Line] Connection Failed'), 15000)).toBe(true);
    expect(state().error).toMatchObject({ status: 404 });
    expect(select(selectStatus)).toBe(ConnectionStatus.Ended);
  });

  it('Retry posts a failed post again as the same activity: one entry, sent, and the service has it once', async () => {
    const em = emulator();
    const { store, select, id } = await connectedStore();

    em.faults.failNext('activities/post', 1, 500, { code: 'ServiceError' });
    store.dispatch(ChatActions.send({ text: 'unlucky' }));
    expect(await until(() => select(selectFailedPosts).length === 1, 15000)).toBe(true);
    const failed = select(selectMessages).find((a) => a.text === 'unlucky');

    store.dispatch(ChatActions.retry({ activity: failed! }));
    expect(await until(() => texts(select(selectMessages)).includes('echo: unlucky'), 15000)).toBe(true);
    expect(texts(select(selectMessages))).toEqual(['unlucky', 'echo: unlucky']);
    expect(select(selectFailedPosts)).toHaveLength(0);
    expect(Object.values(select(selectChat).posts)).toEqual([expect.objectContaining({ status: 'sent', echoed: true })]);
    expect(texts(em.activities(id).filter((a) => a.type === 'message'))).toEqual(['unlucky', 'echo: unlucky']);
  });

  it('Disconnect ends the connection (socket closed, state Ended, later sends go nowhere); Connect opens a new one', async () => {
    const em = emulator();
    const { store, select, id } = await connectedStore();

    store.dispatch(ChatActions.disconnect());
    expect(select(selectStatus)).toBe(ConnectionStatus.Ended);
    expect(await until(() => em.openSockets(id) === 0)).toBe(true);
    store.dispatch(ChatActions.send({ text: 'nobody listens' }));
    expect(select(selectPendingPosts)).toHaveLength(0);

    store.dispatch(ChatActions.connect());
    expect(await until(() => select(selectStatus) === ConnectionStatus.Online, 15000)).toBe(true);
    expect(select(selectSession).conversationId).not.toBe(id);
    expect(em.activities(id).map((a) => a.text)).not.toContain('nobody listens');
    store.dispatch(ChatActions.disconnect());
  });

  it('options that connect refuses are a Connection Failed action, and the effect lives on', () => {
    const { store, actions, state } = createStore({ domain: 'not a url' });
    const failures = () => actions.filter((a) => a.type === '[Direct Line] Connection Failed').length;

    store.dispatch(ChatActions.connect());
    expect(failures()).toBe(1);
    expect(state().error).toMatchObject({ code: 'InvalidOptions' });

    store.dispatch(ChatActions.connect());
    expect(failures()).toBe(2);
  });
});
