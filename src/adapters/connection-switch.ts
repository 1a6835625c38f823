import { Observable, Subscription, defer, finalize } from 'rxjs';
import type { DirectLineConnection } from '../connection';
import type { ConnectOptions } from '../options';
import type { ConnectFunction } from './web-chat-options';

/** What the switch does with the connection that is current. */
export interface SwitchHooks {
  /** Links a connection's status and session to the object's, for as long as it is current. */
  follow(connection: DirectLineConnection): Subscription;
  /** Receives a connection's activities, once someone listens, for as long as it is current. */
  listen(connection: DirectLineConnection): Subscription;
  /** A new connection takes over while someone listens. */
  switched(): void;
}

/**
 * The connection the Web Chat object runs on, and the moves from one to the next (`setUserId`
 * before anything was sent, `reconnect()`): the new one takes over at once, and the one it replaces
 * ends only once what is in flight on it (a post, an upload) has settled.
 */
export class ConnectionSwitch {
  private connection: DirectLineConnection;
  private connectionOptions: ConnectOptions;
  private links: Subscription;
  private upstream?: Subscription;
  private listening = false;
  private asked = false;
  private done = false;
  private readonly inFlight = new Map<DirectLineConnection, number>();
  private readonly retired = new Set<DirectLineConnection>();

  constructor(
    private readonly connectWith: ConnectFunction,
    options: ConnectOptions,
    private readonly hooks: SwitchHooks,
  ) {
    this.connectionOptions = options;
    this.connection = connectWith(options);
    this.links = hooks.follow(this.connection);
  }

  /** The current connection. */
  get current(): DirectLineConnection {
    return this.connection;
  }

  /** The options the current connection was made with. */
  get options(): ConnectOptions {
    return this.connectionOptions;
  }

  /** Whether anything was asked of a connection yet (listening, a post, a session id). */
  get used(): boolean {
    return this.asked;
  }

  get ended(): boolean {
    return this.done;
  }

  /** The current connection, to ask something of it. */
  use(): DirectLineConnection {
    this.asked = true;
    return this.connection;
  }

  /** Starts receiving on the current connection (and on each one that replaces it), once. */
  listen(): void {
    if (this.listening || this.done) return;
    this.listening = true;
    this.asked = true;
    this.upstream = this.hooks.listen(this.connection);
  }

  /** Counts `source` as in flight on `connection`, so that a replaced connection ends only once it settled. */
  tracked<T>(connection: DirectLineConnection, source: Observable<T>): Observable<T> {
    return defer(() => {
      this.inFlight.set(connection, (this.inFlight.get(connection) ?? 0) + 1);
      return source.pipe(
        finalize(() => {
          const left = (this.inFlight.get(connection) ?? 1) - 1;
          if (left > 0) this.inFlight.set(connection, left);
          else this.inFlight.delete(connection);
          this.endWhenIdle(connection);
        }),
      );
    });
  }

  /** Continues on a new connection; the old one ends once what is in flight on it has settled. */
  switchTo(options: ConnectOptions): void {
    const next = this.connectWith(options);
    const old = this.connection;
    this.links.unsubscribe();
    this.upstream?.unsubscribe();
    this.upstream = undefined;
    this.retired.add(old);
    this.endWhenIdle(old);
    this.connection = next;
    this.connectionOptions = options;
    this.links = this.hooks.follow(next);
    if (this.listening) {
      this.hooks.switched();
      this.upstream = this.hooks.listen(next);
    }
  }

  /** Ends every connection, the current one and those still settling. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.links.unsubscribe();
    this.upstream?.unsubscribe();
    this.connection.end();
    this.retired.forEach((c) => c.end());
    this.retired.clear();
  }

  private endWhenIdle(connection: DirectLineConnection): void {
    if (this.retired.has(connection) && !this.inFlight.get(connection)) {
      this.retired.delete(connection);
      connection.end();
    }
  }
}
