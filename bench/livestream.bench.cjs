#!/usr/bin/env node
'use strict';
/**
 * Livestream latency (not a test), against the emulator in a child process: from the bot's send
 * of a chunk (a typing activity with channelData.streamType "streaming") until it arrives on
 * `activity$`. Contenders: directline-rx, the official client, and the floor — a bare socket on
 * the stream URL, the frame parsed by hand. Each has its own conversation (one socket per
 * conversation); each round the bot sends one chunk into every conversation, in a rotating order,
 * and the clock runs from the bench's request to the bot (an IPC message, the same hop for all)
 * to each arrival. `--streams` livestreams of `--chunks` chunks each; the first chunk of each
 * livestream (the time to first chunk) is reported apart.
 *
 *   npm run build && node bench/livestream.bench.cjs [--streams 100] [--chunks 5]
 */
const http = require('node:http');
const path = require('node:path');
const WebSocket = require('ws');
const { arg, spread, now, sleep, within } = require('./lib/stats.cjs');
const { startChild } = require('./lib/child.cjs');
const { contenders } = require('./lib/clients.cjs');

function startConversation(domain, secret) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${domain}/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${secret}` } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => (res.statusCode < 300 ? resolve(JSON.parse(text)) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The floor: a conversation and a bare socket, each frame parsed by hand. */
async function floorConnection(domain, secret, onActivity) {
  const c = await startConversation(domain, secret);
  const ws = new WebSocket(c.streamUrl, { perMessageDeflate: false });
  ws.on('message', (data) => {
    if (data.length === 0) return;
    for (const a of JSON.parse(data.toString()).activities) onActivity(a);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { conversationId: () => c.conversationId, online: () => true, end: () => ws.terminate() };
}

/** A contender whose chunk arrivals resolve waiters by text. */
async function open(name, domain, secret) {
  const waiters = new Map();
  const onActivity = (a) => {
    const w = a.type === 'typing' && waiters.get(a.text);
    if (w) w(now());
  };
  const client = name === 'floor' ? await floorConnection(domain, secret, onActivity) : contenders[name]({ domain, secret }, onActivity);
  // ours and the official client start the conversation on subscribing: wait until they are Online
  for (let i = 0; i < 500 && !(client.online() && client.conversationId()); i++) await sleep(10);
  if (!client.online()) throw new Error(`${name}: not Online within 5 s`);
  return {
    client,
    /** Resolves with the arrival time of the chunk whose text is `text`. */
    arrival(text) {
      return within(
        10000,
        new Promise((resolve) => waiters.set(text, resolve)),
        `${name}: chunk ${text} not delivered within 10 s`,
      ).finally(() => waiters.delete(text));
    },
  };
}

async function main(options = {}) {
  const streams = options.streams ?? arg('streams', 100);
  const chunks = options.chunks ?? arg('chunks', 5);
  const names = ['ours', 'official', 'floor'];
  const emulator = startChild(path.join(__dirname, 'lib', 'emulator-child.cjs'));
  const { domain, secret } = await emulator.next('ready');
  const first = Object.fromEntries(names.map((n) => [n, []]));
  const every = Object.fromEntries(names.map((n) => [n, []]));
  const conns = {};
  try {
    for (const name of names) conns[name] = await open(name, domain, secret);
    const streamIds = {};
    for (let s = 0; s < streams; s++) {
      for (let q = 1; q <= chunks; q++) {
        const order = names.map((_, k) => names[(k + s + q) % names.length]);
        const text = `s${s}-c${q}`;
        const arrivals = order.map((name) => conns[name].arrival(text));
        const t0 = now();
        emulator.send({
          type: 'sendFromBot',
          sends: order.map((name) => ({
            conversationId: conns[name].client.conversationId(),
            activity: {
              type: 'typing',
              text,
              channelData: { streamType: 'streaming', streamSequence: q, ...(q > 1 ? { streamId: streamIds[name] } : {}) },
            },
          })),
        });
        const sent = await emulator.next('sent');
        if (q === 1) order.forEach((name, k) => (streamIds[name] = sent.ids[k]));
        const times = await Promise.all(arrivals);
        order.forEach((name, k) => {
          every[name].push(times[k] - t0);
          if (q === 1) first[name].push(times[k] - t0);
        });
      }
      if (s % 10 === 9) process.stderr.write(`\rlivestream: ${s + 1}/${streams}   `);
    }
    process.stderr.write('\n');
  } finally {
    for (const name of names) conns[name]?.client.end();
    await emulator.stop();
  }
  return {
    streams,
    chunks,
    firstChunk: Object.fromEntries(names.map((n) => [n, spread(first[n])])),
    everyChunk: Object.fromEntries(names.map((n) => [n, spread(every[n])])),
  };
}

const { runMain } = require('./lib/run-main.cjs');

module.exports = { main };
if (require.main === module) {
  runMain(main);
}
