#!/usr/bin/env node
'use strict';
/**
 * Resume after a dropped socket (not a test): the server closes a connection's socket and at once
 * stores a bot activity the connection has not seen; measured is the time from the drop until that
 * activity arrives on activity$ — a reconnect with the newest watermark, end to end. Against the
 * floor: one get-conversation call with the watermark plus one WebSocket handshake, by hand, until
 * the missed activity's frame — in the same run, against the same emulator.
 *
 *   npm run build && node bench/resume.bench.cjs [--drops 50] [--official-drops 10]
 *
 * Every drop comes after its connection stayed Online longer than the default stableMs (the
 * drops rotate over `--connections` connections), so each is "the first failure after a stay
 * Online", as in real use. Floor and ours alternate drop by drop. The official client waits a
 * random 3–15 s before it reconnects, so its drops run side by side on their own connections
 * (fewer of them). Bounded: each drop has a 30 s deadline.
 */
const http = require('node:http');
const path = require('node:path');
const WebSocket = require('ws');
const { arg, spread, now, sleep, within } = require('./lib/stats.cjs');
const { contenders } = require('./lib/clients.cjs');

const { startEmulator } = require(path.join(__dirname, '..', 'dist', 'emulator.cjs'));

function request(method, url, secret) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { Authorization: `Bearer ${secret}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => (res.statusCode < 300 ? resolve(JSON.parse(body)) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The floor: GET /conversations/{id}?watermark=W and one handshake, by hand, until the missed activity's frame. */
async function floorOnce(emulator, floor) {
  emulator.sendFromBot(floor.conversationId, { type: 'message', text: 'missed' });
  const t0 = now();
  const conversation = await request(
    'GET',
    `${emulator.domain}/conversations/${floor.conversationId}?watermark=${floor.watermark}`,
    emulator.secret,
  );
  await new Promise((resolve, reject) => {
    const ws = new WebSocket(conversation.streamUrl, { perMessageDeflate: false });
    ws.on('message', (data) => {
      if (data.length === 0) return;
      ws.terminate();
      floor.watermark = JSON.parse(data.toString()).watermark;
      resolve();
    });
    ws.once('error', reject);
  });
  return now() - t0;
}

/** A connection of `name` whose arrivals of marker texts resolve waiters. */
async function openWatched(name, emulator) {
  const waiters = new Map();
  const client = contenders[name]({ domain: emulator.domain, secret: emulator.secret }, (a) => {
    const w = waiters.get(a.text);
    if (w) w();
  });
  for (let i = 0; i < 3000 && !(client.online() && client.conversationId()); i++) await sleep(10);
  if (!client.online()) throw new Error(`${name} did not come Online`);
  return {
    client,
    /** Drops the socket, stores a marker at once; resolves with ms until the marker arrives. */
    dropAndWait(marker) {
      const arrived = new Promise((resolve) => waiters.set(marker, resolve));
      const t0 = now();
      emulator.faults.dropSocket(client.conversationId());
      emulator.sendFromBot(client.conversationId(), { type: 'message', text: marker });
      return within(30000, arrived, `${name}: ${marker} not delivered within 30 s`).then(() => {
        waiters.delete(marker);
        return now() - t0;
      });
    },
  };
}

async function main(options = {}) {
  const drops = options.drops ?? arg('drops', 50);
  const officialDrops = options.officialDrops ?? arg('official-drops', 10);
  const connections = arg('connections', 10);
  const stayMs = 2200;
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
  const floorConversation = {
    conversationId: (await request('POST', `${emulator.domain}/conversations`, emulator.secret)).conversationId,
    watermark: '',
  };
  const ours = [];
  const floor = [];
  const official = [];
  const opened = [];
  try {
    for (let i = 0; i < connections; i++) opened.push(await openWatched('ours', emulator));
    // the official client's drops, side by side on their own connections, started halfway through ours
    const officials = [];
    for (let i = 0; i < officialDrops; i++) officials.push(await openWatched('official', emulator));
    opened.push(...officials);
    await sleep(stayMs);
    let officialRun;
    const lastDrop = new Map();
    for (let i = 0; i < drops; i++) {
      if (i === Math.floor(drops / 2))
        officialRun = Promise.all(officials.map((o, k) => o.dropAndWait(`official-${k}`).then((ms) => official.push(ms))));
      floor.push(await floorOnce(emulator, floorConversation));
      const conn = opened[i % connections];
      const wait = stayMs - (now() - (lastDrop.get(conn) ?? -Infinity));
      if (wait > 0) await sleep(wait);
      ours.push(await conn.dropAndWait(`ours-${i}`));
      lastDrop.set(conn, now());
      process.stderr.write(`\rresume: drop ${i + 1}/${drops}   `);
      await sleep(Math.max(20, stayMs / connections));
    }
    process.stderr.write('\rresume: waiting for the official client…   ');
    if (officialRun) await officialRun;
    process.stderr.write('\n');
  } finally {
    for (const o of opened) o.client.end();
    await emulator.close();
  }
  const floorSpread = spread(floor);
  const oursSpread = spread(ours);
  return {
    drops,
    officialDrops: official.length,
    ours: oursSpread,
    official: spread(official),
    floor: floorSpread,
    targetMs: 2 * floorSpread.median + 50,
    met: oursSpread.median <= 2 * floorSpread.median + 50,
  };
}

const { runMain } = require('./lib/run-main.cjs');

module.exports = { main };
if (require.main === module) {
  runMain(main);
}
