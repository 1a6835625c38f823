import { VirtualTimeScheduler, asyncScheduler } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { request } from '../../src/http/request';
import { upload } from '../../src/http/upload';
import { DirectLineError } from '../../src/protocol/errors';
import { TestServer } from '../helpers/test-server';
import type { ScriptedReply } from '../helpers/test-server';
import { everythingIn } from '../protocol/error-text';
import { SECRET, everyCall, failure, optionsFor, post, refusedPort } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await TestServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const errorBody = (code: string, message = 'details') => ({ error: { code, message } });

/** A scheduler whose clock is fixed at `now` (for HTTP dates), running timers on the async scheduler. */
function clockAt(now: number): SchedulerLike {
  return { now: () => now, schedule: (work, delay, state) => asyncScheduler.schedule(work as never, delay, state) };
}

interface Expected {
  status: number;
  code: string;
  retryable: boolean;
  retryAfterMs?: number;
}

describe('HTTP statuses map to DirectLineError', () => {
  const cases: Array<[string, ScriptedReply, Expected]> = [
    [
      '400 MissingProperty',
      { status: 400, body: errorBody('MissingProperty') },
      { status: 400, code: 'MissingProperty', retryable: false },
    ],
    ['400 without a body', { status: 400 }, { status: 400, code: 'BadArgument', retryable: false }],
    ['401', { status: 401, body: errorBody('Unauthorized') }, { status: 401, code: 'Unauthorized', retryable: false }],
    ['401 without a body', { status: 401 }, { status: 401, code: 'Unauthorized', retryable: false }],
    [
      '403 TokenExpired',
      { status: 403, body: errorBody('TokenExpired', 'Token expired') },
      { status: 403, code: 'TokenExpired', retryable: false },
    ],
    ['403 BadArgument', { status: 403, body: errorBody('BadArgument') }, { status: 403, code: 'BadArgument', retryable: false }],
    ['403 without a body', { status: 403 }, { status: 403, code: 'Forbidden', retryable: false }],
    [
      '404',
      { status: 404, body: errorBody('BadArgument', 'Conversation not found') },
      { status: 404, code: 'BadArgument', retryable: false },
    ],
    ['404 without a body', { status: 404 }, { status: 404, code: 'NotFound', retryable: false }],
    ['409', { status: 409, body: errorBody('Conflict') }, { status: 409, code: 'Conflict', retryable: false }],
    ['409 without a body', { status: 409 }, { status: 409, code: 'Conflict', retryable: false }],
    ['413', { status: 413, body: errorBody('MessageSizeTooBig') }, { status: 413, code: 'MessageSizeTooBig', retryable: false }],
    ['413 without a body', { status: 413 }, { status: 413, code: 'PayloadTooLarge', retryable: false }],
    [
      '429 with Retry-After seconds',
      { status: 429, headers: { 'Retry-After': '7' }, body: errorBody('TooManyRequests') },
      { status: 429, code: 'TooManyRequests', retryable: true, retryAfterMs: 7000 },
    ],
    [
      '429 with fractional Retry-After',
      { status: 429, headers: { 'Retry-After': '0.5' } },
      { status: 429, code: 'TooManyRequests', retryable: true, retryAfterMs: 500 },
    ],
    ['429 without Retry-After', { status: 429 }, { status: 429, code: 'TooManyRequests', retryable: true }],
    [
      '429 with an unreadable Retry-After',
      { status: 429, headers: { 'Retry-After': 'later' } },
      { status: 429, code: 'TooManyRequests', retryable: true },
    ],
    ['500', { status: 500, body: errorBody('ServiceError') }, { status: 500, code: 'ServiceError', retryable: true }],
    ['500 without a body', { status: 500 }, { status: 500, code: 'ServiceError', retryable: true }],
    [
      '502 BotRejectedActivity',
      { status: 502, body: errorBody('BotRejectedActivity', 'Failed to send activity: bot returned an error') },
      { status: 502, code: 'BotRejectedActivity', retryable: true },
    ],
    ['502 without a body', { status: 502 }, { status: 502, code: 'BotError', retryable: true }],
    [
      '503 with Retry-After',
      { status: 503, headers: { 'Retry-After': '2' } },
      { status: 503, code: 'ServiceUnavailable', retryable: true, retryAfterMs: 2000 },
    ],
    ['504', { status: 504, body: errorBody('BotTimeout') }, { status: 504, code: 'BotTimeout', retryable: true }],
    ['504 without a body', { status: 504 }, { status: 504, code: 'BotTimeout', retryable: true }],
  ];

  test.each(cases)('%s', async (_name, reply, expected) => {
    server.reply(reply);
    const err = await failure(post(optionsFor(server)));
    expect({ status: err.status, code: err.code, retryable: err.retryable, retryAfterMs: err.retryAfterMs }).toEqual({
      retryAfterMs: undefined,
      ...expected,
    });
    expect(err.name).toBe('DirectLineError');
    expect(err.message).toContain('Post activity');
    expect(err.message).toContain(String(expected.status));
  });

  test('429 with Retry-After as an HTTP date, read against the scheduler clock', async () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    server.reply({ status: 429, headers: { 'Retry-After': 'Wed, 21 Oct 2015 07:28:42 GMT' } });
    const err = await failure(post(optionsFor(server, { scheduler: clockAt(now) })));
    expect(err).toMatchObject({ status: 429, code: 'TooManyRequests', retryable: true, retryAfterMs: 42000 });
  });

  test('503 with Retry-After as an HTTP date in the past means retry now', async () => {
    server.reply({ status: 503, headers: { 'Retry-After': 'Wed, 21 Oct 2015 07:28:00 GMT' } });
    const err = await failure(post(optionsFor(server)));
    expect(err).toMatchObject({ status: 503, code: 'ServiceUnavailable', retryable: true, retryAfterMs: 0 });
  });

  test('503 with Retry-After as an HTTP date in the future, against the real clock', async () => {
    const at = new Date(Date.now() + 60000).toUTCString();
    server.reply({ status: 503, headers: { 'Retry-After': at } });
    const err = await failure(post(optionsFor(server)));
    expect(err.retryAfterMs).toBeGreaterThan(55000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(60000);
  });

  test('an HTML error page gives the default code and keeps the HTML out of the message', async () => {
    server.reply({
      status: 502,
      headers: { 'Content-Type': 'text/html' },
      body: '<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
    });
    const err = await failure(post(optionsFor(server)));
    expect(err).toMatchObject({ status: 502, code: 'BotError', retryable: true });
    expect(err.message).not.toContain('<');
  });

  test('an error body that is JSON but not an error object gives the default code', async () => {
    server.reply({ status: 403, body: { message: 'nope' } });
    expect(await failure(post(optionsFor(server)))).toMatchObject({ status: 403, code: 'Forbidden' });
  });

  test('the error keeps no request, response or XMLHttpRequest', async () => {
    server.reply({ status: 500, body: errorBody('ServiceError') });
    const err = await failure(post(optionsFor(server)));
    expect(Object.keys(err).sort()).toEqual(['code', 'name', 'retryable', 'status']);
  });
});

