import { lastValueFrom, toArray } from 'rxjs';
import type { Observable } from 'rxjs';
import {
  generateToken,
  getActivities,
  getConversation,
  getSessionId,
  postActivity,
  refreshToken,
  startConversation,
} from '../../src/http/calls';
import { upload } from '../../src/http/upload';
import type { HttpOptions } from '../../src/http/request';
import { DirectLineError } from '../../src/protocol/errors';
import { nodeCreateXHR } from '../../src/node/transports';
import type { TestServer } from '../helpers/test-server';

export const SECRET = 'test-secret-RCurR_XV9ZA.cwA.BKA.0123456789';
export const PREFIX = '/v3/directline';

/** Options pointing at the test server; the credential is SECRET unless said otherwise. */
export function optionsFor(server: TestServer, extra: Partial<HttpOptions> = {}): HttpOptions {
  return { domain: `${server.url}${PREFIX}`, getCredential: () => SECRET, createXHR: nodeCreateXHR, requestTimeoutMs: 5000, ...extra };
}

/** All values of a call that must succeed. */
export function values<T>(source: Observable<T>): Promise<T[]> {
  return lastValueFrom(source.pipe(toArray()));
}

/** The error of a call that must fail (and fail only with a DirectLineError). */
export async function failure(source: Observable<unknown>): Promise<DirectLineError> {
  let outcome: unknown;
  try {
    outcome = await lastValueFrom(source);
  } catch (err) {
    expect(err).toBeInstanceOf(DirectLineError);
    return err as DirectLineError;
  }
  throw new Error(`expected the call to fail, it gave ${JSON.stringify(outcome)}`);
}

/** A port on 127.0.0.1 where nothing listens. */
export async function refusedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const post = (http: HttpOptions) => postActivity(http, 'abc123', { type: 'message', from: { id: 'user1' }, text: 'hi' });

/** Every REST call, by name, with fixed arguments. */
export const everyCall: Array<[string, (http: HttpOptions) => Observable<unknown>]> = [
  ['generateToken', (http) => generateToken(http)],
  ['refreshToken', (http) => refreshToken(http)],
  ['startConversation', (http) => startConversation(http)],
  ['getConversation', (http) => getConversation(http, 'abc123', 'w1')],
  ['postActivity', post],
  ['getActivities', (http) => getActivities(http, 'abc123', 'w1')],
  ['getSessionId', (http) => getSessionId(http)],
  ['upload', (http) => upload(http, 'abc123', 'user1', [{ name: 'a.txt', contentType: 'text/plain', data: 'abc' }])],
];
