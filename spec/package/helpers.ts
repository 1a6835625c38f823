// Shared by the package tests: where the built files are, and a plain Node to load them with.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const repo = path.resolve(__dirname, '..', '..');
export const dist = path.join(repo, 'dist');

/** Fails with a clear message when `dist/` was not built (`npm test` builds it first). */
export function requireBuilt(...files: string[]): void {
  const missing = files.filter((f) => !fs.existsSync(path.join(dist, f)));
  if (missing.length) throw new Error(`dist/ lacks ${missing.join(', ')}: run \`npm run build\` (npm test runs it first)`);
}

/** Runs `code` in a fresh plain Node (no ts-jest, no jest module registry) and parses the JSON it prints last. */
export function runNode<T = unknown>(code: string, options: { esm?: boolean; cwd?: string } = {}): T {
  const args = options.esm ? ['--input-type=module', '--eval', code] : ['--eval', code];
  const stdout = execFileSync(process.execPath, args, {
    cwd: options.cwd ?? repo,
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}

/** Module specifiers a built JS file imports or requires (static, dynamic and `require`). */
export function importedSpecifiers(source: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\bfrom\s*(['"])([^'"]+)\1/g,
    /\bimport\s*(['"])([^'"]+)\1/g,
    /\bimport\(\s*(['"])([^'"]+)\1\s*\)/g,
    /\brequire\(\s*(['"])([^'"]+)\1\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.add(match[2]);
  return [...found].sort();
}

/** A built file and every file of dist/ it reaches through relative imports. */
export function withRelativeImports(file: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (absolute: string) => {
    if (files.has(absolute)) return;
    const source = fs.readFileSync(absolute, 'utf8');
    files.set(absolute, source);
    for (const spec of importedSpecifiers(source)) if (spec.startsWith('.')) visit(path.resolve(path.dirname(absolute), spec));
  };
  visit(path.join(dist, file));
  return files;
}
