import type { Emulator } from 'directline-rx/emulator';

/** What the chaos did, by kind. */
export type FaultCounts = Record<
  'drop' | 'stall' | 'reconnect5xx' | 'reconnect429' | 'post5xx' | 'post429' | 'expiredToken' | 'delay',
  number
>;

/** A bounded integer in [min, max]. */
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

/**
 * Injects one random fault every `everyMs` through the emulator's fault controls until stopped:
 * socket drops and stalls, 5xx and 429/503 with Retry-After on the reconnect call
 * (conversations/get) and on posts, expired tokens (on the conversations given a token
 * provider), and delays on every route. `stop()` clears every planned failure and delay.
 */
export function startChaos(
  emulator: Emulator,
  conversations: () => string[],
  tokenConversations: () => string[],
  everyMs: number,
): { counts: FaultCounts; stop(): void } {
  const counts: FaultCounts = { drop: 0, stall: 0, reconnect5xx: 0, reconnect429: 0, post5xx: 0, post429: 0, expiredToken: 0, delay: 0 };
  let delayUntil = 0;
  const tick = () => {
    const ids = conversations();
    if (ids.length === 0) return;
    if (delayUntil && Date.now() > delayUntil) {
      emulator.faults.delay('*', 0);
      delayUntil = 0;
    }
    const roll = Math.random();
    if (roll < 0.3) {
      emulator.faults.dropSocket(pick(ids), pick([1011, 1001]));
      counts.drop++;
    } else if (roll < 0.45) {
      emulator.faults.stallSocket(pick(ids));
      counts.stall++;
    } else if (roll < 0.55) {
      emulator.faults.failNext('conversations/get', between(1, 3), pick([500, 502, 504]));
      counts.reconnect5xx++;
    } else if (roll < 0.62) {
      emulator.faults.failNext('conversations/get', between(1, 3), pick([429, 503]), { retryAfter: 1 });
      counts.reconnect429++;
    } else if (roll < 0.74) {
      emulator.faults.failNext('activities/post', between(1, 3), pick([500, 502]));
      counts.post5xx++;
    } else if (roll < 0.84) {
      emulator.faults.failNext('activities/post', between(1, 3), pick([429, 503]), { retryAfter: 1 });
      counts.post429++;
    } else if (roll < 0.94) {
      const withProvider = tokenConversations();
      if (withProvider.length > 0) {
        const id = pick(withProvider);
        emulator.faults.expireToken(id);
        emulator.faults.dropSocket(id);
        counts.expiredToken++;
      }
    } else if (!delayUntil) {
      emulator.faults.delay('*', between(50, 400));
      delayUntil = Date.now() + between(300, 1500);
      counts.delay++;
    }
  };
  const timer = setInterval(tick, everyMs);
  return {
    counts,
    stop() {
      clearInterval(timer);
      emulator.faults.reset();
    },
  };
}
