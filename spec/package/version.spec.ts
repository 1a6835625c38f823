// VERSION (sent in the agent header) must be the published version.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VERSION } from '../../src/version';

it('src/version.ts VERSION equals package.json version', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  expect(VERSION).toBe(pkg.version);
});
