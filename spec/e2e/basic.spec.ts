import { firstValueFrom } from 'rxjs';
import { connect, ConnectionStatus, isBot, takeActivities, testOptions, useEmulator, waitFor } from './support';

describe('connect() against the emulator', () => {
  const emulator = useEmulator();

  it('starts a conversation, goes Online, posts, and receives its own echo and the bot reply once each', async () => {
    const conn = connect(testOptions(emulator()));
    const statuses: ConnectionStatus[] = [];
    conn.connectionStatus$.subscribe((s) => statuses.push(s));
    const received = takeActivities(conn.activity$, 2);
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    const id = await firstValueFrom(conn.postActivity({ type: 'message', text: 'hello' }));
    const [mine, reply] = await received;
    expect(mine).toMatchObject({ id, text: 'hello', from: { id: 'user1' } });
    expect(reply).toMatchObject({ text: 'echo: hello', replyToId: id });
    expect(isBot(reply)).toBe(true);
    expect(statuses.slice(0, 3)).toEqual([ConnectionStatus.Uninitialized, ConnectionStatus.Connecting, ConnectionStatus.Online]);
    conn.end();
    expect(statuses[statuses.length - 1]).toBe(ConnectionStatus.Ended);
  });
});
