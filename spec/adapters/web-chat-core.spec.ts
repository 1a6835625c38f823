// Web Chat's own store and sagas (botframework-webchat-core, as botframework-webchat runs them) driving
// createDirectLine against the emulator: what Web Chat does with the object, without a browser.
import {
  connect as connectWebChat,
  createStoreWithOptions,
  disconnect,
  postActivity,
  sendFiles,
  sendMessage,
} from 'botframework-webchat-core';
import type { DirectLineJSBotConnection } from 'botframework-webchat-core';
import { createDirectLine } from '../../src/node';
import type { WebChatDirectLine } from '../../src/adapters/web-chat';
import type { Activity } from '../../src/protocol/activity';
import { ConnectionStatus, testOptions, until, useEmulator } from '../e2e/support';

// Web Chat names a file's type with `mime`, whose current release is ESM only, which jest's CommonJS
// runtime cannot load: a lookup of the one type these tests send stands in for it.
jest.mock('mime', () => ({ __esModule: true, default: { getType: (name: string) => (name.endsWith('.txt') ? 'text/plain' : null) } }));

interface WebChatState {
  activities: Array<Activity & { channelData?: Record<string, unknown> }>;
  connectivityStatus: string;
  referenceGrammarID?: string;
}

// Web Chat's post saga reads window.Intl; Node has no window.
const globals = globalThis as { window?: unknown };
const hadWindow = 'window' in globals;
beforeAll(() => {
  if (!hadWindow) globals.window = { Intl };
});
afterAll(() => {
  if (!hadWindow) delete globals.window;
});

/** The type Web Chat declares for its `directLine` prop accepts the object as it is. */
const asWebChatProp = (directLine: WebChatDirectLine): DirectLineJSBotConnection => directLine;

// Web Chat's own timers (send timeout, slow-connection notice) cannot be cancelled: they must not keep jest alive.
const unrefSetTimeout = ((handler: () => void, ms?: number) => {
  const timer = setTimeout(handler, ms);
  timer.unref();
  return timer;
}) as unknown as typeof setTimeout;

function webChat(directLine: WebChatDirectLine) {
  const store = createStoreWithOptions({ ponyfill: { setTimeout: unrefSetTimeout, clearTimeout, setInterval, clearInterval, Date } });
  store.dispatch(connectWebChat({ directLine: asWebChatProp(directLine), userID: 'r_webchat', username: 'Web Chat user' }));
  const state = () => store.getState() as WebChatState;
  return { store, state };
}

const sendStatus = (a: { channelData?: unknown }) => (a.channelData as Record<string, unknown> | undefined)?.['webchat:send-status'];

describe('Web Chat (botframework-webchat-core) over createDirectLine', () => {
  const emulator = useEmulator({ keepAliveMs: 200 });

  it('connects, sends, shows the reply once; a dropped socket reconnects and the chat goes on with nothing lost or doubled', async () => {
    const em = emulator();
    const { user: _user, ...options } = testOptions(em);
    const directLine = createDirectLine(options);
    const { store, state } = webChat(directLine);
    expect(await until(() => state().connectivityStatus === 'connected', 10000)).toBe(true);
    expect(state().referenceGrammarID).toBe(directLine.referenceGrammarId);

    store.dispatch(sendMessage('hello', 'keyboard'));
    expect(await until(() => state().activities.some((a) => a.text === 'echo: hello'), 10000)).toBe(true);
    const mine = state().activities.find((a) => a.text === 'hello');
    expect(mine).toMatchObject({ from: { id: 'r_webchat', role: 'user' } });
    expect(await until(() => sendStatus(state().activities.find((a) => a.text === 'hello') ?? {}) === 'sent')).toBe(true);

    em.faults.dropSocket(directLine.conversationId as string);
    em.sendFromBot(directLine.conversationId as string, { type: 'message', text: 'while reconnecting' });
    expect(await until(() => state().connectivityStatus === 'reconnected', 10000)).toBe(true);
    store.dispatch(sendMessage('again', 'keyboard'));
    expect(await until(() => state().activities.some((a) => a.text === 'echo: again'), 10000)).toBe(true);
    const texts = state().activities.map((a) => a.text);
    expect(texts).toEqual(['hello', 'echo: hello', 'while reconnecting', 'again', 'echo: again']);
    expect(new Set(state().activities.map((a) => a.id)).size).toBe(texts.length);

    store.dispatch(disconnect());
    expect(await until(() => directLine.connectionStatus$.value === ConnectionStatus.Ended)).toBe(true);
  });

  it('a failed post shows "send failed", and Web Chat\'s retry of it is sent', async () => {
    const em = emulator();
    const { user: _user, ...options } = testOptions(em);
    const directLine = createDirectLine(options);
    const { store, state } = webChat(directLine);
    expect(await until(() => state().connectivityStatus === 'connected', 10000)).toBe(true);
    const reported = jest.spyOn(console, 'error').mockImplementation(() => undefined); // Web Chat logs the failure
    em.faults.failNext('activities/post', 1, 500);
    store.dispatch(sendMessage('fragile', 'keyboard'));
    const failed = () => state().activities.find((a) => a.text === 'fragile');
    expect(await until(() => sendStatus(failed() ?? {}) === 'send failed', 10000)).toBe(true);
    expect(em.activities(directLine.conversationId as string).some((a) => a.text === 'fragile')).toBe(false);
    expect(reported).toHaveBeenCalledWith(expect.stringContaining('Failed to post activity'), expect.objectContaining({ status: 500 }));
    reported.mockRestore();

    // Web Chat's "Retry" dispatches the same activity again.
    const { channelData: _cd, id: _id, ...activity } = failed() as Activity;
    store.dispatch(postActivity({ ...activity, type: 'message' } as Parameters<typeof postActivity>[0]));
    expect(await until(() => state().activities.some((a) => a.text === 'echo: fragile'), 10000)).toBe(true);
    expect(state().activities.filter((a) => a.text === 'fragile' && sendStatus(a) === 'sent')).toHaveLength(1);
    store.dispatch(disconnect());
    expect(await until(() => directLine.connectionStatus$.value === ConnectionStatus.Ended)).toBe(true);
  });

  it('a file sent through Web Chat (sendFiles) is uploaded, and comes back as an attachment the emulator serves', async () => {
    const em = emulator();
    const { user: _user, ...options } = testOptions(em);
    const directLine = createDirectLine(options);
    const { store, state } = webChat(directLine);
    expect(await until(() => state().connectivityStatus === 'connected', 10000)).toBe(true);
    const uploads = em.stats().requests.upload;
    const content = 'file picked in Web Chat';
    store.dispatch(
      sendFiles([{ name: 'picked.txt', size: content.length, url: `data:text/plain;base64,${Buffer.from(content).toString('base64')}` }]),
    );
    const echoed = () =>
      state().activities.find((a) => a.from?.role === 'user' && a.id && a.attachments?.some((x) => x.contentUrl?.startsWith('http')));
    expect(await until(() => echoed() !== undefined, 10000)).toBe(true);
    expect(em.stats().requests.upload).toBe(uploads + 1);
    const attachment = echoed()?.attachments?.[0];
    expect(attachment).toMatchObject({ name: 'picked.txt', contentType: 'text/plain' });
    expect(await (await fetch(attachment?.contentUrl as string)).text()).toBe(content);
    store.dispatch(disconnect());
    expect(await until(() => directLine.connectionStatus$.value === ConnectionStatus.Ended)).toBe(true);
  });
});
