#!/usr/bin/env node
'use strict';
/**
 * Resume after a dropped socket (not a test): how long from the server closing the socket until
 * the connection is Online again, against the floor — one get-conversation call plus one
 * WebSocket handshake made by hand, in the same run, against the same emulator.
 *
 *   npm run build && node bench/resume.bench.cjs [--drops 50] [--stay 2200]
 *
 * Each drop comes after a stay Online of `--stay` ms (default: longer than the default stableMs,
 * so every drop is "the first failure after a stay Online", as in real use). Contenders are
 * interleaved: one floor measurement, then one drop of ours, and so on. Bounded: `--drops` rounds,
 * each with a 10 s deadline.
 */
const http = require('node:http');
const path = require('node:path');
const WebSocket = require('ws');

const dist = (name) => path.join(__dirname, '..', 'dist', name);
const { startEmulator } = require(dist('emulator.cjs'));
const { connect, ConnectionStatus } = require(dist('node.cjs'));

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : fallback;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => Number(process.hrtime.bigint()) / 1e6;

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function getJson(url, secret) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { Authorization: `Bearer ${secret}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
  });
}

/** The floor: one GET /conversations/{id}?watermark= and one handshake, by hand. */
async function floorOnce(emulator, conversationId, watermark) {
  const t0 = now();
  const conversation = await getJson(`${emulator.domain}/conversations/${conversationId}?watermark=${watermark ?? ''}`, emulator.secret);
  await new Promise((resolve, reject) => {
    const ws = new WebSocket(conversation.streamUrl);
    ws.once('open', () => {
      ws.terminate();
      resolve();
    });
    ws.once('error', reject);
  });
  return now() - t0;
}

/** Resolves with the time from now until `conn` reports Online again (10 s deadline). */
function nextOnline(conn) {
  return new Promise((resolve, reject) => {
    let left = false;
    const t0 = now();
    const timer = setTimeout(() => reject(new Error('not Online again within 10 s')), 10000);
    const sub = conn.connectionStatus$.subscribe((s) => {
      if (s !== ConnectionStatus.Online) left = true;
      else if (left) {
        clearTimeout(timer);
        resolve(now() - t0);
        setImmediate(() => sub.unsubscribe());
      }
    });
  });
}

async function main() {
  const drops = arg('drops', 50);
  const stay = arg('stay', 2200);
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
  const conn = connect({ domain: emulator.domain, secret: emulator.secret });
  conn.activity$.subscribe({ error: (e) => console.error('activity$ failed:', e.message) });
  await new Promise((resolve) => conn.connectionStatus$.subscribe((s) => s === ConnectionStatus.Online && resolve()));
  const { conversationId } = conn.getSession();
  // a second conversation for the floor, so that its handshakes never collide with ours
  const floorConversation = (await new Promise((resolve, reject) => {
    const req = http.request(`${emulator.domain}/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${emulator.secret}` } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(JSON.parse(body)));
    });
    req.on('error', reject);
    req.end();
  })).conversationId;

  const ours = [];
  const floor = [];
  for (let i = 0; i < drops; i++) {
    floor.push(await floorOnce(emulator, floorConversation, undefined));
    await sleep(stay);
    const online = nextOnline(conn);
    emulator.faults.dropSocket(conversationId);
    ours.push(await online);
    process.stdout.write(`\rdrop ${i + 1}/${drops}`);
  }
  process.stdout.write('\n');
  conn.end();
  await emulator.close();

  const row = (name, values) => ({ name, median: percentile(values, 50), p95: percentile(values, 95), min: Math.min(...values), max: Math.max(...values) });
  const rows = [row('directline-rx', ours), row('floor (GET + handshake by hand)', floor)];
  const target = 2 * rows[1].median + 50;
  console.log(`resume after a dropped socket, ${drops} drops, each after ${stay} ms Online (ms)`);
  console.table(rows.map((r) => ({ ...r, median: r.median.toFixed(1), p95: r.p95.toFixed(1), min: r.min.toFixed(1), max: r.max.toFixed(1) })));
  console.log(`target: median within 2 × floor + 50 ms = ${target.toFixed(1)} ms → ${rows[0].median <= target ? 'met' : 'missed'} (ours / floor = ${(rows[0].median / rows[1].median).toFixed(2)})`);
  return { drops, stayMs: stay, ours: rows[0], floor: rows[1], targetMs: target, met: rows[0].median <= target };
}

module.exports = { main };
if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
