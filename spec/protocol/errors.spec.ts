import { DirectLineError, errorFromResponse, isDirectLineError, isRetryableStatus } from '../../src/protocol/errors';
import { rememberSecret } from '../../src/protocol/redact';
import { everythingIn } from './error-text';

describe('DirectLineError', () => {
  test('carries status, code, retryable and retryAfterMs, and is an Error', () => {
    const err = new DirectLineError('boom', { status: 429, code: 'TooManyRequests', retryable: true, retryAfterMs: 1500 });
    expect(err).toBeInstanceOf(Error);
    expect(err).toBeInstanceOf(DirectLineError);
    expect(isDirectLineError(err)).toBe(true);
    expect(isDirectLineError(new Error('x'))).toBe(false);
    expect(err.name).toBe('DirectLineError');
    expect(err).toMatchObject({ status: 429, code: 'TooManyRequests', retryable: true, retryAfterMs: 1500, message: 'boom' });
  });

  test('defaults to not retryable and no retryAfterMs; a negative or infinite delay is clamped or dropped', () => {
    const plain = new DirectLineError('x');
    expect(plain.retryable).toBe(false);
    expect(plain.retryAfterMs).toBeUndefined();
    expect(plain.status).toBeUndefined();
    expect(plain.code).toBeUndefined();
    expect(new DirectLineError('x', { retryAfterMs: -5 }).retryAfterMs).toBe(0);
    expect(new DirectLineError('x', { retryAfterMs: Infinity }).retryAfterMs).toBeUndefined();
    expect(new DirectLineError('x', { retryAfterMs: NaN }).retryAfterMs).toBeUndefined();
  });

  test('scrubs the message and the stack', () => {
    const err = new DirectLineError('failed on wss://h/stream?t=SECRET_TOKEN_VALUE with Bearer ANOTHER_ONE');
    expect(everythingIn(err)).not.toContain('SECRET_TOKEN_VALUE');
    expect(everythingIn(err)).not.toContain('ANOTHER_ONE');
  });
});

describe('isRetryableStatus', () => {
  test.each([
    [0, true],
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [409, false],
    [413, false],
  ])('status %d → %s', (status, retryable) => {
    expect(isRetryableStatus(status)).toBe(retryable);
  });
});

describe('errorFromResponse', () => {
  test('takes the code and message from a JSON error body (string or parsed)', () => {
    const body = { error: { code: 'TokenExpired', message: 'Token expired' } };
    for (const b of [body, JSON.stringify(body)]) {
      const err = errorFromResponse(403, b, null, 'Get conversation');
      expect(err).toMatchObject({ status: 403, code: 'TokenExpired', retryable: false });
      expect(err.message).toBe('Get conversation failed with HTTP 403 TokenExpired: Token expired');
    }
  });

  test.each([
    ['HTML page', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    ['empty', ''],
    ['undefined', undefined],
    ['JSON without error', '{"message":"nope"}'],
    ['error not an object', '{"error":"nope"}'],
    ['code not a string', '{"error":{"code":42}}'],
    ['JSON null', 'null'],
  ])('falls back to the default code for a %s body', (_name, body) => {
    const err = errorFromResponse(502, body, undefined, 'Post activity');
    expect(err).toMatchObject({ status: 502, code: 'BotError', retryable: true });
    expect(err.message).toBe('Post activity failed with HTTP 502');
  });

  test('reads Retry-After against the given clock', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(errorFromResponse(429, '', '3', 'x', now).retryAfterMs).toBe(3000);
    expect(errorFromResponse(503, '', 'Wed, 21 Oct 2015 07:28:09 GMT', 'x', now).retryAfterMs).toBe(9000);
    expect(errorFromResponse(503, '', 'garbage', 'x', now).retryAfterMs).toBeUndefined();
  });

  test('cuts a long error message to 300 characters', () => {
    const err = errorFromResponse(500, { error: { code: 'ServiceError', message: 'x'.repeat(5000) } }, null, 'Call');
    expect(err.message.length).toBeLessThan(400);
  });

  test('never leaves a piece of a remembered secret when the cut falls inside it', () => {
    const secret = 'S3CRET-abcdefghijklmnopqrstuvwxyz-0123456789';
    rememberSecret(secret);
    const message = `${'y'.repeat(290)}${secret}`;
    const err = errorFromResponse(403, { error: { code: 'BadArgument', message } }, null, 'Call');
    expect(everythingIn(err)).not.toContain(secret.slice(0, 8));
  });
});
