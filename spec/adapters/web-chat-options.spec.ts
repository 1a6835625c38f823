// createDirectLine's options: the official client's names translated, and never stricter than it.
import { lenientOptions, toConnectOptions, usableUserId } from '../../src/adapters/web-chat-options';
import type { DirectLineOptions } from '../../src/adapters/web-chat-options';
import type { DebugEvent } from '../../src/options';
import { DirectLineError } from '../../src/protocol/errors';

/** Runs lenientOptions, returning what it kept and the settings it reported ignored. */
function lenient(options: Record<string, unknown>): { kept: DirectLineOptions; ignored: string[] } {
  const events: DebugEvent[] = [];
  const kept = lenientOptions({ ...options, debug: (e) => events.push(e) } as DirectLineOptions);
  const ignored = events.map((e) => (e.type === 'ignored' ? e.setting : `unexpected ${e.type}`));
  return { kept, ignored };
}

const good = { token: 't' };

describe('lenientOptions: what the official client starts with is ignored (debug event), never thrown', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a timeout of 0 (the official client: no timeout)', { ...good, timeout: 0 }, 'timeout'],
    ['conversationStartProperties that is not an object', { ...good, conversationStartProperties: 'fr-FR' }, 'conversationStartProperties'],
    ['conversationStartProperties: null', { ...good, conversationStartProperties: null }, 'conversationStartProperties'],
    ['an empty secret beside a token (the official client reads `secret || token`)', { ...good, secret: '' }, 'secret'],
    ['a token that is not a string beside a secret (the secret wins)', { secret: 's', token: 42 }, 'token'],
    ['an empty token beside a secret', { secret: 's', token: '' }, 'token'],
    ['a botAgent that is not a string', { ...good, botAgent: 42 }, 'botAgent'],
    ['a watermark without conversationId (a new conversation starts)', { ...good, watermark: '3' }, 'watermark'],
    ['a streamUrl without conversationId', { ...good, streamUrl: 'wss://x/stream' }, 'streamUrl'],
    ['a pollingInterval under 200 ms (the official client: its default)', { ...good, pollingInterval: 0 }, 'pollingInterval'],
    ['a user without a usable id (the official client has no such option)', { ...good, user: { id: '' } }, 'user'],
    ['a historyCapacity that is not a whole number', { ...good, historyCapacity: -1 }, 'historyCapacity'],
    ['a sendingGraceMs below 0', { ...good, sendingGraceMs: -5 }, 'sendingGraceMs'],
    ['a sendingGraceMs past what a timer holds', { ...good, sendingGraceMs: 2 ** 31 }, 'sendingGraceMs'],
  ])('%s', (_title, options, setting) => {
    const { kept, ignored } = lenient(options);
    expect(ignored).toEqual([setting]);
    expect(setting in kept).toBe(false);
    for (const key of Object.keys(options).filter((k) => k !== setting)) expect(kept[key as keyof DirectLineOptions]).toEqual(options[key]);
  });

  it.each([[{ x: 1 }], [42], ['']])(
    'a locale that is not a language tag (%p) is left out; the rest of conversationStartProperties stays',
    (locale) => {
      const { kept, ignored } = lenient({ ...good, conversationStartProperties: { locale, other: 1 } });
      expect(ignored).toEqual(['conversationStartProperties.locale']);
      expect(kept.conversationStartProperties).toEqual({ locale: undefined, other: 1 });
    },
  );

  it('good options pass as they are, with no event', () => {
    const options = {
      secret: 's',
      timeout: 5000,
      conversationStartProperties: { locale: 'fr-FR' },
      botAgent: 'my-app/1.0',
      conversationId: 'c1',
      watermark: '4',
      streamUrl: 'wss://x/stream',
      pollingInterval: 200,
      user: { id: 'u1' },
      historyCapacity: 0,
      sendingGraceMs: 0,
    };
    const { kept, ignored } = lenient(options);
    expect(ignored).toEqual([]);
    expect(kept).toMatchObject(options);
  });

  it('without a debug hook the value is still left out, silently', () => {
    expect(lenientOptions({ token: 't', timeout: 0 })).toEqual({ token: 't' });
  });
});

