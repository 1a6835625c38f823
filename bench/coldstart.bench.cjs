#!/usr/bin/env node
'use strict';
/**
 * Cold start (not a test): a fresh Node process loads a contender and connects until Online,
 * against the emulator in another process. Measured from the first line of the process's script:
 * the import alone, and import → Online. The floor: a process that loads only `ws` and `http`,
 * starts a conversation and opens its stream by hand (what Online needs, with nothing else loaded).
 * Contenders interleaved, `--reps` each. Bounded: each run has a 30 s deadline.
 *
 *   npm run build && node bench/coldstart.bench.cjs [--reps 10]
 */
const path = require('node:path');
const { fork } = require('node:child_process');
const { arg, spread } = require('./lib/stats.cjs');
const { startChild } = require('./lib/child.cjs');

function runOnce(name, domain, secret) {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'lib', 'coldstart-run.cjs'), [name, domain, secret], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result;
    child.on('message', (m) => (result = m));
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`${name} cold start exited ${code} without a result`))));
  });
}

async function main() {
  const reps = arg('reps', 10);
  const names = ['ours', 'official', 'floor'];
  const server = startChild(path.join(__dirname, 'lib', 'emulator-child.cjs'));
  const { domain, secret } = await server.next('ready');
  const runs = Object.fromEntries(names.map((n) => [n, []]));
  try {
    for (let r = 0; r < reps; r++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + r) % names.length];
        runs[name].push(await runOnce(name, domain, secret));
        process.stderr.write(`\rcold start: repetition ${r + 1}/${reps} ${name}      `);
      }
    }
    process.stderr.write('\n');
  } finally {
    await server.stop();
  }
  const result = { reps };
  for (const n of names) result[n] = { importMs: spread(runs[n].map((x) => x.importMs)), onlineMs: spread(runs[n].map((x) => x.onlineMs)) };
  result.oursOfFloor = spread(runs.ours.map((x, i) => x.onlineMs / runs.floor[i].onlineMs));
  result.oursOfOfficial = spread(runs.ours.map((x, i) => x.onlineMs / runs.official[i].onlineMs));
  return result;
}

const { runMain } = require('./lib/run-main.cjs');

module.exports = { main };
if (require.main === module) {
  runMain(main);
}
