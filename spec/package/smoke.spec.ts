// The built package, loaded the way users load it: plain Node, `require` and `import`, by file and
// by package name through the `exports` map. `npm test` builds dist/ first.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dist, repo, requireBuilt, runNode } from './helpers';
import { INTERNALS } from '../helpers/internals';

interface Probe {
  names: string[];
  version: unknown;
  error: Record<string, unknown>;
  frame: unknown;
  garbageFrame: unknown;
  stream: { urls: string[]; events: string[]; closed: boolean };
  nodeFactory?: string;
  sameErrorClass?: boolean;
  ownConnect?: boolean;
}

// Runs inside the child Node on a loaded module `m` (and, for the node entry, the isomorphic one `base`).
const probe = `
function probe(m, base) {
  const e = new m.DirectLineError('boom', { status: 429, retryable: true, retryAfterMs: 1500 });
  let thrown;
  try { throw e; } catch (caught) { thrown = caught; }
  let socket;
  const urls = [];
  const events = [];
  const factory = (url) => {
    urls.push(url);
    socket = { closed: false, send() {}, close() { socket.closed = true; } };
    return socket;
  };
  const subscription = m.openStream('ws://127.0.0.1:9/stream', factory).subscribe({
    next: (event) => events.push(event.type === 'frame' ? 'frame:' + event.data : event.type),
    error: (err) => events.push('error:' + err.message),
  });
  socket.onopen({});
  socket.onmessage({ data: 'hello' });
  subscription.unsubscribe();
  const out = {
    names: Object.keys(m).sort(),
    version: m.VERSION,
    error: {
      isError: thrown instanceof Error,
      isDirectLineError: thrown instanceof m.DirectLineError,
      guard: typeof m.isDirectLineError === 'function' ? m.isDirectLineError(thrown) : 'absent',
      name: thrown.name,
      message: thrown.message,
      status: thrown.status,
      retryable: thrown.retryable,
      retryAfterMs: thrown.retryAfterMs,
      stack: typeof thrown.stack === 'string' && thrown.stack.includes('boom'),
    },
    frame: m.parseFrame('{"activities":[],"watermark":"3"}').kind,
    garbageFrame: typeof m.parseFrame('{not json').kind,
    stream: { urls, events, closed: socket.closed },
  };
  if (base) {
    out.nodeFactory = typeof m.nodeWebSocketFactory;
    out.sameErrorClass = m.DirectLineError === base.DirectLineError;
    out.ownConnect = typeof m.connect === 'function' && m.connect !== base.connect;
  }
  return out;
}
`;

const cjs = (entry: string, base?: string) =>
  `${probe}; process.stdout.write(JSON.stringify(probe(require(${JSON.stringify(entry)})${base ? `, require(${JSON.stringify(base)})` : ''})));`;
const esm = (entry: string, base?: string) =>
  `${probe}; process.stdout.write(JSON.stringify(probe(await import(${JSON.stringify(entry)})${base ? `, await import(${JSON.stringify(base)})` : ''})));`;

const version = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')).version as string;
const file = (name: string) => path.join(dist, name);
const fileUrl = (name: string) => `file://${file(name)}`;

function expectWorkingEntry(result: Probe): void {
  expect(result.names).toEqual(
    expect.arrayContaining(['VERSION', 'DirectLineError', 'parseFrame', 'openStream', 'http', 'connect', 'ConnectionStatus']),
  );
  // the public surface is what users call: the internals stay inside
  expect(result.names.filter((name) => INTERNALS.includes(name))).toEqual([]);
  expect(result.version).toBe(version);
  expect(result.error).toEqual({
    isError: true,
    isDirectLineError: true,
    guard: expect.anything(),
    name: 'DirectLineError',
    message: 'boom',
    status: 429,
    retryable: true,
    retryAfterMs: 1500,
    stack: true,
  });
  if (result.error.guard !== 'absent') expect(result.error.guard).toBe(true);
  expect(result.frame).toBe('activitySet');
  expect(result.garbageFrame).toBe('string');
  // rxjs-websockets's default export reached through this module format's interop
  expect(result.stream).toEqual({ urls: ['ws://127.0.0.1:9/stream'], events: ['open', 'frame:hello'], closed: true });
}

