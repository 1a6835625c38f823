#!/usr/bin/env node
'use strict';
/**
 * Throughput through activity$ (not a test). One server (a child process, lib/frame-server.cjs)
 * sends each connection the same service-shaped frames, serialised beforehand and written in
 * 256 KiB chunks; each run is one connection of one contender in a fresh process
 * (lib/throughput-run.cjs): directline-rx, the official client, and the limit — a bare `ws`
 * client that only JSON.parses the frames. Sets of 1 and of 50 activities per frame. Contenders
 * interleaved (the order rotates each repetition); rate and CPU µs per activity, the first 10,000
 * activities apart from the rest; lost, duplicated and out-of-order deliveries counted.
 *
 * The limit is a limit only while the server is not what bounds it: the server's CPU time for a
 * limit run must be under half that run's receive time, or the benchmark refuses to report. The
 * limit is the CPU per activity of its best run; the benchmark refuses to report if any contender's
 * run spends less. CPU is compared with the limit like for like (median run over median run, best
 * over best) and each run over the limit's best. Rates are compared with the official client's only
 * (see below why).
 * Bounded: each run has a 60 s deadline.
 *
 *   npm run build && node bench/throughput.bench.cjs [--activities 100000] [--reps 5] [--sets 1,50] [--names ours,official,limit]
 */
const path = require('node:path');
const { fork } = require('node:child_process');
const { arg, spread } = require('./lib/stats.cjs');
const { startChild } = require('./lib/child.cjs');

/** Server CPU for a limit run must stay under this share of the limit's receive time. */
const SERVER_SHARE = 0.5;

/** One run in a fresh process; resolves with its tally. */
function runOnce(name, domain, total, setSize) {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'lib', 'throughput-run.cjs'), [name, domain, String(total), String(setSize)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result;
    child.on('message', (m) => (result = m));
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`${name} run exited ${code} without a result`))));
  });
}

/** The server's report for the conversation of `run` (one socket per run). */
async function sentFor(server, run) {
  for (let i = 0; i < 10; i++) {
    const sent = await server.next('sent');
    if (sent.conversationId === run.conversationId || run.conversationId === undefined) return sent;
  }
  throw new Error(`no send report for ${run.conversationId}`);
}

const periodSpread = (runs, period, key) => spread(runs.map((x) => x[period]?.[key] ?? NaN));

