import fc from 'fast-check';
import { DirectLineError } from '../src/protocol/errors';
import type { ConnectOptions } from '../src/options';
import { isLoopbackHost, prepareActivity, validateOptions } from '../src/validate';

/** The DirectLineError `fn` throws (fails the test when it throws nothing or something else). */
function thrown(fn: () => unknown): DirectLineError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DirectLineError);
    return err as DirectLineError;
  }
  throw new Error('expected a DirectLineError, nothing was thrown');
}

const SECRET = 'very-secret-value';
const user = { id: 'user-1', name: 'Ada' };

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.255.0.9', '::1', '[::1]'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    'example.com',
    'localhost.example.com',
    '127.0.0.1.example.com',
    '0.0.0.0',
    '10.0.0.1',
    '128.0.0.1',
    '::2',
    '[::ffff:7f00:1]',
    '',
    'notlocalhost',
  ])('%s is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it('every 127.a.b.c address is loopback, and no name that merely starts with one', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(octet, octet, octet, fc.domain(), (a, b, c, domain) => {
        expect(isLoopbackHost(`127.${a}.${b}.${c}`)).toBe(true);
        expect(isLoopbackHost(`127.${a}.${b}.${c}.${domain}`)).toBe(false);
      }),
    );
  });
});

describe('validateOptions', () => {
  it.each<[string, ConnectOptions]>([
    ['a token', { token: 't' }],
    ['a secret over https', { secret: SECRET }],
    ['a token provider alone', { tokenProvider: () => 't' }],
    ['a secret over plain http to localhost', { secret: SECRET, domain: 'http://localhost:3000/v3/directline' }],
    ['a secret over plain http to 127.0.0.1', { secret: SECRET, domain: 'http://127.0.0.1:51234/v3/directline' }],
    ['a secret over plain http to [::1]', { secret: SECRET, domain: 'http://[::1]:3000/v3/directline' }],
    ['a token over plain http to any host', { token: 't', domain: 'http://bots.internal/v3/directline' }],
    ['a resumed conversation', { token: 't', conversationId: 'c', watermark: '12', streamUrl: 'wss://x/stream' }],
    ['a user', { token: 't', user }],
  ])('accepts %s', (_name, options) => {
    expect(() => validateOptions(options)).not.toThrow();
  });

  it.each<[string, unknown, string]>([
    ['no options', undefined, 'options object'],
    ['null', null, 'options object'],
    ['a string', 'token', 'options object'],
    ['no credential', {}, 'a `secret`, a `token` or a `tokenProvider`'],
    ['an empty secret', { secret: '' }, '`secret`'],
    ['a secret that is not a string', { secret: 42 }, '`secret`'],
    ['an empty token', { token: '' }, '`token`'],
    ['a token provider that is not a function', { tokenProvider: 'x' }, 'a `secret`, a `token` or a `tokenProvider`'],
    ['a domain that is not a URL', { token: 't', domain: 'not a url' }, 'not a valid URL'],
    ['a ws: domain', { token: 't', domain: 'wss://directline.botframework.com/v3/directline' }, 'http(s)'],
    ['a file: domain', { token: 't', domain: 'file:///etc/passwd' }, 'http(s)'],
    ['a user without id', { token: 't', user: { name: 'Ada' } }, '`user.id`'],
    ['a user with an empty id', { token: 't', user: { id: '' } }, '`user.id`'],
    ['a user that is a string', { token: 't', user: 'Ada' }, '`user.id`'],
    ['a numeric watermark', { token: 't', conversationId: 'c', watermark: 12 }, 'as received'],
    ['a watermark without conversation', { token: 't', watermark: '12' }, '`conversationId`'],
    ['a streamUrl without conversation', { token: 't', streamUrl: 'wss://x' }, '`conversationId`'],
    [
      'a watermark longer than 1024 characters',
      { token: 't', conversationId: 'c', watermark: '1'.repeat(1025) },
      'longer than 1024 characters',
    ],
    ['a domain with a query string', { token: 't', domain: 'https://directline.botframework.com/v3/directline?x=1' }, 'no query string'],
    [
      'a domain with a fragment',
      { token: 't', domain: 'https://directline.botframework.com/v3/directline#top' },
      'no query string or fragment',
    ],
  ])('refuses %s with InvalidOptions', (_name, options, message) => {
    const error = thrown(() => validateOptions(options as ConnectOptions));
    expect(error).toMatchObject({ code: 'InvalidOptions', retryable: false });
    expect(error.message).toContain(message);
  });

  it.each(['http://example.com/v3/directline', 'http://10.0.0.5:3000/v3/directline', 'http://localhost.example.com/v3/directline'])(
    'refuses a secret over plain http to %s with InsecureTransport, without echoing the secret',
    (domain) => {
      const error = thrown(() => validateOptions({ secret: SECRET, domain }));
      expect(error).toMatchObject({ code: 'InsecureTransport', retryable: false });
      expect(error.message).not.toContain(SECRET);
      expect(error.stack).not.toContain(SECRET);
    },
  );

  it('never throws anything but a DirectLineError, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (options) => {
        try {
          validateOptions(options as ConnectOptions);
        } catch (err) {
          expect(err).toBeInstanceOf(DirectLineError);
        }
      }),
    );
  });
});

