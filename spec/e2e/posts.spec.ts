import { firstValueFrom } from 'rxjs';
import type { Activity } from '../../src/protocol/activity';
import {
  connect,
  ConnectionStatus,
  isBot,
  keepListening,
  online,
  startWithSecret,
  testOptions,
  tokenFor,
  until,
  useEmulator,
  waitFor,
} from './support';

describe('the fate of a post (real sockets against the emulator)', () => {
  const emulator = useEmulator();

  it('a post whose echo came back resolves with its id even when end() is called in the echo handler (20 rounds)', async () => {
    const em = emulator();
    for (let round = 0; round < 20; round++) {
      const conn = connect(testOptions(em));
      let echo: Activity | undefined;
      conn.activity$.subscribe({
        next: (activity) => {
          if (isBot(activity) || echo) return;
          echo = activity;
          conn.end(); // in the echo's handler, often before the HTTP answer
        },
        error: () => undefined,
      });
      await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
      const id = await firstValueFrom(conn.postActivity({ type: 'message', text: `round ${round}` }));
      expect(echo?.id).toBe(id);
    }
  });

  it('a post whose fate is unknown errors with Ended on end()', async () => {
    const em = emulator();
    const conn = connect(testOptions(em));
    conn.activity$.subscribe({ error: () => undefined });
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    em.faults.delay('activities/post', 2000);
    const post = firstValueFrom(conn.postActivity({ type: 'message', text: 'slow' })).catch((e) => e);
    setTimeout(() => conn.end(), 100);
    expect(await post).toMatchObject({ code: 'Ended' });
  });

  it('the post carries a channelData.clientActivityID (kept when given), and the echo brings it back', async () => {
    const em = emulator();
    const conn = connect(testOptions(em));
    const echoes: Activity[] = [];
    conn.activity$.subscribe({ next: (a) => !isBot(a) && echoes.push(a), error: () => undefined });
    await firstValueFrom(conn.postActivity({ type: 'message', text: 'mine', channelData: { clientActivityID: 'web-chat-1', extra: 1 } }));
    await firstValueFrom(conn.postActivity({ type: 'message', text: 'generated' }));
    expect(await until(() => echoes.length === 2)).toBe(true);
    expect(echoes[0].channelData).toEqual({ clientActivityID: 'web-chat-1', extra: 1 });
    expect((echoes[1].channelData as { clientActivityID?: unknown }).clientActivityID).toEqual(expect.any(String));
    conn.end();
  });

  it('a post refused with 403 (the token expired) renews the token through the provider and is sent once', async () => {
    const em = emulator();
    const { conversationId, token } = await startWithSecret(em);
    const tokenProvider = jest.fn(() => tokenFor(em, conversationId));
    const conn = connect({ ...testOptions(em), secret: undefined, token, conversationId, tokenProvider });
    keepListening(conn);
    await online(conn);
    const posts = em.stats().requests['activities/post'];
    em.faults.expireToken(conversationId);
    const id = await firstValueFrom(conn.postActivity({ type: 'message', text: 'after expiry' }));
    expect(id).toEqual(expect.any(String));
    expect(tokenProvider).toHaveBeenCalledTimes(1);
    expect(em.stats().requests['activities/post'] - posts).toBe(2); // refused once, then sent
    const stored = (await (
      await fetch(`${em.domain}/conversations/${conversationId}/activities`, { headers: { Authorization: `Bearer ${em.secret}` } })
    ).json()) as { activities: Activity[] };
    expect(stored.activities.filter((a) => a.text === 'after expiry')).toHaveLength(1);
    conn.end();
  });

  it("with a secret a 403 on a post is the post's error (nothing to renew), sent once", async () => {
    const em = emulator();
    const conn = connect(testOptions(em));
    keepListening(conn);
    await online(conn);
    const posts = em.stats().requests['activities/post'];
    em.faults.failNext('activities/post', 1, 403);
    await expect(firstValueFrom(conn.postActivity({ type: 'message', text: 'refused' }))).rejects.toMatchObject({ status: 403 });
    expect(em.stats().requests['activities/post'] - posts).toBe(1);
    conn.end();
  });
});
