#!/usr/bin/env node
'use strict';
// CLI launcher: the build produces dist/cli.cjs from src/cli.ts.
const { main } = require('../dist/cli.cjs');

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`directline-emulator: ${error && error.message ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
