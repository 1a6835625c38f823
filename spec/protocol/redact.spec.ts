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

  test('scrubs short secrets too, and ignores missing values', () => {
    rememberSecret('s3c');
    rememberSecret(undefined);
    rememberSecret(null);
    rememberSecret('');
    expect(redact('the secret s3c leaked')).toBe('the secret [redacted] leaked');
    expect(redact('a plain message')).toBe('a plain message');
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
