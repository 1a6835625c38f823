import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { createDemoHandler } from '../../../src/demo/handler';
import { sendError } from '../../../src/emulator/http/errors';
import { checkSameOrigin, HostAllowList } from '../../../src/emulator/http/request-guard';
import type { Emulator } from 'directline-rx/emulator';

/** One built Angular application and the path it is served under (its `baseHref`). */
export interface ServedApp {
  /** `/` or `/ngrx/`: starts and ends with a slash. */
  base: string;
  /** The build's browser output (`<outputPath>/browser`). */
  dir: string;
}

/** The example site: the built applications and their token backend on one origin. */
export interface ExampleServer {
  /** e.g. http://127.0.0.1:4200 */
  origin: string;
  close(): Promise<void>;
}

/** Where each example's build lands (`outputPath` in its angular.json, then `browser/`), and the path it is served under. */
export const EXAMPLE_APPS: readonly ServedApp[] = [
  { base: '/', dir: join(__dirname, '..', 'dist', 'browser') },
  { base: '/ngrx/', dir: join(__dirname, '..', '..', 'ngrx', 'dist', 'browser') },
];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** The file a path names inside the app's folder; the app's index.html for a route (no extension). Never outside the folder. */
function fileOf(app: ServedApp, path: string): string | undefined {
  const root = resolve(app.dir);
  const inside = normalize(path.slice(app.base.length)).replace(/^([/\\])+/, '');
  const file = resolve(root, inside);
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  if (existsSync(file) && statSync(file).isFile()) return file;
  return extname(file) === '' ? join(root, 'index.html') : undefined;
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string): void {
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': String(statSync(file).size),
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') res.end();
  else
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
}

/**
 * Serves the built applications and, under `/demo/api/`, the token backend for the emulator (an
 * application's own server: it holds the secret and hands the page a token; pages of other origins
 * are refused, 403, and host names other than the loopback ones, 421). The page then talks Direct
 * Line to the emulator's domain. Binds 127.0.0.1; `port` 0 takes any free port.
 */
export async function startExampleServer(emulator: Emulator, apps: readonly ServedApp[], port = 0): Promise<ExampleServer> {
  for (const app of apps) {
    if (!existsSync(join(app.dir, 'index.html')))
      throw new Error(`${app.dir} has no index.html: build the app first (npm run example:build)`);
  }
  // Longest base first, so that /ngrx/ is matched before /.
  const byBase = [...apps].sort((a, b) => b.base.length - a.base.length);
  const backend = createDemoHandler(() => emulator);
  // As the emulator's own routes: only the loopback names (no DNS rebinding), and the token backend for this origin's pages only.
  const hosts = new HostAllowList('127.0.0.1', [], () => undefined);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    hosts.check(req);
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path.startsWith('/demo/api/')) {
      checkSameOrigin(req, undefined);
      if (!(await backend(req, res))) res.writeHead(404).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const app = byBase.find(({ base }) => path.startsWith(base) || `${path}/` === base);
    if (app && path === app.base.slice(0, -1)) {
      res.writeHead(301, { Location: app.base }).end();
      return;
    }
    const file = app && fileOf(app, path);
    if (file) sendFile(req, res, file);
    else res.writeHead(404).end();
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendError(res, error);
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done());
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
