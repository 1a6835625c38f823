import type { Server } from 'node:http';
import type { Activity } from '../protocol/activity';
import type { EmulatorCore } from './core';
import { checkMs, checkSeconds } from './control/limits';
import type { StreamHub } from './stream/stream';
import type { Emulator } from './types';

/** What the public object drives: the listening server and the emulator's parts. */
export interface FacadeParts {
  core: EmulatorCore;
  hub: StreamHub;
  server: Server;
  secret: string;
  /** The settings `reset()` goes back to. */
  initial: { tokenLifetimeSec: number; streamUrlLifetimeMs: number; keepAliveMs: number; publicBaseUrl?: string };
}

/** The `Emulator` object `startEmulator` resolves with: its domain, fault controls, test helpers and `close()`. */
export function createFacade({ core, hub, server, secret, initial }: FacadeParts): Emulator {
  const conversationOrThrow = (id: string) => {
    const conversation = core.store.get(id);
    if (!conversation) throw new Error(`Unknown conversation: ${id}`);
    return conversation;
  };

  let closing: Promise<void> | undefined;
  return {
    domain: `${core.settings.origin}/v3/directline`,
    secret,
    close() {
      closing ??= (async () => {
        core.bot.shutdown();
        core.faults.endDelays();
        await hub.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
    faults: {
      dropSocket: (id, code, reason) => hub.drop(id, code ?? 1011, reason ?? ''),
      stallSocket: (id) => hub.stall(id),
      failNext: (route, count, status, opts) => core.faults.failNext(route, count, status, opts),
      delay: (route, ms) => core.faults.delay(route, ms),
      expireToken: (id) => {
        conversationOrThrow(id).revokedUpTo = core.signer.lastSequence;
      },
      setLifetimes: ({ tokenSec, streamUrlMs, keepAliveMs }) => {
        if (tokenSec !== undefined) checkSeconds('tokenSec', tokenSec);
        if (streamUrlMs !== undefined) checkMs('streamUrlMs', streamUrlMs);
        if (keepAliveMs !== undefined) checkMs('keepAliveMs', keepAliveMs);
        if (tokenSec !== undefined) core.settings.tokenLifetimeSec = tokenSec;
        if (streamUrlMs !== undefined) core.settings.streamUrlLifetimeMs = streamUrlMs;
        if (keepAliveMs !== undefined) {
          core.settings.keepAliveMs = keepAliveMs;
          hub.setKeepAlive(keepAliveMs);
        }
      },
      scrambleLivestreams: (id, enabled = true) => {
        conversationOrThrow(id);
        hub.scramble.set(id, enabled);
      },
      removeConversation: (id) => {
        core.store.remove(id);
        hub.forget(id);
      },
      setPublicBaseUrl: (url) => {
        core.settings.publicBaseUrl = url || undefined;
      },
      reset: () => {
        core.faults.reset();
        hub.scramble.reset();
        Object.assign(core.settings, initial);
        hub.setKeepAlive(initial.keepAliveMs);
      },
    },
    sendFromBot: (id: string, activity: Partial<Activity>) => core.sendFromBot(conversationOrThrow(id), activity),
    activities: (id) => {
      const conversation = core.store.get(id);
      return conversation ? core.store.activities(conversation) : [];
    },
    openSockets: (id) => hub.openSockets(id),
    stats: () => ({
      conversations: core.store.size,
      handshakes: core.handshakes,
      handshakesRefused: core.handshakesRefused,
      requests: { ...core.requests },
      uploadBytes: core.store.uploadBytes,
    }),
  };
}
