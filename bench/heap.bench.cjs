#!/usr/bin/env node
'use strict';
/**
 * Heap per idle connection (not a test): N connections Online at once in one Node process
 * (--expose-gc), against the emulator in another; (heap after − heap before) / N, after full
 * collections. Each measurement runs in a fresh process; contenders interleaved, `--reps` each.
 *
 *   npm run build && node bench/heap.bench.cjs [--connections 1000,10000] [--reps 3]
 *
 * 10,000 connections need about 10,000 descriptors in each process (`ulimit -n`).
 */
const path = require('node:path');
const { fork } = require('node:child_process');
const { arg, spread, sleep, settleHeap, within } = require('./lib/stats.cjs');
const { startChild } = require('./lib/child.cjs');

async function measure(name, n, domain, secret) {
  const { contenders } = require('./lib/clients.cjs');
  const open = contenders[name];
  const waitOnline = async (c) => {
    for (let i = 0; i < 3000 && !c.online(); i++) await sleep(10);
    if (!c.online()) throw new Error(`${name}: a connection was not Online within 30 s`);
  };
  // warm: load every lazily required module once
  const warm = open({ domain, secret }, () => undefined);
  await waitOnline(warm);
  warm.end();
  await sleep(200);
  const before = await settleHeap();
  const conns = [];
  let cursor = 0;
  const worker = async () => {
    while (cursor < n) {
      cursor++;
      const c = open({ domain, secret }, () => undefined);
      conns.push(c);
      await waitOnline(c);
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  await sleep(500);
  const after = await settleHeap();
  const online = conns.filter((c) => c.online()).length;
  for (const c of conns) c.end();
  return { name, connections: n, online, bytesPerConnection: (after - before) / n };
}

function measureInChild(name, n, domain, secret) {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--measure', name, '--connections', String(n), '--domain', domain, '--secret', secret], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (m) => (m.error ? reject(new Error(m.error)) : resolve(m)));
    child.once('exit', (code) => code !== 0 && reject(new Error(`heap measurement of ${name} exited ${code}`)));
  });
}

async function main(options = {}) {
  const i = process.argv.indexOf('--connections');
  const sizes = options.sizes ?? (i > 0 ? process.argv[i + 1].split(',').map(Number) : [1000]);
  const reps = options.reps ?? arg('reps', 3);
  const names = ['ours', 'official'];
  const results = {};
  for (const n of sizes) {
    const emulator = startChild(path.join(__dirname, 'lib', 'emulator-child.cjs'));
    const { domain, secret } = await emulator.next('ready');
    const runs = { ours: [], official: [] };
    try {
      for (let r = 0; r < reps; r++) {
        for (let k = 0; k < names.length; k++) {
          const name = names[(k + r) % names.length];
          process.stderr.write(`\rheap, ${n} connections: repetition ${r + 1}/${reps} ${name}      `);
          runs[name].push(await within(600000, measureInChild(name, n, domain, secret), `${name} at ${n} took over 10 min`));
        }
      }
    } finally {
      await emulator.stop();
    }
    process.stderr.write('\n');
    results[n] = Object.fromEntries(
      names.map((name) => [
        name,
        { bytesPerConnection: spread(runs[name].map((x) => x.bytesPerConnection)), online: Math.min(...runs[name].map((x) => x.online)) },
      ]),
    );
  }
  return { reps, sizes, results };
}

const { runMain } = require('./lib/run-main.cjs');

module.exports = { main };
if (process.argv.includes('--measure')) {
  const i = process.argv.indexOf('--measure');
  const value = (name) => process.argv[process.argv.indexOf(`--${name}`) + 1];
  measure(process.argv[i + 1], Number(value('connections')), value('domain'), value('secret')).then(
    (r) => process.send(r, () => process.exit(0)),
    (err) => process.send({ error: err.message }, () => process.exit(0)),
  );
} else if (require.main === module) {
  runMain(main);
}
