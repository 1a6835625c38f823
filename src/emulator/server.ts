import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { redact } from '../protocol/redact';
import { adminRoutes } from './routes/admin-routes';
import { generateSecret } from './auth/tokens';
import { connectorRoutes } from './routes/connector-routes';
import { EmulatorCore } from './core';
import { createFacade } from './facade';
import { echoBot } from './bot/echo-bot';
import { HttpError, badRequest, notFound, sendError, sendJson } from './http/errors';
import { checkMs, checkSeconds } from './control/limits';
import { answerPreflight, applyCors, BodyTooLarge } from './http/http-util';
import { matchRoute, type Route } from './routes/router';
import { checkSameOrigin, HostAllowList } from './http/request-guard';
import { directLineRoutes } from './routes/directline-routes';
import { StreamHub } from './stream/stream';
import { demoRoutes } from './routes/demo-routes';
import type { Emulator, EmulatorOptions } from './types';

const DEFAULTS = {
  maxConversationUploadBytes: 64 * 1024 * 1024,
  maxTotalUploadBytes: 512 * 1024 * 1024,
  tokenLifetimeSec: 1800,
  streamUrlLifetimeMs: 60_000,
  keepAliveMs: 15_000,
  botTimeoutMs: 15_000,
};

/**
 * Connections the kernel may hold before they are accepted: 10,000 opened at once (the emulator's
 * benchmark size) are not dropped. Node's default is 511; Linux caps it at net.core.somaxconn.
 */
export const LISTEN_BACKLOG = 10_000;

/** Paths of the emulator's own APIs, which only its own pages may call. */
const OWN_API = /^\/(?:demo\/api|_emulator)(?:\/|$)/;

/** Starts a Direct Line 3.0 emulator; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const { host, secret, initial, botTimeoutMs, uploads } = settingsOf(options);
  const core = new EmulatorCore({ secret, ...initial, botTimeoutMs, origin: '' }, options.bot ?? echoBot, uploads);
  const logLine = safeLog(options.log);
  const upgradeStarts = new WeakMap<IncomingMessage, number>();

  const hosts = new HostAllowList(host, options.allowedHosts ?? [], () => core.settings.publicBaseUrl);
  const hub = new StreamHub(
    core.store,
    core.signer,
    {
      checkRequest: (req) => hosts.check(req),
      beforeHandshake: (conversationId) => core.faults.apply('stream', conversationId),
      onHandshake: (req, status) => {
        if (status === 101) core.handshakes++;
        else core.handshakesRefused++;
        const started = upgradeStarts.get(req);
        if (options.log && started !== undefined) logLine(`GET ${redact(req.url ?? '/')} ${status} ${Date.now() - started}ms`);
      },
    },
    initial.keepAliveMs,
  );

  let emulator: Emulator | undefined;
  const routes: Route[] = [
    ...directLineRoutes,
    ...connectorRoutes,
    ...adminRoutes(() => emulator!),
    ...(options.demo ? demoRoutes(options.demo(() => emulator!)) : []),
  ];

  const server: Server = createServer((req, res) => {
    const started = Date.now();
    if (options.log) {
      res.on('finish', () => logLine(`${req.method} ${redact(req.url ?? '/')} ${res.statusCode} ${Date.now() - started}ms`));
    }
    answer(req, res, () => dispatch(req, res, routes, hosts, core));
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    upgradeStarts.set(req, Date.now());
    core.requests.stream++;
    try {
      hub.handleUpgrade(req, socket, head);
    } catch {
      socket.destroy();
    }
  });

  await listen(server, options.port ?? 0, host);
  // After listening, errors such as EMFILE on accept are reported, never thrown.
  server.on('error', (error: NodeJS.ErrnoException) => logLine(`server error: ${error.code ?? error.message}`));
  const address = server.address() as AddressInfo;
  const originHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  core.settings.origin = `http://${originHost}:${address.port}`;

  emulator = createFacade({ core, hub, server, secret, initial });
  return emulator;
}

/** The options with their defaults, each checked (a TypeError names a setting out of range). */
function settingsOf(options: EmulatorOptions) {
  const initial = {
    tokenLifetimeSec: checkSeconds('tokenLifetimeSec', options.tokenLifetimeSec ?? DEFAULTS.tokenLifetimeSec),
    streamUrlLifetimeMs: checkMs('streamUrlLifetimeMs', options.streamUrlLifetimeMs ?? DEFAULTS.streamUrlLifetimeMs),
    keepAliveMs: checkMs('keepAliveMs', options.keepAliveMs ?? DEFAULTS.keepAliveMs),
    publicBaseUrl: options.publicBaseUrl,
  };
  const botTimeoutMs = checkMs('botTimeoutMs', options.botTimeoutMs ?? DEFAULTS.botTimeoutMs);
  if (options.demo !== undefined && typeof options.demo !== 'function') {
    throw new TypeError("demo must be a function that makes the demo handler (the CLI passes the demo page's)");
  }
  const uploads = {
    conversationBytes: checkBytes('maxConversationUploadBytes', options.maxConversationUploadBytes ?? DEFAULTS.maxConversationUploadBytes),
    totalBytes: checkBytes('maxTotalUploadBytes', options.maxTotalUploadBytes ?? DEFAULTS.maxTotalUploadBytes),
  };
  return { host: options.host ?? '127.0.0.1', secret: options.secret ?? generateSecret(), initial, botTimeoutMs, uploads };
}

