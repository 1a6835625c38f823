import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

// Conventions no compiler checks, kept by a test: the library never writes to the console (it
// reports through the `debug` option); only the emulator's command line prints.

const root = join(__dirname, '..');
const PRINTS = new Set(['src/cli.ts']);

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
  it('no file under src/ writes to the console, but the emulator command line', () => {
    const offenders = sourceFiles(join(root, 'src'))
      .map((file) => ({ file: relative(root, file), calls: consoleCalls(readFileSync(file, 'utf8')) }))
      .filter(({ file, calls }) => calls.length > 0 && !PRINTS.has(file));
    expect(offenders).toEqual([]);
  });

  it('finds a console call, and none in comments', () => {
    expect(consoleCalls("const a = 1;\n  console.log('x', a);\n")).toEqual(["console.log('x', a);"]);
    expect(consoleCalls("// console.log('x')\n/* console.error('y') */\nconst url = 'http://x'; // console.warn()\n")).toEqual([]);
  });

  it('the command line is where the emulator prints', () => {
    expect(consoleCalls(readFileSync(join(root, 'src/cli.ts'), 'utf8')).length).toBeGreaterThan(0);
  });
});