function expectWorkingNodeEntry(result: Probe): void {
  expectWorkingEntry(result);
  expect(result.names).toEqual(expect.arrayContaining(['nodeWebSocketFactory', 'nodeCreateXHR']));
  expect(result.nodeFactory).toBe('function');
  expect(result.sameErrorClass).toBe(true);
  // directline-rx/node's connect() wires ws and xhr2 in, so it is not the browser entry's
  expect(result.ownConnect).toBe(true);
}

beforeAll(() => requireBuilt('index.cjs', 'index.mjs', 'node.cjs', 'node.mjs', 'emulator.cjs', 'emulator.mjs'));

describe('built files in plain Node', () => {
  it('require(dist/index.cjs)', () => expectWorkingEntry(runNode<Probe>(cjs(file('index.cjs')))));
  it('require(dist/node.cjs)', () => expectWorkingNodeEntry(runNode<Probe>(cjs(file('node.cjs'), file('index.cjs')))));
  it('import(dist/index.mjs)', () => expectWorkingEntry(runNode<Probe>(esm(fileUrl('index.mjs')), { esm: true })));
  it('import(dist/node.mjs)', () => expectWorkingNodeEntry(runNode<Probe>(esm(fileUrl('node.mjs'), fileUrl('index.mjs')), { esm: true })));

  it('the emulator entry loads from CJS and ESM', () => {
    expect(runNode<string>(`require(${JSON.stringify(file('emulator.cjs'))}); process.stdout.write('"ok"')`)).toBe('ok');
    expect(runNode<string>(`await import(${JSON.stringify(fileUrl('emulator.mjs'))}); process.stdout.write('"ok"')`, { esm: true })).toBe(
      'ok',
    );
  });
});

describe('by package name, through the exports map', () => {
  let consumer: string;

  beforeAll(() => {
    consumer = fs.mkdtempSync(path.join(os.tmpdir(), 'directline-rx-consumer-'));
    fs.mkdirSync(path.join(consumer, 'node_modules'));
    fs.symlinkSync(repo, path.join(consumer, 'node_modules', 'directline-rx'), 'dir');
  });
  afterAll(() => fs.rmSync(consumer, { recursive: true, force: true }));

  it("require('directline-rx')", () => expectWorkingEntry(runNode<Probe>(cjs('directline-rx'), { cwd: consumer })));
  it("require('directline-rx/node')", () =>
    expectWorkingNodeEntry(runNode<Probe>(cjs('directline-rx/node', 'directline-rx'), { cwd: consumer })));
  it("import('directline-rx')", () => expectWorkingEntry(runNode<Probe>(esm('directline-rx'), { esm: true, cwd: consumer })));
  it("import('directline-rx/node')", () =>
    expectWorkingNodeEntry(runNode<Probe>(esm('directline-rx/node', 'directline-rx'), { esm: true, cwd: consumer })));

  it('resolves each condition to its own file', () => {
    const resolved = runNode<Record<string, string>>(
      `process.stdout.write(JSON.stringify({
        require: require.resolve('directline-rx'),
        requireNode: require.resolve('directline-rx/node'),
        requireEmulator: require.resolve('directline-rx/emulator'),
        packageJson: require('directline-rx/package.json').version,
      }))`,
      { cwd: consumer },
    );
    const imported = runNode<Record<string, string>>(
      `process.stdout.write(JSON.stringify({
        import: import.meta.resolve('directline-rx'),
        importNode: import.meta.resolve('directline-rx/node'),
        importEmulator: import.meta.resolve('directline-rx/emulator'),
      }))`,
      { esm: true, cwd: consumer },
    );
    const real = (p: string) => fs.realpathSync(p);
    expect(real(resolved.require)).toBe(real(file('index.cjs')));
    expect(real(resolved.requireNode)).toBe(real(file('node.cjs')));
    expect(real(resolved.requireEmulator)).toBe(real(file('emulator.cjs')));
    expect(resolved.packageJson).toBe(version);
    expect(imported.import).toMatch(/\/dist\/index\.mjs$/);
    expect(imported.importNode).toMatch(/\/dist\/node\.mjs$/);
    expect(imported.importEmulator).toMatch(/\/dist\/emulator\.mjs$/);
  });

  it('does not expose internal files', () => {
    const code = `let code = 'resolved'; try { require.resolve('directline-rx/dist/index.cjs'); } catch (e) { code = e.code; } process.stdout.write(JSON.stringify(code));`;
    expect(runNode<string>(code, { cwd: consumer })).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });
});
