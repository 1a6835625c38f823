import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, extname, join, sep } from 'node:path';

const PACKAGE_NAME = 'directline-rx';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** The files of the page itself: src/demo/public when run from source, dist/demo once built. */
const PAGE_FILES = ['index.html', 'demo.js', 'demo.css', 'panel.js', 'minimal-chat.js'];

/**
 * Third-party bundles the page loads, each from the installed package (never a CDN). Web Chat and
 * botframework-directlinejs are optional: the page adapts when they are absent.
 */
const VENDOR_FILES: Record<string, { pkg: string; file: string }> = {
  'rxjs.umd.min.js': { pkg: 'rxjs', file: 'dist/bundles/rxjs.umd.min.js' },
  'webchat.js': { pkg: 'botframework-webchat', file: 'dist/webchat.js' },
  'directline.js': { pkg: 'botframework-directlinejs', file: 'dist/directline.js' },
};

/** The library's own browser bundle, from the package's dist/. */
const LIBRARY_BUNDLE = 'directline-rx.umd.min.js';

function isPackageRoot(dir: string): boolean {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/** Walks up from `start` to the first directory whose package.json is this package's. */
function findUp(start: string, test: (dir: string) => boolean): string | undefined {
  let dir = start;
  for (;;) {
    if (test(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The package's root directory, walking up from this file (the build gives its ES output a
 * `__dirname` too). Without one, it looks from the working directory, where the package is either
 * the project itself or one of its node_modules.
 */
export function packageRoot(): string | undefined {
  const here = typeof __dirname === 'string' ? __dirname : undefined;
  if (here) {
    const root = findUp(here, isPackageRoot);
    if (root) return root;
  }
  return findUp(process.cwd(), (dir) => isPackageRoot(dir) || isPackageRoot(join(dir, 'node_modules', PACKAGE_NAME)));
}

function resolveRoot(root: string): string {
  return isPackageRoot(root) ? root : join(root, 'node_modules', PACKAGE_NAME);
}

/**
 * Where the files of the page are: beside this file when it runs from the package's source (tests),
 * else the build's dist/demo; undefined when there is neither.
 */
function pageDirectory(root: string): string | undefined {
  const here = typeof __dirname === 'string' ? __dirname : undefined;
  const source = here && here.startsWith(root + sep) ? join(here, 'public') : undefined;
  const candidates = [source, join(root, 'dist', 'demo')];
  return candidates.find((dir): dir is string => !!dir && existsSync(join(dir, 'index.html')));
}

/** `<dir>/node_modules/<pkg>/<file>` in the package's directory or the nearest ancestor that has it. */
function findInNodeModules(root: string, pkg: string, file: string): string | undefined {
  const found = findUp(root, (dir) => existsSync(join(dir, 'node_modules', pkg, file)));
  return found && join(found, 'node_modules', pkg, file);
}

/** Maps the page's URL names to files on disk. */
export class DemoAssets {
  private readonly root: string | undefined;
  private readonly pageDir: string | undefined;

  constructor(root: string | undefined = packageRoot()) {
    this.root = root && resolveRoot(root);
    this.pageDir = this.root ? pageDirectory(this.root) : undefined;
  }

  /** The file behind `/demo/<name>` or `/demo/vendor/<name>`, if it exists. */
  file(name: string, vendor: boolean): string | undefined {
    if (!this.root) return undefined;
    if (!vendor) return this.pageDir && PAGE_FILES.includes(name) ? join(this.pageDir, name) : undefined;
    if (name === LIBRARY_BUNDLE) {
      const bundle = join(this.root, 'dist', LIBRARY_BUNDLE);
      return existsSync(bundle) ? bundle : undefined;
    }
    const entry = Object.prototype.hasOwnProperty.call(VENDOR_FILES, name) ? VENDOR_FILES[name] : undefined;
    return entry && findInNodeModules(this.root, entry.pkg, entry.file);
  }
}

/** Streams a file with its content type; no caching, so a rebuilt bundle is picked up at once. */
export function sendFile(res: ServerResponse, path: string, head: boolean): void {
  const size = statSync(path).size;
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    'Content-Length': String(size),
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (head) {
    res.end();
    return;
  }
  createReadStream(path)
    .on('error', () => res.destroy())
    .pipe(res);
}
