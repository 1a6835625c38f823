import { defaultCodeFor, HttpError } from '../http/errors';
import { checkMs, MAX_TIMER_MS } from './limits';

/** The emulator's routes, by name, for fault controls and request counts. */
export type RouteName =
  | 'tokens/generate'
  | 'tokens/refresh'
  | 'conversations/start'
  | 'conversations/get'
  | 'activities/post'
  | 'activities/get'
  | 'upload'
  | 'stream'
  | 'session';

export const ROUTE_NAMES: readonly RouteName[] = [
  'tokens/generate',
  'tokens/refresh',
  'conversations/start',
  'conversations/get',
  'activities/post',
  'activities/get',
  'upload',
  'stream',
  'session',
];

export function isRouteName(value: unknown): value is RouteName {
  return typeof value === 'string' && (ROUTE_NAMES as readonly string[]).includes(value);
}

interface PlannedFailure {
  remaining: number;
  status: number;
  retryAfter?: string;
  code?: string;
}

/** Injected failures and delays, per route. */
export class FaultPlan {
  /** Keyed by route, or by route and conversation (`failureKey`). */
  private readonly failures = new Map<string, PlannedFailure>();
  private readonly delays = new Map<RouteName | '*', number>();
  /** Delays under way: ended at once by `endDelays()`. */
  private readonly sleeping = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();

  failNext(
    route: RouteName,
    count: number,
    status: number,
    options: { retryAfter?: string | number; code?: string; conversationId?: string } = {},
  ): void {
    if (!isRouteName(route)) throw new TypeError(`Unknown route: ${String(route)}`);
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new TypeError(`Bad status: ${status}`);
    const retryAfter = retryAfterHeader(options.retryAfter);
    const key = failureKey(route, options.conversationId);
    if (!(count > 0)) {
      this.failures.delete(key);
      return;
    }
    this.failures.set(key, { remaining: Math.floor(count), status, retryAfter, code: options.code });
  }

  /** Delays every answer of the route by `ms` (at most what a timer takes); 0 clears. */
  delay(route: RouteName | '*', ms: number): void {
    if (route !== '*' && !isRouteName(route)) throw new TypeError(`Unknown route: ${String(route)}`);
    checkMs('ms', ms);
    if (ms > 0) this.delays.set(route, ms);
    else this.delays.delete(route);
  }

  /** The route's own delay plus the one for every route, never more than a timer takes. */
  delayFor(route: RouteName): number {
    return Math.min(MAX_TIMER_MS, (this.delays.get('*') ?? 0) + (this.delays.get(route) ?? 0));
  }

  /**
   * Runs one call's faults: waits out the route's delay, then throws its planned failure, if any
   * (one planned for the call's conversation first, then one for the route).
   */
  async apply(route: RouteName, conversationId?: string): Promise<void> {
    const ms = this.delayFor(route);
    if (ms > 0) await this.sleep(ms);
    const failure = (conversationId !== undefined ? this.take(route, conversationId) : undefined) ?? this.take(route);
    if (failure) throw failure;
  }

  /** Ends every delay under way (the emulator is closing). */
  endDelays(): void {
    for (const entry of this.sleeping) {
      clearTimeout(entry.timer);
      entry.wake();
    }
    this.sleeping.clear();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.sleeping.delete(entry);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.sleeping.add(entry);
    });
  }

  /** The planned failure for one call of the route (in that conversation only, when given), if any (consumes it). */
  take(route: RouteName, conversationId?: string): HttpError | undefined {
    const key = failureKey(route, conversationId);
    const planned = this.failures.get(key);
    if (!planned) return undefined;
    planned.remaining -= 1;
    if (planned.remaining <= 0) this.failures.delete(key);
    const headers: Record<string, string> = {};
    if (planned.retryAfter !== undefined) headers['Retry-After'] = planned.retryAfter;
    return new HttpError(
      planned.status,
      planned.code ?? defaultCodeFor(planned.status),
      `Injected failure (${planned.status}) on ${route}`,
      headers,
    );
  }

  reset(): void {
    this.failures.clear();
    this.delays.clear();
  }
}

/** The key of a planned failure: the route, or the route in one conversation. */
function failureKey(route: RouteName, conversationId: string | undefined): string {
  return conversationId === undefined ? route : `${route} ${conversationId}`;
}

/** A `Retry-After` value: whole seconds as a number, or any header value (seconds or an HTTP date). */
function retryAfterHeader(value: string | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new TypeError('retryAfter must be a whole number of seconds (0 or more)');
    return String(value);
  }
  if (typeof value !== 'string' || !/^[\x20-\x7e]{1,200}$/.test(value)) {
    throw new TypeError('retryAfter must be a header value (seconds or an HTTP date)');
  }
  return value;
}
