#!/usr/bin/env node
'use strict';
// `npm start`: builds, then runs the emulator with the demo page (bin/directline-emulator.cjs).
// `npm start -- --help` prints the CLI's help at once, without building: from dist/ when it is as
// new as the CLI's source, else from the source itself (through tsx, a devDependency).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const built = path.join(root, 'dist', 'cli.cjs');
const source = path.join(root, 'src', 'cli.ts');

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : -1);
const run = (command, commandArgs) => spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (args.includes('--help') || args.includes('-h')) {
  if (mtime(built) >= mtime(source)) {
    require('../bin/directline-emulator.cjs');
  } else {
    const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
    process.exitCode = run(tsx, ['-e', "require('./src/cli').main(['--help'])"]);
  }
} else {
  const status = run('npm', ['run', 'build']);
  if (status !== 0) process.exit(status);
  require('../bin/directline-emulator.cjs');
}
