#!/usr/bin/env node
'use strict';
/**
 * Scale benchmark of the Direct Line emulator (not a test).
 *
 * One emulator process (a child, so that its file descriptors are its own) holds up to N
 * conversations, each with an open WebSocket from this process; then activities are posted for a
 * few seconds and delivered over those sockets. Reports memory per conversation and posts per
 * second. Bounded: it stops opening conversations at the deadline or at the first descriptor
 * shortage (EMFILE), reports how far it got, and ends by itself.
 *
 *   npm run build && node bench/emulator.bench.cjs [--conversations 10000] [--seconds 5] [--concurrency 200]
 *
 * Raise the descriptor limit first where you can (`ulimit -n 65536`); `npm run bench:emulator`
 * raises it to the hard limit.
 */
const { fork } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');

// EMULATOR_DIST points at another build of dist/emulator.cjs (e.g. a copy, while dist/ is rebuilt).
const DIST = process.env.EMULATOR_DIST ? path.resolve(process.env.EMULATOR_DIST) : path.join(__dirname, '..', 'dist', 'emulator.cjs');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}

// ---------------------------------------------------------------- the emulator process
if (process.argv.includes('--child')) {
  const { startEmulator } = require(DIST);
  startEmulator({ port: 0, host: '127.0.0.1' }).then((emulator) => {
    const snapshot = () => {
      if (global.gc) global.gc();
      let rss = NaN;
      try {
        rss = process.memoryUsage.rss(); // reads /proc: fails when descriptors run out
      } catch {
        /* reported as n/a */
      }
      const heapUsed = require('node:v8').getHeapStatistics().used_heap_size;
      return { rss, heapUsed, openSockets: emulator.openSockets() };
    };
    process.on('message', (msg) => {
      if (msg === 'memory') process.send({ type: 'memory', ...snapshot() });
      if (msg === 'close') emulator.close().then(() => process.exit(0));
    });
    process.send({ type: 'ready', domain: emulator.domain, secret: emulator.secret, ...snapshot() });
  });
  return;
}

// ---------------------------------------------------------------- the load generator
const WebSocket = require('ws');

/** The soft descriptor limit of this shell (the child inherits it); each conversation holds one in each process. */
function descriptorLimit() {
  try {
    const out = require('node:child_process').execSync('ulimit -n', { shell: '/bin/sh', encoding: 'utf8' }).trim();
    return out === 'unlimited' ? Infinity : Number(out);
  } catch {
    return Infinity;
  }
}

const requested = arg('conversations', 10000);
const limit = descriptorLimit();
const concurrency = arg('concurrency', 200);
// Keep headroom for the HTTP agent's sockets, the listening socket, stdio and libraries.
const target = Math.max(0, Math.min(requested, limit - concurrency - 100));
if (target < requested) {
  console.log(`descriptor limit ${limit} (raise it with \`ulimit -n\`): opening ${target} of the ${requested} conversations asked for`);
}
const seconds = arg('seconds', 5);
const deadlineMs = arg('deadline', 120) * 1000;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function request(url, { method = 'GET', auth, json } = {}) {
  return new Promise((resolve, reject) => {
    const body = json === undefined ? undefined : JSON.stringify(json);
    const req = http.request(url, {
      method,
      agent,
      headers: {
        Authorization: `Bearer ${auth}`,
        ...(body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}),
      },
    });
    req.setTimeout(30000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined });
      });
      res.on('error', reject);
    });
    req.end(body);
  });
}

