import { ConnectionStatus } from 'directline-rx';
import { connect } from 'directline-rx/node';
import { testOptions, until, useEmulator } from '../../spec/e2e/support';
import { connectRequested, disconnectRequested, sendRequested } from './chat.actions';
import { createChatStore } from './store';

const emulator = useEmulator();
const stores: ReturnType<typeof createChatStore>[] = [];
afterEach(() => stores.splice(0).forEach((store) => store.dispatch(disconnectRequested())));

/** A real store whose epic connects to the emulator through the injected `connect`. */
function createStore() {
  const connectToEmulator = jest.fn(() => connect(testOptions(emulator())));
  const store = createChatStore({ connect: connectToEmulator });
  stores.push(store);
  const chat = () => store.getState().chat;
  const messages = () =>
    chat()
      .activities.filter((a) => a.type === 'message')
      .map((a) => a.text);
  const online = () => until(() => chat().status === ConnectionStatus.Online, 15000);
  return { store, chat, messages, online, connectToEmulator };
}

/** {@link createStore}, connected and Online; `id` is the conversation's. */
async function connectedStore() {
  const created = createStore();
  created.store.dispatch(connectRequested());
  expect(await created.online()).toBe(true);
  return { ...created, id: created.chat().session.conversationId as string };
}

describe('redux-observable example: the chat epic in a Redux Toolkit store (against the emulator)', () => {
  it('connects through the injected connect; a sent message is pending, then one sent entry, then the answer', async () => {
    const em = emulator();
    const reported = jest.spyOn(console, 'error'); // where Redux Toolkit reports a non-serialisable state or action
    const { store, chat, messages, online, connectToEmulator } = createStore();
    expect(connectToEmulator).not.toHaveBeenCalled();
    store.dispatch(connectRequested());
    expect(connectToEmulator).toHaveBeenCalledTimes(1);
    expect(await online()).toBe(true);

    em.faults.delay('activities/post', 200);
    store.dispatch(sendRequested('hello'));
    expect(messages()).toEqual(['hello']);
    expect(Object.values(chat().posts).map((p) => p.status)).toEqual(['pending']);
    expect(await until(() => messages().includes('echo: hello'), 15000)).toBe(true);
    expect(messages()).toEqual(['hello', 'echo: hello']);
    expect(Object.values(chat().posts)).toEqual([expect.objectContaining({ status: 'sent', echoed: true })]);
    expect(reported).not.toHaveBeenCalled();
    reported.mockRestore();
  });

  it('recovers from a dropped socket with every message once, in order', async () => {
    const em = emulator();
    const { store, chat, messages, online, id } = await connectedStore();
    const statuses: ConnectionStatus[] = [];
    store.subscribe(() => statuses[statuses.length - 1] !== chat().status && statuses.push(chat().status));

    em.faults.failNext('conversations/get', 2, 500);
    em.faults.dropSocket(id);
    em.sendFromBot(id, { type: 'message', text: 'while away' });
    store.dispatch(sendRequested('sent while away'));
    const stored = () =>
      em
        .activities(id)
        .filter((a) => a.type === 'message')
        .map((a) => a.text);
    expect(await until(() => stored().length === 3 && messages().length === 3, 15000)).toBe(true);
    expect(await online()).toBe(true);

    expect(messages()).toEqual(stored());
    expect(statuses).toContain(ConnectionStatus.Connecting);
  });

  it('errors are actions: a refused post is failed in the state and the store keeps working', async () => {
    const em = emulator();
    const { store, chat, messages, id } = await connectedStore();
    em.faults.failNext('activities/post', 1, 400, { code: 'BadArgument' });
    store.dispatch(sendRequested('refused'));
    expect(await until(() => Object.values(chat().posts).some((p) => p.status === 'failed'), 15000)).toBe(true);
    expect(chat().error).toMatchObject({ status: 400 });

    store.dispatch(sendRequested('accepted'));
    expect(await until(() => messages().includes('echo: accepted'), 15000)).toBe(true);
    // The refused post stays in the transcript, failed, after the service's activities.
    expect(messages()).toEqual(['accepted', 'echo: accepted', 'refused']);
    expect(em.activities(id).map((a) => a.text)).not.toContain('refused');
  });

  it('disconnectRequested ends the connection: Ended, socket closed, later sends go nowhere', async () => {
    const em = emulator();
    const { store, chat, connectToEmulator, id } = await connectedStore();

    store.dispatch(disconnectRequested());
    expect(chat().status).toBe(ConnectionStatus.Ended);
    expect(await until(() => em.openSockets(id) === 0)).toBe(true);
    store.dispatch(sendRequested('nobody listens'));
    expect(Object.keys(chat().posts)).toHaveLength(0);
    expect(em.activities(id).map((a) => a.text)).not.toContain('nobody listens');
    expect(connectToEmulator).toHaveBeenCalledTimes(1);
  });

  it('a second connectRequested ends the open connection and opens a new conversation', async () => {
    const em = emulator();
    const { store, chat, online, connectToEmulator, id } = await connectedStore();

    store.dispatch(connectRequested());
    expect(connectToEmulator).toHaveBeenCalledTimes(2);
    expect(await until(() => em.openSockets(id) === 0)).toBe(true);
    expect(await until(() => chat().session.conversationId !== id, 15000)).toBe(true);
    expect(await online()).toBe(true);
    expect(em.openSockets(chat().session.conversationId as string)).toBe(1);
  });

  it('options that connect refuses are a connectionFailed action; the epic lives on and connects next time', async () => {
    const { store, chat, online, connectToEmulator } = createStore();
    connectToEmulator.mockImplementationOnce(() => connect({ ...testOptions(emulator()), domain: 'not a url' }));

    store.dispatch(connectRequested());
    expect(chat().error).toMatchObject({ code: 'InvalidOptions' });

    store.dispatch(connectRequested());
    expect(await online()).toBe(true);
    expect(connectToEmulator).toHaveBeenCalledTimes(2);
  });
});
