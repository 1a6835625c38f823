import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const DIR = join(ROOT, 'src', 'emulator');
const readme = readFileSync(join(DIR, 'README.md'), 'utf8');

/** Every path the README names in backquotes: a file with an extension, or a folder ending in `/`. */
const named = [...readme.matchAll(/`([\w./-]+(?:\.(?:ts|cjs|md)|\/))`/g)].map((m) => m[1]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [relative(DIR, path)] : [];
  });
}

test('the emulator README names only files that exist (beside it, or from the repository root)', () => {
  expect(named.length).toBeGreaterThan(10);
  const missing = named.filter((path) => !existsSync(join(DIR, path)) && !existsSync(join(ROOT, path)));
  expect(missing).toEqual([]);
});

test('the emulator README names every source file of the emulator', () => {
  const unlisted = sourceFiles(DIR).filter((file) => !named.includes(file));
  expect(unlisted).toEqual([]);
});

test('the emulator README ships in the package, and the main README links it', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  expect(pkg.files).toContain('src/emulator/README.md');
  expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('](src/emulator/README.md)');
});
