import {
  EMPTY,
  Observable,
  Subject,
  catchError,
  defer,
  from,
  ignoreElements,
  map,
  of,
  retry,
  startWith,
  switchMap,
  take,
  tap,
  throwError,
  timer,
} from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import type { Conversation } from './protocol/activity';
import { DirectLineError, asDirectLineError } from './protocol/errors';
import { rememberSecret } from './protocol/redact';
import { refreshToken } from './http/calls';
import type { HttpOptions } from './http/request';
import type { TokenProvider } from './options';

export interface CredentialOptions {
  secret?: string;
  token?: string;
  tokenProvider?: TokenProvider;
  refreshIntervalMs: number;
  scheduler: SchedulerLike;
  http: Omit<HttpOptions, 'getCredential'>;
  /** The token changed (for the session). */
  onToken: (token: string) => void;
  /** No way left to renew: the application must call setToken. */
  onExpired: () => void;
  onRefreshed: () => void;
  onRefreshFailed: (error: DirectLineError) => void;
}

/** How many times a failing token provider is asked again before the connection waits for `setToken`. */
const PROVIDER_RETRIES = 3;

/**
 * The secret or token of one connection. Every request reads `current()` when it starts, so a
 * retry after a renewal sends the new token. A token is refreshed at half its life.
 */
export class Credentials {
  private token?: string;
  private expiresInMs?: number;
  private readonly tokenSet = new Subject<string>();

  constructor(private readonly options: CredentialOptions) {
    rememberSecret(options.secret);
    if (options.token) this.token = options.token;
    rememberSecret(options.token);
  }

  current(): string | undefined {
    return this.options.secret ?? this.token;
  }

  http(): HttpOptions {
    return { ...this.options.http, getCredential: () => this.current() };
  }

  setToken(token: string, expiresInSec?: number): void {
    if (typeof token !== 'string' || token === '')
      throw new DirectLineError('setToken needs a non-empty token', { code: 'InvalidOptions' });
    rememberSecret(token);
    this.token = token;
    this.expiresInMs = typeof expiresInSec === 'number' && expiresInSec > 0 ? expiresInSec * 1000 : undefined;
    this.options.onToken(token);
    this.tokenSet.next(token);
  }

  /** Takes the token (and its lifetime) a start, get or refresh answer carried. */
  apply(conversation: Conversation): void {
    if (conversation.token) this.setToken(conversation.token, conversation.expires_in);
  }

  /** A token from the provider, where one was given and no credential is held yet. */
  ensure(): Observable<void> {
    if (this.current()) return of(undefined);
    return this.fromProvider().pipe(map(() => undefined));
  }

  private fromProvider(): Observable<string> {
    const provider = this.options.tokenProvider;
    if (!provider) return throwError(() => new DirectLineError('No token provider', { code: 'TokenExpired', status: 403 }));
    return defer(() => {
      const value = provider();
      return typeof value === 'string' ? of(value) : from(value);
    }).pipe(
      take(1),
      tap((token) => this.setToken(token)),
      catchError((err) =>
        throwError(
          () =>
            new DirectLineError(`The token provider failed: ${asDirectLineError(err).message}`, {
              code: 'TokenProviderFailed',
              status: 403,
            }),
        ),
      ),
    );
  }

  /**
   * The answer to a 403: renew the credential, then emit once to retry. Tries the token provider,
   * else a refresh; if neither works, reports ExpiredToken and waits for `setToken`.
   */
  renew(error: DirectLineError): Observable<unknown> {
    if (this.options.secret) return throwError(() => error);
    const { scheduler } = this.options;
    // The application's backend may fail for a moment, like any call: the provider is asked again
    // after 1, 2 and 4 s before the connection waits for setToken.
    const attempt: Observable<unknown> = this.options.tokenProvider
      ? this.fromProvider().pipe(retry({ count: PROVIDER_RETRIES, delay: (_err, n) => timer(1000 * 2 ** (n - 1), scheduler) }))
      : refreshToken(this.http()).pipe(tap((c) => this.apply(c)));
    return attempt.pipe(
      catchError(() => {
        this.options.onExpired();
        return this.tokenSet.pipe(take(1));
      }),
      take(1),
    );
  }

  /**
   * Refreshes the token at half its life (or every refreshIntervalMs when unknown), rescheduled
   * whenever a new token arrives, until unsubscribed. Failures retry a few times, then fall to
   * the token provider or leave it to the next 403.
   */
  refreshLoop(): Observable<never> {
    if (this.options.secret) return EMPTY;
    const { scheduler } = this.options;
    const refreshOnce = defer(() =>
      timer(this.expiresInMs !== undefined ? this.expiresInMs / 2 : this.options.refreshIntervalMs, scheduler),
    ).pipe(
      switchMap(() => (this.token ? refreshToken(this.http()) : EMPTY)),
      retry({
        count: 5,
        delay: (err) => {
          const error = asDirectLineError(err);
          this.options.onRefreshFailed(error);
          if (error.status === 403 || !error.retryable) return this.options.tokenProvider ? this.fromProvider() : throwError(() => error);
          return timer(30000, scheduler);
        },
      }),
      tap((c) => {
        this.options.onRefreshed();
        this.apply(c);
      }),
      catchError(() => EMPTY),
    );
    return this.tokenSet.pipe(
      startWith(this.token),
      switchMap(() => refreshOnce),
      ignoreElements(),
    );
  }
}
