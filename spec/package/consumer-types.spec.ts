// The published types, compiled where users compile: the packed package is installed into small
// consumer projects, each compiled by tsc with the settings users have (no lib "DOM", no
// skipLibCheck, moduleResolution node10 / node16 / bundler), together with the type tests of
// spec/types/. `npm test` builds dist/ first.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repo, requireBuilt } from './helpers';

const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
const typeTests = path.join(repo, 'spec', 'types');

/** What a consumer has in node_modules beside directline-rx: its dependencies, its peer, and what the type tests use. */
const installed = ['rxjs', 'rxjs-websockets', 'ws', 'xhr2', '@types/node', '@types/ws', 'expect-type'];

/** Compiled into every project without DOM: if the DOM's names were there, the directive would be unused and fail. */
const NO_DOM_PROBE = `// @ts-expect-error the project has no lib "DOM"
export type NoDom = XMLHttpRequest;
`;

interface Project {
  name: string;
  type: 'commonjs' | 'module';
  compilerOptions: Record<string, unknown>;
  /** The type tests of spec/types/ compiled in this project. */
  typeTests: string[];
  /** The declaration files of the package that tsc must have read, and no other. */
  reads: string[];
}

const strict = { strict: true, skipLibCheck: false, noEmit: true, target: 'ES2022', esModuleInterop: true };
const nodeOnly = { ...strict, lib: ['ES2022'], types: ['node'] };
const everyEntry = ['connect.types.ts', 'errors-and-status.types.ts', 'node-entry.types.ts'];
const declarations = (ext: 'd.cts' | 'd.mts') => ['emulator', 'index', 'node'].map((entry) => `dist/${entry}.${ext}`);

const projects: Project[] = [
  {
    name: 'node16, CommonJS, no DOM',
    type: 'commonjs',
    compilerOptions: { ...nodeOnly, module: 'node16', moduleResolution: 'node16' },
    typeTests: everyEntry,
    reads: declarations('d.cts'),
  },
  {
    name: 'node16, ESM, no DOM',
    type: 'module',
    compilerOptions: { ...nodeOnly, module: 'node16', moduleResolution: 'node16' },
    typeTests: everyEntry,
    reads: declarations('d.mts'),
  },
  {
    name: 'node10 (moduleResolution "node"), no DOM',
    type: 'commonjs',
    compilerOptions: { ...nodeOnly, module: 'commonjs', moduleResolution: 'node' },
    typeTests: everyEntry,
    reads: declarations('d.cts'),
  },
  {
    name: 'bundler, no DOM',
    type: 'module',
    compilerOptions: { ...nodeOnly, module: 'esnext', moduleResolution: 'bundler' },
    typeTests: everyEntry,
    reads: declarations('d.mts'),
  },
  {
    name: 'bundler, a browser app (DOM, no Node types)',
    type: 'module',
    compilerOptions: { ...strict, lib: ['ES2022', 'DOM'], types: [], module: 'esnext', moduleResolution: 'bundler' },
    typeTests: ['connect.types.ts', 'errors-and-status.types.ts', 'transports-dom.types.ts'],
    reads: ['dist/index.d.mts'],
  },
];

let work: string;
let unpacked: string;

beforeAll(() => {
  requireBuilt(...declarations('d.cts').map((f) => path.basename(f)), ...declarations('d.mts').map((f) => path.basename(f)));
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'directline-rx-types-'));
  // The files npm would publish (`files` in package.json), without rebuilding: `npm test` just built dist/.
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 60_000,
    }),
  ) as { filename: string }[];
  unpacked = path.join(work, 'package');
  execFileSync('tar', ['-xzf', path.join(work, filename), '-C', work], { timeout: 60_000 });
}, 90_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Writes a consumer project (package.json, tsconfig.json, node_modules, the type tests) and compiles it. */
function compile(project: Project, index: number): { errors: string[]; packageFiles: string[] } {
  const dir = path.join(work, `consumer-${index}`);
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(modules, '@types'), { recursive: true });
  const installedPackage = path.join(modules, 'directline-rx');
  fs.cpSync(unpacked, installedPackage, { recursive: true });
  for (const name of installed) fs.symlinkSync(path.join(repo, 'node_modules', name), path.join(modules, name), 'dir');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `consumer-${index}`, private: true, type: project.type }));
  const files = [...project.typeTests];
  for (const file of project.typeTests) fs.copyFileSync(path.join(typeTests, file), path.join(dir, file));
  if (!(project.compilerOptions.lib as string[]).includes('DOM')) {
    fs.writeFileSync(path.join(dir, 'no-dom.ts'), NO_DOM_PROBE);
    files.push('no-dom.ts');
  }
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: project.compilerOptions, files }, null, 2));

  const run = spawnSync(process.execPath, [tsc, '-p', dir, '--listFiles'], { encoding: 'utf8', timeout: 120_000 });
  if (run.error) throw run.error;
  const lines = `${run.stdout}${run.stderr}`.split('\n').filter(Boolean);
  const packageRoot = `${fs.realpathSync(installedPackage)}${path.sep}`;
  return {
    errors: lines.filter((line) => /error TS\d+/.test(line)),
    packageFiles: lines
      .filter((line) => line.startsWith(packageRoot))
      .map((line) => line.slice(packageRoot.length).split(path.sep).join('/'))
      .sort(),
  };
}

describe('the packed package compiles in consumer projects, strict and without skipLibCheck', () => {
  it.each(projects.map((project, index) => [project.name, project, index] as const))(
    '%s',
    (_name, project, index) => {
      const { errors, packageFiles } = compile(project, index);
      expect(errors).toEqual([]);
      // each entry resolved, to the declarations of its module format
      expect(packageFiles).toEqual(project.reads);
    },
    150_000,
  );
});
