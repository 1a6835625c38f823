import { firstValueFrom } from 'rxjs';
import { toArray } from 'rxjs/operators';
import { DirectLineError } from '../../src/protocol/errors';
import type { Activity } from '../../src/protocol/activity';
import { connect, ConnectionStatus, isBot, testOptions, until, useEmulator, waitFor } from '../e2e/support';

const bot = (activities: Activity[]) => activities.filter(isBot).map((a) => a.text);

describe('the activity feed: one receive path shared by every subscriber (real sockets against the emulator)', () => {
  const emulator = useEmulator({ keepAliveMs: 300 });

  it('subscribers that come and go each get every activity of their stay once, in order, over one socket', async () => {
    const em = emulator();
    const conn = connect(testOptions(em));
    const first: Activity[] = [];
    const second: Activity[] = [];
    const leaver: Activity[] = [];
    conn.activity$.subscribe((a) => first.push(a));
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    const id = conn.getSession().conversationId as string;
    const secondSub = conn.activity$.subscribe((a) => second.push(a));
    // leaves from inside its own handler, in the middle of a set
    const leaverSub = conn.activity$.subscribe((a) => {
      leaver.push(a);
      if (a.text === 'n1') leaverSub.unsubscribe();
    });
    for (let i = 0; i < 5; i++) em.sendFromBot(id, { type: 'message', text: `n${i}` });
    expect(await until(() => bot(first).length === 5 && bot(second).length === 5)).toBe(true);
    expect(bot(first)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
    expect(bot(second)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4']);
    expect(bot(leaver)).toEqual(['n0', 'n1']);
    expect(em.openSockets(id)).toBe(1);
    secondSub.unsubscribe();
    em.sendFromBot(id, { type: 'message', text: 'after' });
    expect(await until(() => bot(first).length === 6)).toBe(true);
    expect(bot(second)).toHaveLength(5);
    expect(em.openSockets(id)).toBe(1);
    conn.end();
  });

  it('the last subscriber leaving closes the socket; the next one resumes from the watermark, repeating nothing', async () => {
    const em = emulator();
    const conn = connect(testOptions(em));
    const before: Activity[] = [];
    const sub = conn.activity$.subscribe((a) => before.push(a));
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    const id = conn.getSession().conversationId as string;
    em.sendFromBot(id, { type: 'message', text: 'one' });
    expect(await until(() => bot(before).length === 1)).toBe(true);
    sub.unsubscribe();
    expect(await until(() => em.openSockets(id) === 0)).toBe(true);
    expect(await firstValueFrom(conn.connectionStatus$)).toBe(ConnectionStatus.Uninitialized);
    em.sendFromBot(id, { type: 'message', text: 'two' });
    const after: Activity[] = [];
    conn.activity$.subscribe((a) => after.push(a));
    expect(await until(() => bot(after).length === 1)).toBe(true);
    expect(bot(after)).toEqual(['two']);
    expect(em.openSockets(id)).toBe(1);
    conn.end();
  });

  it('a conversation gone (404) fails every subscriber, and one that comes later, even from an error handler, at once', async () => {
    const em = emulator();
    const conn = connect(testOptions(em));
    let late: unknown;
    const first = firstValueFrom(conn.activity$.pipe(toArray())).catch((e: unknown) => e);
    const second = new Promise<unknown>((resolve) =>
      conn.activity$.subscribe({
        error: (e: unknown) => {
          conn.activity$.subscribe({ error: (again: unknown) => (late = again) });
          resolve(e);
        },
      }),
    );
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    const id = conn.getSession().conversationId as string;
    em.faults.removeConversation(id);
    em.faults.dropSocket(id);
    const [a, b] = await Promise.all([first, second]);
    for (const error of [a, b, late]) {
      expect(error).toBeInstanceOf(DirectLineError);
      expect((error as DirectLineError).status).toBe(404);
    }
    expect(late).toBe(b);
    expect(em.openSockets(id)).toBe(0);
  });

  it('end() completes every subscriber, and a later one at once, with no socket left open', async () => {
    const em = emulator();
    const conn = connect(testOptions(em));
    const done = [firstValueFrom(conn.activity$.pipe(toArray())), firstValueFrom(conn.activity$.pipe(toArray()))];
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    const id = conn.getSession().conversationId as string;
    conn.end();
    await Promise.all(done);
    expect(await firstValueFrom(conn.activity$.pipe(toArray()))).toEqual([]);
    expect(await until(() => em.openSockets(id) === 0)).toBe(true);
  });
});
