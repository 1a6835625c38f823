import { asyncScheduler, of } from 'rxjs';
import { ConversationCalls } from '../../src/connect/conversation-calls';
import { SessionStore } from '../../src/connect/session-store';
import { Credentials } from '../../src/credentials';
import type { WebSocketLike } from '../../src/transports';

function calls(settings: ConstructorParameters<typeof ConversationCalls>[0]['settings'] = {}) {
  const session = new SessionStore({ conversationId: 'c1', watermark: '4' });
  const credentials = new Credentials({
    secret: 's',
    refreshIntervalMs: 1000,
    scheduler: asyncScheduler,
    http: {},
    onToken: () => undefined,
    onExpired: () => undefined,
    onRefreshed: () => undefined,
    onRefreshFailed: () => undefined,
  });
  const onForbidden = () => of(true);
  const random = () => 0.5;
  const retry = { maxRetries: 4, backoff: { initialMs: 10 }, random, onForbidden, scheduler: asyncScheduler };
  return { made: new ConversationCalls({ settings, retry, credentials, session }, 'c1'), session, retry };
}

describe('ConversationCalls', () => {
  it('carries the retry policy as given and the receive settings, for reconnect$ and poll$ alike', () => {
    const { made, retry } = calls({
      silenceMs: 1500,
      stableMs: 300,
      streamUrlLifetimeMs: 30000,
      fallbackToPollingAfter: 0,
      pollingInterval: 700,
    });
    expect(made).toMatchObject({
      maxRetries: 4,
      backoff: { initialMs: 10 },
      random: retry.random,
      onForbidden: retry.onForbidden,
      scheduler: asyncScheduler,
    });
    expect(made).toMatchObject({
      silenceMs: 1500,
      stableMs: 300,
      streamUrlLifetimeMs: 30000,
      fallbackToPollingAfter: 0,
      pollingInterval: 700,
    });
  });

  it('reads the newest watermark from the session at each call', () => {
    const { made, session } = calls();
    expect(made.getWatermark()).toBe('4');
    session.update({ watermark: '9' });
    expect(made.getWatermark()).toBe('9');
  });

  it('opens the stream with the given factory and the response bound', () => {
    const opened: { url: string; maxResponseBytes?: number }[] = [];
    const factory = (url: string, _protocols?: string | string[], limits?: { maxResponseBytes?: number }): WebSocketLike => {
      opened.push({ url, maxResponseBytes: limits?.maxResponseBytes });
      return { onopen: null, onclose: null, onmessage: null, onerror: null, send: () => undefined, close: () => undefined };
    };
    const { made } = calls({ webSocketFactory: factory, maxResponseBytes: 1234 });
    const sub = made.openSocket('ws://127.0.0.1:1/stream').subscribe({ error: () => undefined });
    sub.unsubscribe();
    expect(opened).toEqual([{ url: 'ws://127.0.0.1:1/stream', maxResponseBytes: 1234 }]);
  });
});
