import { firstValueFrom } from 'rxjs';
import { connect, ConnectionStatus, isBot, sleep, takeActivities, testOptions, useEmulator, waitFor } from './support';

describe('exactly once, in order, under faults (real sockets against the emulator)', () => {
  const emulator = useEmulator({ keepAliveMs: 300 });

  it('guarantee 6: 1,000 activities streamed while the socket is dropped 20 times arrive once each, in order', async () => {
    const em = emulator();
    const conn = connect(testOptions(em));
    const texts: string[] = [];
    const done = takeActivities(conn.activity$, 1000, (a) => isBot(a) && /^n\d+$/.test(a.text ?? ''), 60000);
    conn.activity$.subscribe((a) => isBot(a) && texts.push(a.text as string));
    await waitFor(conn.connectionStatus$, (s) => s === ConnectionStatus.Online);
    const { conversationId } = conn.getSession();
    let maxSockets = 0;
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 50; i++) em.sendFromBot(conversationId as string, { type: 'message', text: `n${round * 50 + i}` });
      maxSockets = Math.max(maxSockets, em.openSockets(conversationId));
      em.faults.dropSocket(conversationId as string);
      await sleep(5 + (round % 4) * 10);
    }
    const got = await done;
    expect(got.map((a) => a.text)).toEqual(Array.from({ length: 1000 }, (_, i) => `n${i}`));
    expect(new Set(got.map((a) => a.id)).size).toBe(1000);
    await sleep(100);
    expect(texts).toHaveLength(1000); // the second subscriber also saw each exactly once
    expect(maxSockets).toBeLessThanOrEqual(1);
    conn.end();
  }, 90000);

  it('guarantee 6: a session persisted and resumed later misses nothing and repeats nothing', async () => {
    const em = emulator();
    const first = connect(testOptions(em));
    const got1 = takeActivities(first.activity$, 2);
    await firstValueFrom(first.postActivity({ type: 'message', text: 'one' }));
    await got1;
    const saved = first.getSession();
    first.end();
    em.sendFromBot(saved.conversationId as string, { type: 'message', text: 'while away 1' });
    em.sendFromBot(saved.conversationId as string, { type: 'message', text: 'while away 2' });
    const second = connect({
      ...testOptions(em),
      secret: undefined,
      token: saved.token,
      conversationId: saved.conversationId,
      watermark: saved.watermark,
    });
    const resumed = await takeActivities(second.activity$, 2);
    expect(resumed.map((a) => a.text)).toEqual(['while away 1', 'while away 2']);
    const more = takeActivities(second.activity$, 1, (a) => a.text === 'echo: two');
    await firstValueFrom(second.postActivity({ type: 'message', text: 'two' }));
    await more;
    second.end();
  });

  it('session$ follows conversationId, token and watermark as they change', async () => {
    const em = emulator();
    const conn = connect(testOptions(em));
    const sessions: { watermark?: string }[] = [];
    conn.session$.subscribe((s) => sessions.push(s));
    const got = takeActivities(conn.activity$, 2);
    await firstValueFrom(conn.postActivity({ type: 'message', text: 'x' }));
    await got;
    const last = conn.getSession();
    expect(last.conversationId).toMatch(/\S/);
    expect(last.token).toMatch(/\S/);
    expect(typeof last.watermark).toBe('string');
    expect(sessions.length).toBeGreaterThanOrEqual(3);
    conn.end();
  });
});
