import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity } from '../protocol/activity';
import type { RouteName } from './control/faults';

export type { RouteName };

/** Handles one request of the demo page; resolves false when the path is not the demo's (404 then). */
export type DemoHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * An in-process bot: gets each activity the user posts and may reply any number of times. `reply`
 * returns the activity as delivered, with the id the emulator gave it (a livestream's first chunk's
 * id is the livestream's id), or `undefined` once the conversation is gone. `signal` (always given)
 * aborts when the turn is given up (the bot was late) or the emulator closes: what the bot goes on
 * sending after its turn (proactively) stops with it.
 */
export type BotHandler = (
  activity: Activity,
  reply: (activity: Partial<Activity>) => Activity | undefined,
  signal?: AbortSignal,
) => void | Promise<void>;

/** The bot's account in every conversation: `from` of its activities, `recipient` of the user's. */
export const BOT_ACCOUNT = { id: 'bot', name: 'Bot', role: 'bot' } as const;

/** Options of `startEmulator()`. */
export interface EmulatorOptions {
  /** 0 = any free port (the default; the CLI defaults to 3000). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Generated when absent. */
  secret?: string;
  /** URL of a real bot's messaging endpoint, or an in-process handler; the echo bot by default. */
  bot?: string | BotHandler;
  /** Default 1800 (the service's 30 minutes), returned as `expires_in`. Durations go up to what a timer takes (2^31 − 1 ms); beyond, a TypeError. */
  tokenLifetimeSec?: number;
  /** Default 60000. */
  streamUrlLifetimeMs?: number;
  /** Default 15000: an empty text frame on every open socket. */
  keepAliveMs?: number;
  /** Default 15000: then the post answers 504. */
  botTimeoutMs?: number;
  /** Advertised origin for stream and upload URLs (behind a proxy). Its host is allowed in the Host header. */
  publicBaseUrl?: string;
  /**
   * Host names (or `host:port`; the port is ignored) the emulator answers to besides the loopback
   * names, the address it listens on and `publicBaseUrl`'s host. Requests naming any other host in
   * their Host header are refused with 421 before any route runs.
   */
  allowedHosts?: string[];
  /** One line per request: method, path (redacted), status, ms. No output by default. */
  log?: (line: string) => void;
  /**
   * Bytes of uploaded files one conversation may keep (default 64 MiB); an upload beyond answers 413.
   * Each upload is at most 4 MB, as the service's. Freed with the conversation.
   */
  maxConversationUploadBytes?: number;
  /** Bytes of uploaded files the whole emulator may keep (default 512 MiB); an upload beyond answers 413. */
  maxTotalUploadBytes?: number;
  /**
   * The demo page to serve at `/`, its files under `/demo/` and its backend under `/demo/api/`: a
   * function that makes the handler of those paths once the emulator exists (the CLI passes the
   * demo's, unless `--no-demo`: Web Chat, a live connection panel, fault buttons). Without it those
   * paths answer 404.
   */
  demo?: (emulator: () => Emulator) => DemoHandler;
}

/**
 * Faults to inject, for tests: dropped and stalled sockets, failing or slow routes, expired tokens, short lifetimes.
 */
export interface FaultControls {
  /** Closes the conversation's socket (default code 1011). */
  dropSocket(conversationId: string, code?: number, reason?: string): void;
  /** Keeps the current socket open but sends nothing more on it; the next socket works normally. */
  stallSocket(conversationId: string): void;
  /**
   * `retryAfter`: whole seconds, or any header value (seconds or an HTTP date). With
   * `conversationId`, only calls of that conversation fail (routes with the conversation in their
   * path: `conversations/get`, `activities/post`, `activities/get`, `upload`, `stream`).
   */
  failNext(
    route: RouteName,
    count: number,
    status: number,
    options?: { retryAfter?: string | number; code?: string; conversationId?: string },
  ): void;
  /** 0 clears; at most 2^31 − 1 ms (what a timer takes), a TypeError beyond. */
  delay(route: RouteName | '*', ms: number): void;
  /** Every token issued so far for the conversation now answers 403 TokenExpired. */
  expireToken(conversationId: string): void;
  /** Each at most what a timer takes (2^31 − 1 ms); a TypeError beyond, and nothing is changed. */
  setLifetimes(l: { tokenSec?: number; streamUrlMs?: number; keepAliveMs?: number }): void;
  /**
   * Delivers the conversation's livestream chunks out of order and twice (`false` stops): each
   * interim chunk is held until the next one of its livestream comes, which is then sent, followed
   * by the held one and by itself again; a chunk still held when the final comes is sent after
   * the final. Stored activities (the final included) are not affected.
   */
  scrambleLivestreams(conversationId: string, enabled?: boolean): void;
  /** The conversation answers 404 afterwards. */
  removeConversation(conversationId: string): void;
  /** Changes the advertised origin of stream and upload URLs (`undefined`: the server's own). */
  setPublicBaseUrl(url: string | undefined): void;
  /** Clears every injected fault and restores the lifetimes given at start. */
  reset(): void;
}

/** What the emulator has served so far. */
export interface EmulatorStats {
  /** Conversations held in memory (freed once nothing can reach them any more). */
  conversations: number;
  /** WebSocket handshakes answered with 101. */
  handshakes: number;
  /** WebSocket handshakes refused (stale or reused stream URL, bad token, injected fault). */
  handshakesRefused: number;
  /** Requests per route. */
  requests: Record<RouteName, number>;
  /** Bytes of uploaded files kept (freed with their conversations). */
  uploadBytes: number;
}

/** A running emulator, as `startEmulator()` resolves it. */
export interface Emulator {
  /** e.g. http://127.0.0.1:54321/v3/directline */
  domain: string;
  /** The Direct Line secret it accepts (given, or generated at start). */
  secret: string;
  /** Ends every socket, timer and server. */
  close(): Promise<void>;
  /** The fault controls. */
  faults: FaultControls;
  /**
   * Appends a bot activity (id, timestamp, from bot, watermark assigned) and delivers it. Throws an
   * error with `status` 400 when the activity is nested more than 64 levels deep, larger than 1 MB
   * serialised, or not serialisable; nothing is stored then.
   */
  sendFromBot(conversationId: string, activity: Partial<Activity>): Activity;
  /** Everything stored, in order. */
  activities(conversationId: string): Activity[];
  /** Currently open sockets (for one conversation, or all). */
  openSockets(conversationId?: string): number;
  /** Handshakes and requests so far. */
  stats(): EmulatorStats;
}
