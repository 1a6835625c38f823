import { asyncScheduler } from 'rxjs';
import { ConnectionStatus } from '../../src/connection-status';
import { CredentialSettings } from '../../src/connect/credential-settings';
import { SessionStore } from '../../src/connect/session-store';
import { StatusStore } from '../../src/connect/status-store';
import { Credentials } from '../../src/credentials';
import type { DebugEvent } from '../../src/options';
import { DirectLineError } from '../../src/protocol/errors';

function settings(extra: Partial<ConstructorParameters<typeof CredentialSettings>[0]> = {}) {
  const debug: DebugEvent[] = [];
  const session = new SessionStore({ conversationId: 'c1' });
  const status = new StatusStore((e) => debug.push(e));
  const created = new CredentialSettings(
    { token: 't0', domain: 'http://127.0.0.1:1/v3/directline', requestTimeoutMs: 1234, botAgent: 'agent', ...extra },
    asyncScheduler,
    session,
    status,
    (e) => debug.push(e),
  );
  return { created, session, status, debug };
}

describe('CredentialSettings', () => {
  it('takes the credentials and the HTTP settings from the options, with the default refresh interval', () => {
    const { created } = settings();
    expect(created.token).toBe('t0');
    expect(created.secret).toBeUndefined();
    expect(created.refreshIntervalMs).toBe(15 * 60 * 1000);
    expect(created.http).toMatchObject({
      domain: 'http://127.0.0.1:1/v3/directline',
      requestTimeoutMs: 1234,
      botAgent: 'agent',
      scheduler: asyncScheduler,
    });
    expect(settings({ refreshIntervalMs: 5000 }).created.refreshIntervalMs).toBe(5000);
  });

  it('tells the session a new token, the status that no way is left, and the debug hook each refresh, when the credentials call them as methods', () => {
    const { created, session, status, debug } = settings();
    const credentials = new Credentials(created);
    credentials.setToken('t1');
    expect(session.value.token).toBe('t1');
    created.onExpired();
    expect(status.value).toBe(ConnectionStatus.ExpiredToken);
    created.onRefreshed();
    const error = new DirectLineError('refresh failed', { status: 500 });
    created.onRefreshFailed(error);
    expect(debug.filter((e) => e.type !== 'status')).toEqual([{ type: 'tokenRefreshed' }, { type: 'tokenRefreshFailed', error }]);
  });
});
