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

  it('keeps the changes made while nobody watches: a later watcher starts from the latest session, then hears each change', () => {
    const store = new SessionStore({ conversationId: 'c1', token: 't1' });
    store.update({ watermark: '1' });
    store.update({ watermark: '2' });
    expect(store.value).toEqual({ conversationId: 'c1', token: 't1', watermark: '2' });
    const seen: unknown[] = [];
    const first = store.changes$.subscribe((s) => seen.push(s));
    store.update({ watermark: '3' });
    first.unsubscribe();
    store.update({ watermark: '4' });
    store.update({ token: 't2' });
    const later: unknown[] = [];
    store.changes$.subscribe((s) => later.push(s));
    expect(seen).toEqual([
      { conversationId: 'c1', token: 't1', watermark: '2' },
      { conversationId: 'c1', token: 't1', watermark: '3' },
    ]);
    expect(later).toEqual([{ conversationId: 'c1', token: 't2', watermark: '4' }]);
  });

  it('two watchers hear the same changes, and one arriving later starts from the latest', () => {
    const store = new SessionStore({ conversationId: 'c1' });
    const a: unknown[] = [];
    const b: unknown[] = [];
    store.changes$.subscribe((s) => a.push((s as { watermark?: string }).watermark));
    store.update({ watermark: '1' });
    store.changes$.subscribe((s) => b.push((s as { watermark?: string }).watermark));
    store.update({ watermark: '2' });
    expect(a).toEqual([undefined, '1', '2']);
    expect(b).toEqual(['1', '2']);
  });

  it('completes', () => {
    const store = new SessionStore({});
    let done = false;
    store.changes$.subscribe({ complete: () => (done = true) });
    store.complete();
    expect(done).toBe(true);
  });
});
