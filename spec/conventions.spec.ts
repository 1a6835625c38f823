import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

// Conventions no compiler checks, kept by a test: the library never writes to the console (it
// reports through the `debug` option); the emulator's command line writes through its `output`;
// operators come from rxjs's root, never `rxjs/operators` (in Node that second index is loaded on
// top of the root's at every start, about 10 ms of the cold start for nothing: rxjs 7 exports
// every operator from its root).

const root = join(__dirname, '..');

function sourceFiles(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, found);
    else if (/\.(ts|js)$/.test(entry.name)) found.push(path);
  }
  return found;
}

/** The lines of `source` that call the console (comments left out). */
export function consoleCalls(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  return code
    .split('\n')
    .filter((line) => /\bconsole\s*\.\s*\w+\s*\(/.test(line))
    .map((line) => line.trim());
}

describe('conventions of the source', () => {
  it('no file under src/ writes to the console, the command line included', () => {
    const offenders = sourceFiles(join(root, 'src'))
      .map((file) => ({ file: relative(root, file), calls: consoleCalls(readFileSync(file, 'utf8')) }))
      .filter(({ calls }) => calls.length > 0);
    expect(offenders).toEqual([]);
  });

  it('no file under src/ imports rxjs/operators: operators come from rxjs itself', () => {
    const offenders = sourceFiles(join(root, 'src'))
      .filter((file) => /from ['"]rxjs\/operators['"]/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });

  it('finds a console call, and none in comments', () => {
    expect(consoleCalls("const a = 1;\n  console.log('x', a);\n")).toEqual(["console.log('x', a);"]);
    expect(consoleCalls("// console.log('x')\n/* console.error('y') */\nconst url = 'http://x'; // console.warn()\n")).toEqual([]);
  });

  it('the scan reaches every source file: the command line, the emulator, the demo page', () => {
    const files = sourceFiles(join(root, 'src')).map((file) => relative(root, file));
    expect(files).toEqual(expect.arrayContaining(['src/cli.ts', 'src/emulator/server.ts', 'src/demo/public/demo.js', 'src/index.ts']));
  });
});
