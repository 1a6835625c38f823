import { Observable, of, Subject } from 'rxjs';
import type { Conversation } from '../src/protocol/activity';
import { DirectLineError } from '../src/protocol/errors';
import { newScheduler } from './operators/marble-helpers';

// The refresh call is scripted per test: each call takes the next answer.
const refreshAnswers: Observable<Conversation>[] = [];
const refreshCredentials: (string | undefined)[] = [];
jest.mock('../src/http/calls', () => ({
  refreshToken: (http: { getCredential: () => string | undefined }) => {
    refreshCredentials.push(http.getCredential());
    return refreshAnswers.shift() ?? new Subject<Conversation>();
  },
}));

import { Credentials } from '../src/credentials';
import type { CredentialOptions } from '../src/credentials';
import type { TokenProvider } from '../src/options';

function credentials(extra: Partial<CredentialOptions>, scheduler = newScheduler()) {
  const events: string[] = [];
  const c = new Credentials({
    refreshIntervalMs: 900000,
    scheduler,
    http: { domain: 'http://127.0.0.1:1/v3/directline' },
    onToken: (t) => events.push(`token ${t}`),
    onExpired: () => events.push('expired'),
    onRefreshed: () => events.push('refreshed'),
    onRefreshFailed: (e) => events.push(`refresh failed ${e.status ?? e.code}`),
    ...extra,
  });
  return { c, events };
}

beforeEach(() => {
  refreshAnswers.length = 0;
  refreshCredentials.length = 0;
});