function openSocket(url, onFrame) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake ${res.statusCode}`)));
    ws.on('message', onFrame);
  });
}

const mb = (bytes) => (Number.isFinite(bytes) ? (bytes / 1024 / 1024).toFixed(1) : 'n/a');
const perConv = (after, before, n) => (n && Number.isFinite(after - before) ? ((after - before) / n / 1024).toFixed(1) : 'n/a');

async function main() {
  const child = fork(__filename, ['--child'], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages = [];
  let wake;
  child.on('message', (m) => {
    messages.push(m);
    if (wake) wake();
  });
  const next = async (type) => {
    for (;;) {
      const i = messages.findIndex((m) => m.type === type);
      if (i >= 0) return messages.splice(i, 1)[0];
      await new Promise((r) => (wake = r));
    }
  };
  const ready = await next('ready');
  const { domain, secret } = ready;
  console.log(`emulator at ${domain}; target ${target} conversations with sockets, concurrency ${concurrency}`);

  const conversations = [];
  let frames = 0;
  let activityFrames = 0;
  let stopReason = 'target reached';
  const t0 = Date.now();
  let cursor = 0;
  let stop = false;
  const worker = async () => {
    while (!stop && cursor < target) {
      cursor++;
      if (Date.now() - t0 > deadlineMs) {
        stop = true;
        stopReason = `deadline (${deadlineMs / 1000} s)`;
        return;
      }
      try {
        const started = await request(`${domain}/conversations`, { method: 'POST', auth: secret });
        if (started.status !== 201) throw new Error(`start answered ${started.status}`);
        const ws = await openSocket(started.body.streamUrl, (data) => {
          frames++;
          if (data.length > 0) activityFrames++;
        });
        conversations.push({ id: started.body.conversationId, token: started.body.token, ws });
      } catch (error) {
        stop = true;
        stopReason = `${error.code || error.message} after ${conversations.length} conversations`;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const openMs = Date.now() - t0;
  child.send('memory');
  const loaded = await next('memory');
  const n = conversations.length;
  console.log(
    `opened ${n} conversations with sockets in ${(openMs / 1000).toFixed(1)} s (${stopReason}); emulator reports ${loaded.openSockets} open sockets`,
  );
  console.log(
    `emulator memory: rss ${mb(ready.rss)} → ${mb(loaded.rss)} MB, heap ${mb(ready.heapUsed)} → ${mb(loaded.heapUsed)} MB; ` +
      `per conversation: ${perConv(loaded.rss, ready.rss, n)} KB rss, ${perConv(loaded.heapUsed, ready.heapUsed, n)} KB heap`,
  );

  // Posting: each post is echoed on its conversation's socket and answered by the echo bot.
  const result = {
    requested,
    conversations: n,
    openSockets: loaded.openSockets,
    stopReason,
    openSeconds: openMs / 1000,
    rssPerConversationKB: Number(perConv(loaded.rss, ready.rss, n)),
    heapPerConversationKB: Number(perConv(loaded.heapUsed, ready.heapUsed, n)),
  };
  let posted = 0;
  let failed = 0;
  const framesBefore = activityFrames;
  if (n > 0) {
    const until = Date.now() + seconds * 1000;
    let k = 0;
    const poster = async () => {
      while (Date.now() < until) {
        const conv = conversations[k++ % n];
        try {
          const r = await request(`${domain}/conversations/${conv.id}/activities`, {
            method: 'POST',
            auth: conv.token,
            json: { type: 'message', from: { id: 'bench' }, text: `m${k}` },
          });
          if (r.status === 200) posted++;
          else failed++;
        } catch {
          failed++;
        }
      }
    };
    const tp = Date.now();
    await Promise.all(Array.from({ length: Math.min(concurrency, 100) }, poster));
    const elapsed = (Date.now() - tp) / 1000;
    await new Promise((r) => setTimeout(r, 500));
    console.log(
      `posted ${posted} activities in ${elapsed.toFixed(1)} s: ${(posted / elapsed).toFixed(0)} posts/s (${failed} failed); ` +
        `${activityFrames - framesBefore} activity frames delivered over the sockets (expected ${posted * 2})`,
    );
    Object.assign(result, {
      posted,
      failed,
      postsPerSecond: posted / elapsed,
      framesDelivered: activityFrames - framesBefore,
      framesExpected: posted * 2,
    });
  }
  child.send('memory');
  const after = await next('memory');
  console.log(`emulator memory after posting: rss ${mb(after.rss)} MB, heap ${mb(after.heapUsed)} MB`);

  for (const c of conversations) c.ws.terminate();
  agent.destroy();
  child.send('close');
  await new Promise((r) => child.once('exit', r));
  console.log(`keep-alive and activity frames seen: ${frames}`);
  return result;
}

const guard = setTimeout(() => {
  console.error('benchmark exceeded its time bound; stopping');
  process.exit(1);
}, 300000);
guard.unref();

const { runMain } = require('./lib/run-main.cjs');

runMain(main);