describe.each(everyCall)('%s maps failures', (_name, call) => {
  test('403 TokenExpired from the body', async () => {
    server.reply({ status: 403, body: errorBody('TokenExpired') });
    expect(await failure(call(optionsFor(server)))).toMatchObject({ status: 403, code: 'TokenExpired', retryable: false });
  });

  test('429 with Retry-After', async () => {
    server.reply({ status: 429, headers: { 'Retry-After': '3' } });
    expect(await failure(call(optionsFor(server)))).toMatchObject({
      status: 429,
      code: 'TooManyRequests',
      retryable: true,
      retryAfterMs: 3000,
    });
  });

  test('a socket the server destroys is a NetworkError', async () => {
    server.reply({ destroy: true });
    expect(await failure(call(optionsFor(server)))).toMatchObject({ status: 0, code: 'NetworkError', retryable: true });
  });
});

describe('network failures', () => {
  test('a refused connection is a NetworkError with status 0, retryable', async () => {
    const port = await refusedPort();
    const err = await failure(post(optionsFor(server, { domain: `http://127.0.0.1:${port}/v3/directline` })));
    expect(err).toMatchObject({ status: 0, code: 'NetworkError', retryable: true });
    expect(err.retryAfterMs).toBeUndefined();
  });

  test('a body that cannot be serialised fails with a DirectLineError, and nothing is sent', async () => {
    const err = await failure(
      request(optionsFor(server), { method: 'POST', path: '/conversations', body: { count: BigInt(10) }, what: 'Start conversation' }),
    );
    expect(err.message).toMatch(/^Start conversation failed: /);
    expect(server.requests).toHaveLength(0);
  });

  test('a server that never answers is a Timeout after requestTimeoutMs, and the request is aborted', async () => {
    server.reply({ hang: true });
    const started = Date.now();
    const err = await failure(post(optionsFor(server, { requestTimeoutMs: 150 })));
    const elapsed = Date.now() - started;
    expect(err).toMatchObject({ code: 'Timeout', retryable: true });
    expect(err.message).toContain('150 ms');
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(2000);
    await server.requests[0].closedBeforeAnswer;
  });

  test('an answer that comes in time is not a timeout', async () => {
    server.reply({ delayMs: 50, body: { id: 'x|1' } });
    await expect(failure(post(optionsFor(server, { requestTimeoutMs: 1000 })))).rejects.toThrow('expected the call to fail');
  });

  test('the timeout runs on the given scheduler', async () => {
    const scheduler = new VirtualTimeScheduler();
    server.reply({ hang: true });
    let error: unknown;
    const sub = post(optionsFor(server, { scheduler, requestTimeoutMs: 20000 })).subscribe({ error: (e) => (error = e) });
    await server.waitForRequests(1);
    expect(error).toBeUndefined();
    scheduler.flush(); // 20 s of virtual time, no real time
    expect(error).toBeInstanceOf(DirectLineError);
    expect(error).toMatchObject({ code: 'Timeout', retryable: true });
    await server.requests[0].closedBeforeAnswer;
    sub.unsubscribe();
  });
});