async function main() {
  const total = arg('activities', 100000);
  const reps = arg('reps', 5);
  const setsAt = process.argv.indexOf('--sets');
  const sets = setsAt > 0 ? process.argv[setsAt + 1].split(',').map(Number) : [1, 50];
  const namesAt = process.argv.indexOf('--names');
  const names = namesAt > 0 ? process.argv[namesAt + 1].split(',') : ['ours', 'official', 'limit'];
  const server = startChild(path.join(__dirname, 'lib', 'frame-server.cjs'));
  const { domain } = await server.next('ready');
  const results = {};
  let activityBytes;
  try {
    for (const setSize of sets) {
      server.send({ type: 'job', total, setSize });
      ({ activityBytes } = await server.next('job-ready'));
      const runs = Object.fromEntries(names.map((n) => [n, []]));
      const serverCpu = [];
      for (let r = 0; r < reps; r++) {
        for (let k = 0; k < names.length; k++) {
          const name = names[(k + r) % names.length];
          const run = await runOnce(name, domain, total, setSize);
          const sent = await sentFor(server, run);
          run.serverCpuMs = sent.cpuMs;
          if (name === 'limit') serverCpu.push({ cpuMs: sent.cpuMs, receiveMs: run.all?.ms ?? NaN });
          runs[name].push(run);
          process.stderr.write(`\rthroughput, sets of ${setSize}: repetition ${r + 1}/${reps} ${name}      `);
        }
      }
      process.stderr.write('\n');
      // the self-check: the server must not be what bounds the limit
      const share = spread(serverCpu.map((x) => x.cpuMs / x.receiveMs));
      if (serverCpu.length && !(share.max < SERVER_SHARE)) {
        throw new Error(
          `refusing to report sets of ${setSize}: the server's CPU time reached ${(share.max * 100).toFixed(0)}% of the limit's receive time (must stay under ${SERVER_SHARE * 100}%)`,
        );
      }
      // The limit is the CPU per activity of the limit's best run: a bare client that only parses
      // the frames; nothing that delivers the same activities can spend less. A contender that does
      // means the bench measured something else: refuse to report. The rate is not a limit here: on
      // a shared machine a run's wall time also depends on when the scheduler lets it and the server
      // run (a contender's best rate was seen above the limit's), so rates are compared with the
      // official client's, side by side, and never published as a share of the limit.
      const limitBestCpu = (period) => Math.min(...runs.limit.map((x) => x[period]?.cpuUsPerActivity ?? NaN));
      for (const n of names.filter((x) => x !== 'limit' && runs.limit)) {
        for (const period of ['first', 'rest', 'all']) {
          const cpu = Math.min(...runs[n].map((x) => x[period]?.cpuUsPerActivity ?? NaN));
          if (cpu < limitBestCpu(period)) {
            throw new Error(
              `refusing to report sets of ${setSize}: ${n} spent less CPU per activity than the limit's best run (${period}: ${cpu.toFixed(2)} µs); the limit is not one`,
            );
          }
        }
      }
      // Against the limit: each run's CPU over the limit's best. Against the official client: per repetition, side by side.
      const ratio = (a, b, period, key) => {
        if (!runs[a] || !runs[b]) return undefined;
        if (b === 'limit') return spread(runs[a].map((x) => (x[period]?.[key] ?? NaN) / limitBestCpu(period)));
        return spread(runs[a].map((x, i) => (x[period]?.[key] ?? NaN) / (runs[b][i][period]?.[key] ?? NaN)));
      };
      // Like for like: the median run over the limit's median run, the best over the best (each
      // contender's runs see the same machine, interleaved); and each run over the limit's best, the
      // harshest reading.
      const cpuOf = (n, period) => spread(runs[n].map((x) => x[period]?.cpuUsPerActivity ?? NaN));
      const entry = { serverCpuShareOfLimit: share };
      for (const period of ['first', 'rest', 'all']) {
        entry[period] = {
          oursOfOfficial: ratio('ours', 'official', period, 'perSecond'),
          cpuOursOfLimit: ratio('ours', 'limit', period, 'cpuUsPerActivity'),
          cpuMedianOursOfLimit: runs.limit && runs.ours ? cpuOf('ours', period).median / cpuOf('limit', period).median : undefined,
          cpuBestOursOfLimit: runs.limit && runs.ours ? cpuOf('ours', period).min / cpuOf('limit', period).min : undefined,
          cpuOursOfOfficial: ratio('ours', 'official', period, 'cpuUsPerActivity'),
        };
      }
      for (const n of names) {
        entry[n] = {
          first: {
            perSecond: periodSpread(runs[n], 'first', 'perSecond'),
            cpuUsPerActivity: periodSpread(runs[n], 'first', 'cpuUsPerActivity'),
          },
          rest: {
            perSecond: periodSpread(runs[n], 'rest', 'perSecond'),
            cpuUsPerActivity: periodSpread(runs[n], 'rest', 'cpuUsPerActivity'),
          },
          all: { perSecond: periodSpread(runs[n], 'all', 'perSecond'), cpuUsPerActivity: periodSpread(runs[n], 'all', 'cpuUsPerActivity') },
          lost: Math.max(...runs[n].map((x) => x.lost)),
          duplicated: Math.max(...runs[n].map((x) => x.duplicated)),
          outOfOrder: Math.max(...runs[n].map((x) => x.outOfOrder)),
          timedOut: runs[n].some((x) => x.timedOut),
        };
      }
      results[`setsOf${setSize}`] = entry;
    }
  } finally {
    await server.stop();
  }
  return { activities: total, reps, activityBytes, first: 10000, ...results };
}

const { runMain } = require('./lib/run-main.cjs');

module.exports = { main };
if (require.main === module) {
  runMain(main);
}
