import { DirectLineError } from '../protocol/errors';

export { DEFAULT_UNREACHABLE_MS } from '../defaults';

/**
 * Whether any server has answered a connection yet — an HTTP answer of any status, an open
 * socket, a polling round — and since when it has been trying without. Shared by the start call
 * and the receive path: once anything answered, only the retry budget (`maxRetries`) can end the
 * retries; before, `unreachableMs` of attempts does.
 */
export interface ServerContact {
  /** Some server answered. */
  reached: boolean;
  /** When the attempts began (scheduler time), while nothing ever answered. */
  since?: number;
}

/** A connection that has reached nothing yet. */
export function newServerContact(): ServerContact {
  return { reached: false };
}

/** Attempts begin (a subscription, or the network back online): the time without an answer counts from now. */
export function beginTrying(contact: ServerContact, now: number): void {
  if (!contact.reached) contact.since = now;
}

/** A server answered. */
export function markReached(contact: ServerContact): void {
  contact.reached = true;
  contact.since = undefined;
}

/** Whether a failure is a server's answer (an HTTP status) rather than no answer at all. */
export function answered(error: DirectLineError): boolean {
  return typeof error.status === 'number' && error.status > 0;
}

/**
 * How long attempts may go on without an answer, ms: 0 or less means it is time to give up;
 * undefined means there is no such limit (a server answered once).
 */
export function timeLeft(contact: ServerContact, unreachableMs: number, now: number): number | undefined {
  if (contact.reached || contact.since === undefined) return undefined;
  return contact.since + unreachableMs - now;
}

/** The error a connection that never reached any server fails with: how long it tried, and the last cause. */
export function unreachableError(last: DirectLineError, unreachableMs: number, attempts: number): DirectLineError {
  return new DirectLineError(`No server answered in ${unreachableMs / 1000} s (${attempts} attempts): ${last.message}`, {
    code: 'Unreachable',
    status: 0,
  });
}
