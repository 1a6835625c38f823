#!/usr/bin/env node
'use strict';
// CLI launcher: the build produces dist/emulator.cjs from src/emulator/index.ts.
const { main } = require('../dist/emulator.cjs');

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`directline-emulator: ${error && error.message ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
