#!/usr/bin/env node
'use strict';
/**
 * Throughput through activity$ (not a test): one server (a child process) sends the same
 * pre-serialised frames to each contender — directline-rx, the official client, and the limit: a
 * bare ws client that only JSON.parses the frames. Sets of 1 and of 50 activities per frame.
 * Contenders interleaved, `--reps` repetitions each; counts lost, duplicated and out-of-order
 * deliveries. Bounded: each run has a 60 s deadline.
 *
 *   npm run build && node bench/throughput.bench.cjs [--activities 100000] [--reps 5]
 */
const path = require('node:path');
const http = require('node:http');
const WebSocket = require('ws');
const { arg, spread, now, sleep } = require('./lib/stats.cjs');
const { startChild } = require('./lib/child.cjs');
const { contenders } = require('./lib/clients.cjs');

function startConversation(domain) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${domain}/conversations`, { method: 'POST', headers: { Authorization: 'Bearer secret' } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The limit: a socket whose frames are only parsed. */
function limit(domain, onActivity) {
  let ws;
  startConversation(domain).then((c) => {
    ws = new WebSocket(c.streamUrl, { perMessageDeflate: false });
    ws.on('message', (data) => {
      const text = data.toString();
      if (text === '') return;
      for (const a of JSON.parse(text).activities) onActivity(a);
    });
  });
  return { end: () => ws && ws.terminate() };
}

/** One run: delivers `total` activities to one fresh connection of `name`; resolves with its tally. */
function runOnce(name, domain, total, setSize) {
  return new Promise((resolve) => {
    let delivered = 0;
    let duplicated = 0;
    let outOfOrder = 0;
    let last = -1;
    const seen = new Uint8Array(total);
    let first = 0;
    let lastAt = 0;
    let client;
    let finished = false;
    const finish = (timedOut) => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      // a short wait for late repeats, then the tally
      setTimeout(() => {
        client.end();
        const elapsed = lastAt - first;
        resolve({ name, delivered, lost: total - (delivered - duplicated), duplicated, outOfOrder, timedOut, perSecond: elapsed > 0 ? (delivered - setSize) / (elapsed / 1000) : NaN });
      }, 100);
    };
    const onActivity = (a) => {
      const seq = Number(a.text);
      const t = now();
      if (delivered === 0) first = t;
      delivered++;
      lastAt = t;
      if (seen[seq]) duplicated++;
      seen[seq] = 1;
      if (seq < last) outOfOrder++;
      last = Math.max(last, seq);
      if (delivered - duplicated === total) finish(false);
    };
    const deadline = setTimeout(() => finish(true), 60000);
    client = name === 'limit' ? limit(domain, onActivity) : contenders[name]({ domain, secret: 'secret' }, onActivity);
  });
}

async function main() {
  const total = arg('activities', 100000);
  const reps = arg('reps', 5);
  const server = startChild(path.join(__dirname, 'lib', 'frame-server.cjs'));
  const { domain } = await server.next('ready');
  const names = ['ours', 'official', 'limit'];
  const results = {};
  try {
    for (const setSize of [1, 50]) {
      server.send({ type: 'job', total, setSize });
      await server.next('job-ready');
      const runs = Object.fromEntries(names.map((n) => [n, []]));
      // one warm-up run each (JIT), not counted
      for (const name of names) await runOnce(name, domain, Math.min(total, 5000), setSize === 1 ? 1 : setSize).catch(() => undefined);
      server.send({ type: 'job', total, setSize });
      await server.next('job-ready');
      for (let r = 0; r < reps; r++) {
        // interleaved, and the order rotates each repetition
        for (let k = 0; k < names.length; k++) {
          const name = names[(k + r) % names.length];
          global.gc?.();
          await sleep(50);
          runs[name].push(await runOnce(name, domain, total, setSize));
          process.stderr.write(`\rthroughput, sets of ${setSize}: repetition ${r + 1}/${reps} ${name}      `);
        }
      }
      process.stderr.write('\n');
      // ratios per repetition: ours against the limit and the official client measured beside it
      const ratio = (other) => spread(runs.ours.map((x, r) => x.perSecond / runs[other][r].perSecond));
      results[`setsOf${setSize}`] = Object.fromEntries([
        ['oursOfLimit', ratio('limit')],
        ['oursOfOfficial', ratio('official')],
        ...names.map((n) => [
          n,
          {
            perSecond: spread(runs[n].map((x) => x.perSecond)),
            lost: Math.max(...runs[n].map((x) => x.lost)),
            duplicated: Math.max(...runs[n].map((x) => x.duplicated)),
            outOfOrder: Math.max(...runs[n].map((x) => x.outOfOrder)),
            timedOut: runs[n].some((x) => x.timedOut),
          },
        ]),
      ]);
    }
  } finally {
    await server.stop();
  }
  return { activities: total, reps, ...results };
}

const { runMain } = require('./lib/run-main.cjs');

module.exports = { main };
if (require.main === module) {
  runMain(main);
}
