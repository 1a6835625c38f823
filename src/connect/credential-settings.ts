import type { SchedulerLike } from 'rxjs';
import { ConnectionStatus } from '../connection-status';
import { DEFAULT_REFRESH_INTERVAL_MS } from '../defaults';
import type { CredentialOptions } from '../credentials';
import type { ConnectOptions, DebugEvent, TokenProvider } from '../options';
import type { DirectLineError } from '../protocol/errors';
import type { SessionStore } from './session-store';
import type { StatusStore } from './status-store';

/**
 * The credentials' settings, and what they report — a new token, no way left to renew, refreshes —
 * told to the session, the status and the debug hook. Methods on the prototype: no closure per connection.
 */
export class CredentialSettings implements CredentialOptions {
  readonly secret?: string;
  readonly token?: string;
  readonly tokenProvider?: TokenProvider;
  readonly refreshIntervalMs: number;
  readonly http: CredentialOptions['http'];

  constructor(
    options: ConnectOptions,
    readonly scheduler: SchedulerLike,
    private readonly session: SessionStore,
    private readonly status: StatusStore,
    private readonly debug: (event: DebugEvent) => void,
  ) {
    this.secret = options.secret;
    this.token = options.token;
    this.tokenProvider = options.tokenProvider;
    this.refreshIntervalMs = options.refreshIntervalMs ?? DEFAULT_REFRESH_INTERVAL_MS;
    this.http = {
      domain: options.domain,
      createXHR: options.createXHR,
      requestTimeoutMs: options.requestTimeoutMs,
      maxResponseBytes: options.maxResponseBytes,
      scheduler,
      botAgent: options.botAgent,
    };
  }

  onToken(token: string): void {
    this.session.update({ token });
  }

  onExpired(): void {
    this.status.set(ConnectionStatus.ExpiredToken);
  }

  onRefreshed(): void {
    this.debug({ type: 'tokenRefreshed' });
  }

  onRefreshFailed(error: DirectLineError): void {
    this.debug({ type: 'tokenRefreshFailed', error });
  }
}