describe('Credentials', () => {
  it('every request reads the credential when it starts: the secret, else the newest token', () => {
    expect(credentials({ secret: 'the-secret' }).c.http().getCredential()).toBe('the-secret');
    const { c } = credentials({ token: 'first-token' });
    const http = c.http();
    c.setToken('second-token');
    expect(http.getCredential()).toBe('second-token');
  });

  it('setToken refuses an empty token with InvalidOptions', () => {
    const { c } = credentials({ token: 'a-token' });
    expect(() => c.setToken('')).toThrow(expect.objectContaining({ code: 'InvalidOptions' }));
  });

  describe('the refresh loop (marbles)', () => {
    it('refreshes at half of expires_in, rescheduled by every new token, and stops when unsubscribed', () => {
      const scheduler = newScheduler();
      scheduler.run(({ cold, expectObservable }) => {
        const { c, events } = credentials({ token: 't0' }, scheduler);
        c.apply({ conversationId: 'c', token: 't1', expires_in: 10 }); // 10 s: refresh after 5 s
        refreshAnswers.push(cold('100ms (r|)', { r: { conversationId: 'c', token: 't2', expires_in: 4 } }));
        refreshAnswers.push(cold('100ms (r|)', { r: { conversationId: 'c', token: 't3', expires_in: 4 } }));
        expectObservable(c.refreshLoop(), '^ 8000ms !').toBe('');
        scheduler.flush();
        // t1 at 0 → refresh at 5000, answered at 5100 (t2, 4 s) → next at 7100, answered 7200 (t3) → next would be 9200, after the unsubscribe
        expect(events).toEqual(['token t1', 'refreshed', 'token t2', 'refreshed', 'token t3']);
        expect(refreshCredentials).toEqual(['t1', 't2']);
      });
    });

    it('a failed refresh is retried 30 s later; a 403 falls to the token provider', () => {
      const scheduler = newScheduler();
      scheduler.run(({ cold }) => {
        const provided = new Subject<string>();
        const { c, events } = credentials({ token: 't0', tokenProvider: () => provided }, scheduler);
        c.apply({ conversationId: 'c', token: 't1', expires_in: 2 });
        refreshAnswers.push(cold('#', undefined, new DirectLineError('down', { status: 500, retryable: true })));
        refreshAnswers.push(cold('#', undefined, new DirectLineError('expired', { status: 403 })));
        const sub = c.refreshLoop().subscribe();
        scheduler.schedule(() => provided.next('from-provider'), 40000);
        scheduler.schedule(() => sub.unsubscribe(), 40001);
        scheduler.flush();
        expect(events).toEqual(['token t1', 'refresh failed 500', 'refresh failed 403', 'token from-provider']);
      });
    });

    it('does nothing with a secret', () => {
      const scheduler = newScheduler();
      scheduler.run(({ expectObservable }) => {
        expectObservable(credentials({ secret: 'the-secret' }, scheduler).c.refreshLoop()).toBe('|');
      });
    });
  });

  describe('renew (the answer to a 403)', () => {
    it('asks the token provider first, and emits once it has a new token', async () => {
      const { c, events } = credentials({ token: 'old', tokenProvider: () => Promise.resolve('new-from-provider') });
      await new Promise((resolve, reject) =>
        c.renew(new DirectLineError('x', { status: 403 })).subscribe({ next: resolve, error: reject }),
      );
      expect(c.http().getCredential()).toBe('new-from-provider');
      expect(events).toEqual(['token new-from-provider']);
    });

    it('a provider that fails is asked again after 1, 2 and 4 s before the connection waits for setToken', () => {
      const scheduler = newScheduler();
      scheduler.run(({ cold }) => {
        let calls = 0;
        const provider = () =>
          ++calls <= 2 ? cold<string>('10ms #', undefined, new Error('backend busy')) : cold('10ms (t|)', { t: `token-${calls}` });
        const { c, events } = credentials({ token: 'old', tokenProvider: provider }, scheduler);
        const renewedAt: number[] = [];
        c.renew(new DirectLineError('x', { status: 403 })).subscribe(() => renewedAt.push(scheduler.now()));
        scheduler.flush();
        // 10 (fails) + 1000 + 10 (fails) + 2000 + 10 (answers)
        expect(renewedAt).toEqual([3030]);
        expect(events).toEqual(['token token-3']);

        let failing = 0;
        const broken = credentials(
          { token: 'old', tokenProvider: () => (failing++, cold<string>('10ms #', undefined, new Error('down'))) },
          scheduler,
        );
        broken.c.renew(new DirectLineError('x', { status: 403 })).subscribe();
        scheduler.flush();
        expect(failing).toBe(4);
        expect(broken.events).toEqual(['expired']);
      });
    });

    it('without a provider refreshes the token; if that fails reports expired and waits for setToken', () => {
      const scheduler = newScheduler();
      scheduler.run(({ cold }) => {
        const { c, events } = credentials({ token: 'old' }, scheduler);
        refreshAnswers.push(cold('10ms #', undefined, new DirectLineError('expired', { status: 403 })));
        const renewed: unknown[] = [];
        c.renew(new DirectLineError('x', { status: 403 })).subscribe((v) => renewed.push(v));
        scheduler.schedule(() => c.setToken('handed-by-the-app'), 500);
        scheduler.flush();
        expect(events).toEqual(['expired', 'token handed-by-the-app']);
        expect(renewed).toEqual(['handed-by-the-app']);
      });
    });

    it('with a secret cannot renew: the 403 stands', () => {
      const error = new DirectLineError('forbidden', { status: 403 });
      let failed: unknown;
      credentials({ secret: 'the-secret' })
        .c.renew(error)
        .subscribe({ error: (e) => (failed = e) });
      expect(failed).toBe(error);
    });
  });

  describe('the token provider', () => {
    it('ensure() asks it when no credential is held, and not otherwise', async () => {
      const provider = jest.fn(() => of('provided-token'));
      const { c } = credentials({ tokenProvider: provider });
      await new Promise((resolve) => c.ensure().subscribe({ complete: () => resolve(undefined) }));
      expect(c.http().getCredential()).toBe('provided-token');
      await new Promise((resolve) => c.ensure().subscribe({ complete: () => resolve(undefined) }));
      expect(provider).toHaveBeenCalledTimes(1);
    });

    it('a provider that throws or rejects is a TokenProviderFailed error (403), not an escape', async () => {
      for (const provider of [
        (): string => {
          throw new Error('backend down');
        },
        () => Promise.reject<string>(new Error('backend down')),
      ]) {
        const { c } = credentials({ tokenProvider: provider as TokenProvider });
        const error = await new Promise((resolve) => c.ensure().subscribe({ error: resolve }));
        expect(error).toMatchObject({ code: 'TokenProviderFailed', status: 403 });
      }
    });
  });
});
