import { SessionStore } from '../../src/connect/session-store';

describe('SessionStore', () => {
  it('replays the latest session, emits only real changes, and hands out copies', () => {
    const store = new SessionStore({ conversationId: 'c1', token: 't1' });
    const seen: unknown[] = [];
    store.changes$.subscribe((s) => seen.push(s));
    store.update({ token: 't1' }); // no change
    store.update({ watermark: '3' });
    store.update({ watermark: '3', conversationId: 'c1' }); // no change
    const copy = store.snapshot();
    copy.watermark = 'mutated';
    expect(store.value.watermark).toBe('3');
    expect(seen).toEqual([
      { conversationId: 'c1', token: 't1', watermark: undefined },
      { conversationId: 'c1', token: 't1', watermark: '3' },
    ]);
  });

  it('completes', () => {
    const store = new SessionStore({});
    let done = false;
    store.changes$.subscribe({ complete: () => (done = true) });
    store.complete();
    expect(done).toBe(true);
  });
});
