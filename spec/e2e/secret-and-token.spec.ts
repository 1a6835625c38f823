import { firstValueFrom } from 'rxjs';
import { filter, take, timeout } from 'rxjs/operators';
import type { Observable } from 'rxjs';
import { connect, ConnectionStatus, keepListening, testOptions, useEmulator, waitFor } from './support';

// The official client in Node, as its documentation says: xhr2 and ws as the browser's globals.
(globalThis as Record<string, unknown>).XMLHttpRequest = require('xhr2');
(globalThis as Record<string, unknown>).WebSocket = require('ws');
const { DirectLine } = require('botframework-directlinejs') as {
  DirectLine: new (options: Record<string, unknown>) => {
    connectionStatus$: Observable<number>;
    activity$: Observable<unknown>;
    end(): void;
  };
};

const NOT_A_TOKEN = 'not-a-token-of-this-service';

describe('both a secret and a token: the secret wins, as in the official client', () => {
  const emulator = useEmulator();

  it('the official client (the peer) connects with the secret and ignores the token', async () => {
    const em = emulator();
    const official = new DirectLine({ domain: em.domain, secret: em.secret, token: NOT_A_TOKEN, webSocket: true });
    official.activity$.subscribe({ error: () => undefined });
    const status = await firstValueFrom(
      official.connectionStatus$.pipe(
        filter((s) => s === ConnectionStatus.Online || s >= ConnectionStatus.ExpiredToken),
        take(1),
        timeout(15000),
      ),
    );
    official.end();
    expect(status).toBe(ConnectionStatus.Online);
  });

  it('connect() sends the secret on every call and never refreshes; the token alone would not connect', async () => {
    const em = emulator();
    const refreshes = em.stats().requests['tokens/refresh'] ?? 0;
    const both = connect(testOptions(em, { token: NOT_A_TOKEN, refreshIntervalMs: 50 }));
    keepListening(both);
    await waitFor(both.connectionStatus$, (s) => s === ConnectionStatus.Online);
    await new Promise((resolve) => setTimeout(resolve, 200)); // four refresh periods: a token would have been refreshed
    expect(em.stats().requests['tokens/refresh'] ?? 0).toBe(refreshes);
    both.end();

    const tokenOnly = connect({ ...testOptions(em), secret: undefined, token: NOT_A_TOKEN });
    keepListening(tokenOnly);
    const status = await waitFor(tokenOnly.connectionStatus$, (s) => s >= ConnectionStatus.ExpiredToken);
    expect([ConnectionStatus.ExpiredToken, ConnectionStatus.FailedToConnect]).toContain(status);
    tokenOnly.end();
  });
});
