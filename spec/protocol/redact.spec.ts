import { redact, rememberSecret } from '../../src/protocol/redact';

describe('redact', () => {
  test('scrubs t=, token= and secret= query parameters, keeping the rest of the URL', () => {
    const url = 'wss://directline.botframework.com/v3/directline/conversations/abc/stream?watermark=12&t=RCurR_XV9ZA.cwA.BKA.xyz&x=1';
    const out = redact(url);
    expect(out).not.toContain('RCurR_XV9ZA');
    expect(out).toContain('watermark=12');
    expect(out).toContain('&t=[redacted]');
    expect(out).toContain('&x=1');
    expect(redact('https://h/p?token=abc.def&secret=s3cr3t')).toBe('https://h/p?token=[redacted]&secret=[redacted]');
    expect(redact('https://h/p?T=UPPER')).toBe('https://h/p?T=[redacted]');
  });

  test('does not touch parameters that only end in t', () => {
    expect(redact('https://h/p?format=json&at=5')).toBe('https://h/p?format=json&at=5');
  });

  test('scrubs Bearer values whatever their shape', () => {
    expect(redact('Authorization: Bearer abc.def-ghi_jkl')).toBe('Authorization: Bearer [redacted]');
    expect(redact('{"authorization":"bearer zzz"}')).toBe('{"authorization":"bearer [redacted]"}');
  });

  test('scrubs JWT-shaped strings', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJjb252IjoiYWJjIn0.c2lnbmF0dXJl';
    expect(redact(`token is ${jwt} ok`)).toBe('token is [redacted] ok');
  });

  test('scrubs every remembered secret wherever it appears, even with no marker around it', () => {
    const secret = 'plain-secret-value-0001';
    expect(redact(`echo ${secret}`)).toContain(secret);
    rememberSecret(secret);
    expect(redact(`echo ${secret} and again:${secret}!`)).toBe('echo [redacted] and again:[redacted]!');
  });

  test('a short secret is scrubbed from text about its own call only; missing values are ignored', () => {
    rememberSecret('s3c');
    rememberSecret(undefined);
    rememberSecret(null);
    rememberSecret('');
    expect(redact('the secret s3c leaked', 's3c')).toBe('the secret [redacted] leaked');
    expect(redact('the secret s3c of another call')).toBe('the secret s3c of another call');
    expect(redact('a plain message')).toBe('a plain message');
  });

  test('one-letter dummy secrets used earlier in the process never rewrite later text', () => {
    for (const dummy of ['a', 'b', 'x', 'e']) rememberSecret(dummy);
    const text = 'An activity must be an object; the bot answered: bad example';
    expect(redact(text)).toBe(text);
    // the call's own one-letter secret, echoed by its server, is still scrubbed
    expect(redact('you sent x', 'x')).toBe('you sent [redacted]');
  });

  test("scrubs the base64 and URL-encoded forms of the call's secret and of remembered ones", () => {
    const secret = 'se/cr+et:ü 0123';
    const b64 = Buffer.from(secret).toString('base64');
    const b64url = Buffer.from(secret).toString('base64url');
    const pair = Buffer.from(`user:${secret}`).toString('base64'); // the secret at some offset inside a longer base64 string
    for (const text of [
      `got ${b64} back`,
      `got ${b64url}`,
      `got ${b64.replace(/=+$/, '')}`,
      `got ${encodeURIComponent(secret)}`,
      `basic ${pair}`,
    ]) {
      const out = redact(text, secret);
      expect(out).toContain('[redacted]');
      expect(out).not.toContain(b64.slice(2, -3));
      expect(out).not.toContain(encodeURIComponent(secret));
    }
    for (const offset of ['', 'x', 'xy', 'xyz']) {
      const inner = Buffer.from(`${offset}${secret}`).toString('base64');
      const core = Buffer.from(secret).toString('base64').slice(0, 8);
      expect(redact(inner, secret)).toContain('[redacted]');
      if (offset === '') expect(redact(inner, secret)).not.toContain(core);
    }
    const remembered = 'remembered-secret-in-base64-0001';
    rememberSecret(remembered);
    expect(redact(`echo ${Buffer.from(remembered).toString('base64')}`)).toBe('echo [redacted]');
    expect(redact(`echo ${encodeURIComponent('remembered secret/with+signs')}`, 'remembered secret/with+signs')).toBe('echo [redacted]');
  });

  test('the encoded forms of a one-letter secret are scrubbed whole, never as single characters', () => {
    expect(redact('echo YQ== here', 'a')).toBe('echo [redacted] here');
    expect(redact('Quota exceeded', 'a')).toBe('Quot[redacted] exceeded');
  });

  test('a secret given with the text is scrubbed whatever the process remembers', () => {
    expect(redact('code in-flight-secret-77 here', 'in-flight-secret-77')).toBe('code [redacted] here');
  });

  test('remembering a secret again makes it the newest, so a credential in use is never forgotten', () => {
    const inUse = 'credential-in-use-0001';
    rememberSecret(inUse);
    for (let i = 0; i < 300; i++) {
      rememberSecret(`other-credential-${i.toString().padStart(4, '0')}`);
      if (i % 100 === 0) rememberSecret(inUse); // each request reads (and remembers) its credential
    }
    expect(redact(inUse)).toBe('[redacted]');
  });

  test('keeps the newest remembered secrets when the memory is full', () => {
    const newest = 'newest-secret-after-many';
    for (let i = 0; i < 300; i++) rememberSecret(`filler-secret-${i.toString().padStart(4, '0')}`);
    rememberSecret(newest);
    expect(redact(newest)).toBe('[redacted]');
    expect(redact('filler-secret-0299')).toBe('[redacted]');
  });

  test('leaves text without credentials unchanged', () => {
    const text = 'Post activity failed with HTTP 502 BotError: the bot said no';
    expect(redact(text)).toBe(text);
  });

  test('accepts non-string input without throwing', () => {
    expect(redact(42 as unknown as string)).toBe('42');
  });
});