describe('lenientOptions: what the official client cannot work with either stays an error', () => {
  it.each<[string, unknown]>([
    ['no options object (the official client: TypeError)', undefined],
    ['a negative timeout (the official client: FailedToConnect)', { ...good, timeout: -1 }],
    ['a timeout that is not a number (the official client: Connecting for ever)', { ...good, timeout: 'abc' }],
  ])('%s: InvalidOptions', (_title, options) => {
    expect(() => lenientOptions(options as DirectLineOptions)).toThrow(DirectLineError);
    try {
      lenientOptions(options as DirectLineOptions);
    } catch (err) {
      expect((err as DirectLineError).code).toBe('InvalidOptions');
    }
  });

  it.each<[string, Record<string, unknown>]>([
    ['an empty secret with no token', { secret: '' }],
    ['a secret that is not a string', { secret: 42, token: 't' }],
    ['a token that is not a string, with no secret', { token: 42 }],
    ['a watermark that is not a string, with conversationId', { ...good, conversationId: 'c', watermark: 42 }],
    ['a botAgent with a line break', { ...good, botAgent: 'a\nb' }],
    ['a domain that is not a URL', { ...good, domain: 'not a url' }],
  ])('%s: passed on as it is, for connect() to refuse', (_title, options) => {
    const { kept, ignored } = lenient(options);
    expect(ignored).toEqual([]);
    expect(kept).toMatchObject(options);
  });
});

describe('usableUserId (setUserId), as the official client takes it', () => {
  it('a non-empty string not beginning "dl_" is used', () => {
    const debug = jest.fn();
    expect(usableUserId('user-42', debug)).toBe(true);
    expect(debug).not.toHaveBeenCalled();
  });

  it.each([['dl_forged'], [''], [42], [undefined]])('%p is ignored with a debug event, never thrown', (userId) => {
    const events: DebugEvent[] = [];
    expect(usableUserId(userId, (e) => events.push(e))).toBe(false);
    expect(events).toEqual([{ type: 'ignored', setting: 'setUserId', reason: expect.any(String) }]);
  });
});

describe("toConnectOptions: the official client's names for connect()", () => {
  it('translates timeout and conversationStartProperties.locale, and leaves out what only the Web Chat object reads', () => {
    const options = toConnectOptions(
      {
        token: 't',
        timeout: 3000,
        conversationStartProperties: { locale: 'fr-FR' },
        historyCapacity: 5,
        sendingGraceMs: 10,
        pollingInterval: 500,
      },
      () => undefined,
    );
    expect(options).toMatchObject({ token: 't', requestTimeoutMs: 3000, locale: 'fr-FR', pollingInterval: 500 });
    expect(options).not.toHaveProperty('timeout');
    expect(options).not.toHaveProperty('conversationStartProperties');
    expect(options).not.toHaveProperty('historyCapacity');
    expect(options).not.toHaveProperty('sendingGraceMs');
  });

  it("connect()'s own names win over the official client's", () => {
    const options = toConnectOptions(
      { token: 't', timeout: 3000, requestTimeoutMs: 1000, locale: 'de-DE', conversationStartProperties: { locale: 'fr-FR' } },
      () => undefined,
    );
    expect(options).toMatchObject({ requestTimeoutMs: 1000, locale: 'de-DE' });
  });

  it("hands the conversation to the Web Chat object first, then to the application's onConversation", () => {
    const calls: string[] = [];
    const options = toConnectOptions({ token: 't', onConversation: (c) => calls.push(`app ${c.conversationId}`) }, (c) =>
      calls.push(`object ${c.conversationId}`),
    );
    options.onConversation?.({ conversationId: 'c1' });
    expect(calls).toEqual(['object c1', 'app c1']);
  });
});
