import { firstValueFrom } from 'rxjs';
import type { Activity } from '../../src/protocol/activity';
import { connect, ConnectionStatus, isBot, testOptions, until, useEmulator, waitFor } from './support';

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
});