describe('prepareActivity', () => {
  it("fills `from` with the conversation's user and keeps everything else", () => {
    const activity = { type: 'message', text: 'hi', channelData: { n: 1 } };
    expect(prepareActivity(activity, user)).toEqual({
      type: 'message',
      text: 'hi',
      channelData: { n: 1 },
      from: { id: 'user-1', name: 'Ada' },
    });
    expect(activity).toEqual({ type: 'message', text: 'hi', channelData: { n: 1 } }); // not changed in place
  });

  it("keeps what the activity's own `from` adds, with the same id", () => {
    expect(prepareActivity({ type: 'message', from: { id: 'user-1', name: 'Ada L.', role: 'user' } }, user).from).toEqual({
      id: 'user-1',
      name: 'Ada L.',
      role: 'user',
    });
    expect(prepareActivity({ type: 'message', from: { name: 'Ada L.' } }, user).from).toEqual({ id: 'user-1', name: 'Ada L.' });
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'must be an object'],
    ['a string', 'hello', 'must be an object'],
    ['an array', [{ type: 'message' }], 'must be an object'],
    ['no type', { text: 'hi' }, 'needs a `type`'],
    ['an empty type', { type: '' }, 'needs a `type`'],
    ['a type that is not a string', { type: 7 }, 'needs a `type`'],
    ['a `from` that is not an object', { type: 'message', from: 'user-1' }, '`from` must be an object'],
    ['a `from` that is null', { type: 'message', from: null }, '`from` must be an object'],
    ['another user id', { type: 'message', from: { id: 'someone-else' } }, 'from.id must stay "user-1"'],
  ])('refuses %s with InvalidActivity', (_name, activity, message) => {
    const error = thrown(() => prepareActivity(activity, user));
    expect(error).toMatchObject({ code: 'InvalidActivity', retryable: false });
    expect(error.message).toContain(message);
  });

  it('refuses what cannot be serialised to JSON (a cycle, a BigInt) with InvalidActivity', () => {
    const cyclic: Record<string, unknown> = { type: 'message' };
    cyclic.self = cyclic;
    expect(thrown(() => prepareActivity(cyclic, user))).toMatchObject({
      code: 'InvalidActivity',
      message: expect.stringContaining('JSON'),
    });
    expect(thrown(() => prepareActivity({ type: 'message', value: BigInt(1) }, user))).toMatchObject({ code: 'InvalidActivity' });
  });

  it('refuses an activity over 256 KB of UTF-8 with ActivityTooLarge (413), and takes one at the limit', () => {
    const overhead = JSON.stringify({ type: 'message', text: '', from: user }).length;
    const limit = 256 * 1024;
    expect(() => prepareActivity({ type: 'message', text: 'a'.repeat(limit - overhead) }, user)).not.toThrow();
    const tooLarge = thrown(() => prepareActivity({ type: 'message', text: 'a'.repeat(limit - overhead + 1) }, user));
    expect(tooLarge).toMatchObject({ code: 'ActivityTooLarge', status: 413, retryable: false });
    expect(tooLarge.message).toContain(`${limit + 1} bytes`);
    // bytes, not characters: 'é' is two bytes in UTF-8
    expect(
      thrown(() => prepareActivity({ type: 'message', text: 'é'.repeat(Math.floor((limit - overhead) / 2) + 1) }, user)),
    ).toMatchObject({ code: 'ActivityTooLarge' });
  });

  it('never throws anything but a DirectLineError, and what it returns always has the user id', () => {
    fc.assert(
      fc.property(fc.anything(), (activity) => {
        try {
          expect(prepareActivity(activity, user).from?.id).toBe('user-1');
        } catch (err) {
          expect(err).toBeInstanceOf(DirectLineError);
        }
      }),
    );
  });
});
