import { BehaviorSubject, firstValueFrom } from 'rxjs';
import { toArray } from 'rxjs/operators';
import { DirectLineError } from '../../src/protocol/errors';
import {
  connect,
  ConnectionStatus,
  keepListening,
  online,
  sleep,
  startWithSecret,
  takeActivities,
  testOptions,
  tokenFor,
  until,
  useEmulator,
  waitFor,
} from './support';

describe('faults (real sockets against the emulator)', () => {
  const emulator = useEmulator({ keepAliveMs: 200 });

  it('guarantee 11: a stalled socket (open, silent) is detected and replaced; nothing is lost', async () => {
    const em = emulator();
    const conn = connect(testOptions(em, { silenceMs: 1000 }));
    const statuses: ConnectionStatus[] = [];
    conn.connectionStatus$.subscribe((s) => statuses.push(s));
    const got = takeActivities(conn.activity$, 1, (a) => a.text === 'after stall');
    keepListening(conn);
    const id = await online(conn);
    const before = em.stats().handshakes;
    em.faults.stallSocket(id);
    em.sendFromBot(id, { type: 'message', text: 'after stall' });
    await got;
    await online(conn);
    expect(em.stats().handshakes).toBe(before + 1);
    expect(statuses.filter((s) => s === ConnectionStatus.Connecting).length).toBeGreaterThanOrEqual(2); // guarantee 5: visible
    conn.end();
  });

  it('get conversation failing with 500 then recovering', async () => {
    const em = emulator();
    const conn = connect(testOptions(em));
    const got = takeActivities(conn.activity$, 1, (a) => a.text === 'back');
    keepListening(conn);
    const id = await online(conn);
    const gets = em.stats().requests['conversations/get'];
    em.faults.failNext('conversations/get', 3, 500);
    em.faults.dropSocket(id);
    em.sendFromBot(id, { type: 'message', text: 'back' });
    await got;
    await online(conn);
    expect(em.stats().requests['conversations/get'] - gets).toBe(4);
    conn.end();
  });

  it('guarantee 8: 429 with Retry-After (seconds) is waited out before the next GET', async () => {
    const em = emulator();
    const retries: number[] = [];
    const conn = connect(testOptions(em, { debug: (e) => e.type === 'retry' && retries.push(e.delayMs) }));
    keepListening(conn);
    const id = await online(conn);
    em.faults.failNext('conversations/get', 1, 429, { retryAfter: '1' });
    const t0 = Date.now();
    em.faults.dropSocket(id);
    await sleep(50);
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(retries).toContain(1000);
    conn.end();
  });

  it('guarantee 8: Retry-After 0 on ten reconnect calls in a row waits the backoff each time, and the connection comes back Online', async () => {
    const em = emulator();
    const retries: number[] = [];
    const conn = connect(
      testOptions(em, { random: () => 0.5, maxRetries: 12, debug: (e) => e.type === 'retry' && retries.push(e.delayMs) }),
    );
    keepListening(conn);
    const id = await online(conn);
    em.faults.failNext('conversations/get', 10, 429, { retryAfter: '0' });
    em.faults.dropSocket(id);
    await sleep(50);
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    // the first reconnect after a stay Online goes at once; then the backoff's steps (20 ms, doubling, at most 200; random 0.5)
    expect(retries).toEqual([0, 10, 20, 40, 80, 100, 100, 100, 100, 100, 100]);
    conn.end();
  });

  it('guarantee 8: a huge Retry-After on the start call is capped at maxRetryAfterMs, then the start is made again', async () => {
    const em = emulator();
    em.faults.failNext('conversations/start', 1, 503, { retryAfter: '99999999' });
    const retries: number[] = [];
    const conn = connect(testOptions(em, { maxRetryAfterMs: 300, debug: (e) => e.type === 'retry' && retries.push(e.delayMs) }));
    keepListening(conn);
    await online(conn);
    expect(retries).toEqual([300]);
    conn.end();
  });

  it('guarantee 4: a streamUrl left unused past its deadline is never opened: a new one is fetched', async () => {
    const em = emulator();
    em.faults.setLifetimes({ streamUrlMs: 600 });
    const conn = connect(testOptions(em, { streamUrlLifetimeMs: 600 }));
    await firstValueFrom(conn.postActivity({ type: 'message', text: 'before listening' })); // starts; the URL waits
    await sleep(800);
    const refused = em.stats().handshakesRefused;
    const gets = em.stats().requests['conversations/get'];
    const got = await takeActivities(conn.activity$, 2);
    expect(got.map((a) => a.text)).toEqual(['before listening', 'echo: before listening']);
    keepListening(conn);
    await online(conn);
    expect(em.stats().handshakesRefused).toBe(refused);
    expect(em.stats().requests['conversations/get']).toBe(gets + 1);
    conn.end();
  });

  it('guarantee 10: a token expiring mid-conversation is renewed through the token provider, and the retry sends the new token (guarantee 2)', async () => {
    const em = emulator();
    const { conversationId, token } = await startWithSecret(em);
    const tokenProvider = jest.fn(() => tokenFor(em, conversationId));
    const conn = connect({ ...testOptions(em), secret: undefined, token, conversationId, tokenProvider });
    const got = takeActivities(conn.activity$, 1, (a) => a.text === 'after expiry');
    keepListening(conn);
    await online(conn);
    em.faults.expireToken(conversationId);
    em.faults.dropSocket(conversationId);
    em.sendFromBot(conversationId, { type: 'message', text: 'after expiry' });
    await got;
    expect(tokenProvider).toHaveBeenCalledTimes(1);
    expect(conn.getSession().token).not.toBe(token);
    conn.end();
  });

  it('guarantee 10: without a provider an expired token shows ExpiredToken, and setToken brings it back Online', async () => {
    const em = emulator();
    const { conversationId, token } = await startWithSecret(em);
    const conn = connect({ ...testOptions(em), secret: undefined, token, conversationId });
    keepListening(conn);
    await online(conn);
    em.faults.expireToken(conversationId);
    em.faults.dropSocket(conversationId);
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.ExpiredToken);
    conn.setToken(await tokenFor(em, conversationId));
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    conn.end();
  });

  it('guarantee 10: the token is refreshed at half of expires_in, and refreshing stops at end()', async () => {
    const em = emulator();
    em.faults.setLifetimes({ tokenSec: 1 });
    const res = await fetch(`${em.domain}/tokens/generate`, { method: 'POST', headers: { Authorization: `Bearer ${em.secret}` } });
    const { token } = (await res.json()) as { token: string };
    const conn = connect({ ...testOptions(em), secret: undefined, token });
    const tokens = new Set<string>();
    conn.session$.subscribe((s) => s.token && tokens.add(s.token));
    keepListening(conn);
    await online(conn);
    // expires_in is 1 s: a refresh every ~500 ms
    expect(await until(() => em.stats().requests['tokens/refresh'] >= 2)).toBe(true);
    const refreshes = em.stats().requests['tokens/refresh'];
    expect(tokens.size).toBeGreaterThanOrEqual(2); // tokens issued in the same second may be equal
    expect(conn.getSession().token).not.toBe(token);
    conn.end();
    await sleep(200); // a refresh already on the wire at end() may still arrive
    const afterEnd = em.stats().requests['tokens/refresh'];
    await sleep(1000); // two refresh periods: none may start
    expect(afterEnd - refreshes).toBeLessThanOrEqual(1); // one may have been in flight
    expect(em.stats().requests['tokens/refresh']).toBe(afterEnd);
  });

  it('a removed conversation ends the connection: status Ended, activity$ errors with 404', async () => {
    const em = emulator();
    const conn = connect(testOptions(em));
    const result = firstValueFrom(conn.activity$.pipe(toArray())).catch((e) => e);
    const id = await online(conn);
    em.faults.removeConversation(id);
    em.faults.dropSocket(id);
    const error = await result;
    expect(error).toBeInstanceOf(DirectLineError);
    expect(error.status).toBe(404);
    expect(await firstValueFrom(conn.connectionStatus$)).toBe(ConnectionStatus.Ended);
  });

  it('guarantee 9: end() during a backoff completes everything and sends no further request', async () => {
    const em = emulator();
    const conn = connect(testOptions(em, { backoff: { initialMs: 300, maxMs: 300 }, random: () => 0.99 }));
    const completed = firstValueFrom(conn.activity$.pipe(toArray()));
    const statuses = firstValueFrom(conn.connectionStatus$.pipe(toArray()));
    const id = await online(conn);
    em.faults.failNext('conversations/get', 100, 500);
    em.faults.dropSocket(id);
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Connecting);
    await sleep(350);
    conn.end();
    const requests = JSON.stringify(em.stats().requests);
    await expect(completed).resolves.toEqual(expect.any(Array));
    const seen = await statuses;
    expect(seen[seen.length - 1]).toBe(ConnectionStatus.Ended);
    await expect(firstValueFrom(conn.postActivity({ type: 'message', text: 'late' }))).rejects.toMatchObject({ code: 'Ended' });
    await sleep(700);
    expect(JSON.stringify(em.stats().requests)).toBe(requests);
    expect(await until(() => em.openSockets(id) === 0)).toBe(true);
  });

  it('guarantee 11: while offline no retry is made; coming back online reconnects at once', async () => {
    const em = emulator();
    const online$ = new BehaviorSubject(true);
    const conn = connect(testOptions(em, { online$, backoff: { initialMs: 20000, maxMs: 20000 }, random: () => 0.99 }));
    keepListening(conn);
    const id = await online(conn);
    online$.next(false);
    const gets = em.stats().requests['conversations/get'];
    em.faults.dropSocket(id);
    await sleep(300);
    expect(em.stats().requests['conversations/get']).toBe(gets);
    const t0 = Date.now();
    online$.next(true);
    await online(conn);
    expect(Date.now() - t0).toBeLessThan(8000); // not the ~20 s backoff
    conn.end();
  });
});
