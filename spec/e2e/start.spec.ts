import { firstValueFrom } from 'rxjs';
import { toArray } from 'rxjs/operators';
import { createDirectLine } from '../../src/node';
import type { DebugEvent } from '../../src/options';
import { connect, ConnectionStatus, keepListening, takeActivities, testOptions, useEmulator, waitFor } from './support';

/** Every status until Online or a failure, in order. */
function statusesOf(conn: ReturnType<typeof connect>): ConnectionStatus[] {
  const seen: ConnectionStatus[] = [];
  conn.connectionStatus$.subscribe((s) => seen.push(s));
  return seen;
}

describe('starting the conversation (real sockets against the emulator)', () => {
  const emulator = useEmulator();

  it.each([
    [500, undefined],
    [502, undefined],
    [503, '1'],
    [429, '1'],
  ])('a start answered %i (Retry-After %s) is retried and the connection comes Online', async (status, retryAfter) => {
    const em = emulator();
    const starts = em.stats().requests['conversations/start'];
    em.faults.failNext('conversations/start', 1, status, retryAfter ? { retryAfter } : {});
    const retries: number[] = [];
    const conn = connect(testOptions(em, { debug: (e) => e.type === 'retry' && retries.push(e.delayMs) }));
    const statuses = statusesOf(conn);
    keepListening(conn);
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    expect(statuses).toEqual([ConnectionStatus.Uninitialized, ConnectionStatus.Connecting, ConnectionStatus.Online]);
    expect(em.stats().requests['conversations/start'] - starts).toBe(2);
    if (retryAfter) expect(retries).toEqual([1000]);
    conn.end();
  });

  it('a start answered 400 fails at once: FailedToConnect, no retry', async () => {
    const em = emulator();
    const starts = em.stats().requests['conversations/start'];
    em.faults.failNext('conversations/start', 1, 400);
    const conn = connect(testOptions(em));
    const statuses = statusesOf(conn);
    await expect(firstValueFrom(conn.activity$)).rejects.toMatchObject({ status: 400 });
    expect(statuses).toEqual([ConnectionStatus.Uninitialized, ConnectionStatus.Connecting, ConnectionStatus.FailedToConnect]);
    expect(em.stats().requests['conversations/start'] - starts).toBe(1);
    conn.end();
  });

  it('a wrong domain (no /v3/directline): FailedToConnect with an error that names the domain and what to check, and no secret', async () => {
    const em = emulator();
    const domain = em.domain.replace(/\/v3\/directline$/, '');
    const events: DebugEvent[] = [];
    const conn = connect(testOptions(em, { domain, debug: (e) => events.push(e) }));
    const statuses = statusesOf(conn);
    const error = await firstValueFrom(conn.activity$).catch((e) => e);
    expect(error).toMatchObject({ code: 'DomainNotFound', status: 404, retryable: false });
    expect(error.message).toContain(`no Direct Line service at ${domain}`);
    expect(error.message).toContain('Check `domain`: does it end in /v3/directline?');
    expect(error.message).not.toContain(em.secret);
    expect(statuses).toEqual([ConnectionStatus.Uninitialized, ConnectionStatus.Connecting, ConnectionStatus.FailedToConnect]);
    expect(events).toContainEqual({ type: 'failed', error });
    conn.end();
  });

  it('the Web Chat object reports a wrong domain as FailedToConnect, as the official client does', async () => {
    const em = emulator();
    const dl = createDirectLine({ domain: `${em.domain}/extra`, secret: em.secret, user: { id: 'user1' } });
    dl.activity$.subscribe({ error: () => undefined });
    expect(await waitFor(dl.connectionStatus$, (s) => s >= ConnectionStatus.ExpiredToken)).toBe(ConnectionStatus.FailedToConnect);
    dl.end();
  });

  it('a domain with spaces around it works (as in the official client); one with a query string is refused with InvalidOptions', async () => {
    const em = emulator();
    const conn = connect(testOptions(em, { domain: `  ${em.domain}/ \n` }));
    keepListening(conn);
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    conn.end();
    expect(() => connect(testOptions(em, { domain: `${em.domain}?key=1` }))).toThrow(
      expect.objectContaining({ code: 'InvalidOptions', message: expect.stringContaining('no query string') }),
    );
    expect(() => connect(testOptions(em, { domain: `${em.domain}#x` }))).toThrow(expect.objectContaining({ code: 'InvalidOptions' }));
  });

  it('a start that keeps failing gives up when the budget is spent', async () => {
    const em = emulator();
    const starts = em.stats().requests['conversations/start'];
    em.faults.failNext('conversations/start', 10, 500);
    const conn = connect(testOptions(em, { maxRetries: 2 }));
    await expect(firstValueFrom(conn.activity$)).rejects.toMatchObject({ code: 'RetriesExhausted' });
    expect(em.stats().requests['conversations/start'] - starts).toBe(3);
    conn.end();
  });

  it('one conversation per connection: a post made as the start fails waits for it and errors, and never starts another', async () => {
    const em = emulator();
    const starts = em.stats().requests['conversations/start'];
    const posts = em.stats().requests['activities/post'];
    em.faults.failNext('conversations/start', 1, 401);
    const conn = connect(testOptions(em));
    const received = firstValueFrom(conn.activity$.pipe(toArray())).catch((e) => e);
    const post = firstValueFrom(conn.postActivity({ type: 'message', text: 'lost?' })).catch((e) => e);
    expect(await received).toMatchObject({ status: 401 });
    expect(await post).toMatchObject({ status: 401 });
    // later posts and subscriptions get the same failure; no second conversation is started
    await expect(firstValueFrom(conn.postActivity({ type: 'message', text: 'later' }))).rejects.toMatchObject({ status: 401 });
    await expect(firstValueFrom(conn.activity$)).rejects.toMatchObject({ status: 401 });
    expect(em.stats().requests['conversations/start'] - starts).toBe(1);
    expect(em.stats().requests['activities/post'] - posts).toBe(0);
    conn.end();
  });

  it('a post and the stream started at the same moment share the one retried start', async () => {
    const em = emulator();
    const starts = em.stats().requests['conversations/start'];
    em.faults.failNext('conversations/start', 1, 502);
    const conn = connect(testOptions(em));
    const echoed = takeActivities(conn.activity$, 2);
    const id = await firstValueFrom(conn.postActivity({ type: 'message', text: 'first words' }));
    const got = await echoed;
    expect(got.map((a) => a.text)).toEqual(['first words', 'echo: first words']);
    expect(got[0].id).toBe(id);
    expect(em.stats().requests['conversations/start'] - starts).toBe(2); // the failed one and its retry
    conn.end();
  });
});