/** The log option as a function that never throws: a failing logger must not break the server. */
function safeLog(log: ((line: string) => void) | undefined): (line: string) => void {
  return (line) => {
    try {
      log?.(line);
    } catch {
      /* a failing logger must not break the server */
    }
  };
}

/** One request through the guards to its route: the host first, then CORS or same-origin, then the route and its faults. */
async function dispatch(
  req: IncomingMessage,
  res: ServerResponse,
  routes: Route[],
  hosts: HostAllowList,
  core: EmulatorCore,
): Promise<void> {
  // Before any route: a host name the emulator does not answer to (DNS rebinding) is refused.
  hosts.check(req);
  const url = requestUrl(req.url);
  if (url.pathname.startsWith('/v3/')) {
    // The Direct Line and Bot Connector routes answer pages of any origin, as the service does.
    applyCors(req, res);
    if (req.method === 'OPTIONS') {
      answerPreflight(req, res);
      return;
    }
  } else if (OWN_API.test(url.pathname)) {
    // The emulator's own APIs (the demo's backend, the admin routes): its own pages only, and no CORS.
    // The page and its files stay open to links from anywhere: they hold nothing.
    checkSameOrigin(req, core.settings.publicBaseUrl);
  }
  const match = matchRoute(routes, req.method ?? 'GET', url.pathname);
  if (!match) throw notFound('Unknown route');
  if ('allowed' in match) {
    throw new HttpError(405, 'BadArgument', `Method ${req.method} not allowed here`, { Allow: [...new Set(match.allowed)].join(', ') });
  }
  const { route, params } = match;
  if (route.name) {
    core.requests[route.name]++;
    // Routes with a conversation in their path: params[0] is its id (for failures planned in one conversation).
    await core.faults.apply(route.name, params[0]);
  }
  await route.handle({ req, res, url, params, core });
}

/** Runs the handler; whatever it throws becomes the service's error body, and every request gets an answer. */
function answer(req: IncomingMessage, res: ServerResponse, handle: () => Promise<void>): void {
  req.on('error', () => undefined);
  res.on('error', () => undefined);
  handle()
    .catch((error: unknown) => {
      if (error instanceof BodyTooLarge && error.closeConnection) res.setHeader('Connection', 'close');
      sendError(res, error);
      if (error instanceof BodyTooLarge && error.closeConnection) res.on('finish', () => req.destroy());
    })
    .catch(() => undefined)
    .finally(() => {
      // A route that forgot to answer (or an answer that could not be written) must not leave the client hanging.
      if (res.headersSent || res.writableEnded) return;
      try {
        sendJson(res, 500, { error: { code: 'ServiceError', message: 'No answer' } });
      } catch {
        res.destroy();
      }
    });
}

/** Listens with the large backlog; rejects if the port cannot be had. */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** A byte count option: a whole number, 0 or more (a TypeError otherwise). */
function checkBytes(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`${name} must be a whole number of bytes (0 or more)`);
  return value;
}

/**
 * The request's URL. Appended to an origin rather than resolved against one, so that a path
 * starting with `//` stays a path (resolved, it would name a host); what no URL can hold is a 400.
 */
function requestUrl(target: string | undefined): URL {
  try {
    return new URL(`http://localhost${target?.startsWith('/') ? target : `/${target ?? ''}`}`);
  } catch {
    throw badRequest('The request target is not a valid path');
  }
}