describe('unsubscribing', () => {
  test('aborts the request: the server sees its connection close before any answer', async () => {
    server.reply({ hang: true });
    const seen: string[] = [];
    const sub = post(optionsFor(server)).subscribe({
      next: () => seen.push('next'),
      error: () => seen.push('error'),
      complete: () => seen.push('complete'),
    });
    await server.waitForRequests(1);
    sub.unsubscribe();
    await server.requests[0].closedBeforeAnswer;
    expect(server.requests[0].answered).toBe(false);
    expect(seen).toEqual([]);
  });

  test('before the answer arrives, nothing is delivered even when the answer is sent later', async () => {
    server.reply({ delayMs: 100, body: { id: 'late|1' } });
    const seen: string[] = [];
    const sub = post(optionsFor(server)).subscribe({
      next: () => seen.push('next'),
      error: () => seen.push('error'),
      complete: () => seen.push('complete'),
    });
    await server.waitForRequests(1);
    sub.unsubscribe();
    await server.requests[0].closedBeforeAnswer;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(seen).toEqual([]);
  });

  test('aborts an upload in flight', async () => {
    server.reply({ hang: true });
    const sub = upload(optionsFor(server), 'abc123', 'user1', [
      { name: 'a.bin', contentType: 'application/octet-stream', data: new Uint8Array(1024) },
    ]).subscribe();
    await server.waitForRequests(1);
    sub.unsubscribe();
    await server.requests[0].closedBeforeAnswer;
    expect(server.requests[0].answered).toBe(false);
  });
});

describe('no error ever holds the secret or the token', () => {
  const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJjb252IjoiYWJjMTIzIn0.c2lnbmF0dXJlLXZhbHVl';
  const OPAQUE_TOKEN = 'RCurR_XV9ZA.cwA.BKA.iaJrC8xpy8qbOF5xnR2vtCX7CZj0LdjAPGfiCpg4Fv0';
  const STREAM_T = 'streamT0ken.value.not-remembered-anywhere';

  /** A server that echoes the Authorization header and a stream URL into its error message. */
  const echo =
    (status: number) =>
    (req: { headers: Record<string, unknown> }): ScriptedReply => ({
      status,
      body: errorBody(
        'BadArgument',
        `rejected ${String(req.headers.authorization)} for wss://h/v3/directline/conversations/c/stream?watermark=1&t=${STREAM_T} (secret ${String(req.headers.authorization).slice(7)})`,
      ),
    });

  test.each([
    ['a secret', SECRET],
    ['a JWT token', TOKEN],
    ['an opaque token', OPAQUE_TOKEN],
  ])('with %s echoed by the server in 400, 403, 500 and 502 bodies', async (_what, credential) => {
    for (const status of [400, 403, 500, 502]) {
      server.reset();
      server.reply(echo(status));
      const err = await failure(post(optionsFor(server, { getCredential: () => credential })));
      expect(err.status).toBe(status);
      const text = everythingIn(err);
      expect(text).not.toContain(credential);
      expect(text).not.toContain(STREAM_T);
      expect(text).toContain('[redacted]');
    }
  });

  test('when the echo is long enough that the message is cut inside the credential', async () => {
    const credential = 'long-opaque-credential-value-0123456789abcdef';
    server.reply((req) => ({
      status: 403,
      body: errorBody('BadArgument', `${'z'.repeat(280)}${String(req.headers.authorization).slice(7)}`),
    }));
    const err = await failure(post(optionsFor(server, { getCredential: () => credential })));
    expect(everythingIn(err)).not.toContain(credential.slice(0, 10));
  });

  test('in a timeout, a network error and a bad response', async () => {
    const credential = 'another-secret-for-failures-0001';
    const http = optionsFor(server, { getCredential: () => credential, requestTimeoutMs: 100 });
    server.reply({ hang: true }, { destroy: true }, { body: `<html>${credential}</html>` });
    const errors = [await failure(post(http)), await failure(post(http)), await failure(post(http))];
    expect(errors.map((e) => e.code)).toEqual(['Timeout', 'NetworkError', 'BadResponse']);
    for (const err of errors) expect(everythingIn(err)).not.toContain(credential);
  });
});
