#!/usr/bin/env node
'use strict';
/**
 * Latency (not a test), against the emulator in a child process:
 *  - post → echo: from postActivity until the post's own echo arrives on activity$;
 *  - connect → first activity: from connect (a new conversation) with a post made at once, until
 *    that post's echo arrives.
 * Contenders: directline-rx, the official client, and the floor — the same HTTP calls and one
 * socket by hand; beside them `transport`, the floor's socket with the posts made through rxjs/ajax
 * over xhr2 (what the library posts with in Node) by hand: not a floor, the share of that transport.
 * Interleaved, `--posts` posts and `--connects` connects each.
 *
 *   npm run build && node bench/latency.bench.cjs [--posts 200] [--connects 20]
 */
const http = require('node:http');
const path = require('node:path');
const WebSocket = require('ws');
const { arg, spread, now, sleep, within } = require('./lib/stats.cjs');
const { startChild } = require('./lib/child.cjs');
const { contenders } = require('./lib/clients.cjs');

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function request(method, url, auth, json) {
  return new Promise((resolve, reject) => {
    const body = json === undefined ? undefined : JSON.stringify(json);
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: {
          Authorization: `Bearer ${auth}`,
          ...(body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          res.statusCode < 300 ? resolve(text ? JSON.parse(text) : undefined) : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The floor: a conversation started and a socket opened by hand; posts made by hand. */
async function floorConnection(domain, secret, onText) {
  const c = await request('POST', `${domain}/conversations`, secret);
  const ws = new WebSocket(c.streamUrl, { perMessageDeflate: false });
  ws.on('message', (data) => {
    if (data.length === 0) return;
    for (const a of JSON.parse(data.toString()).activities) onText(a.text);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    post: (activity) =>
      request('POST', `${domain}/conversations/${c.conversationId}/activities`, c.token, { from: { id: 'floor-user' }, ...activity }),
    end: () => ws.terminate(),
    conversation: c,
  };
}

/**
 * Not a floor: the transport the library is built on in Node (rxjs/ajax over xhr2), by hand, on the
 * floor's socket — how much of post → echo is that transport's own, with no client around it.
 */
async function transportConnection(domain, secret, onText) {
  const XHR2 = require('xhr2');
  const { ajax } = require('rxjs/ajax');
  const floor = await floorConnection(domain, secret, onText);
  const c = floor.conversation;
  return {
    post: (activity) =>
      new Promise((resolve, reject) =>
        ajax({
          url: `${domain}/conversations/${c.conversationId}/activities`,
          method: 'POST',
          headers: { Authorization: `Bearer ${c.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ from: { id: 'transport-user' }, ...activity }),
          responseType: 'text',
          createXHR: () => new XHR2(),
        }).subscribe({ next: (res) => resolve(res.response), error: reject }),
      ),
    end: floor.end,
  };
}

/** A connection of `name` (or the floor) whose arrivals resolve waiters by text. */
async function open(name, domain, secret) {
  const waiters = new Map();
  const onText = (text) => {
    const w = waiters.get(text);
    if (w) w();
  };
  const client =
    name === 'floor'
      ? await floorConnection(domain, secret, onText)
      : name === 'transport'
        ? await transportConnection(domain, secret, onText)
        : contenders[name]({ domain, secret }, (a) => onText(a.text));
  return {
    client,
    /** Posts `text`; resolves with ms until its echo arrives. */
    async exchange(text) {
      const arrived = new Promise((resolve) => waiters.set(text, resolve));
      const t0 = now();
      client.post({ type: 'message', text }).catch(() => undefined);
      await within(20000, arrived, `${name}: no echo of ${text} within 20 s`);
      waiters.delete(text);
      return now() - t0;
    },
  };
}

async function main(options = {}) {
  const posts = options.posts ?? arg('posts', 200);
  const connects = options.connects ?? arg('connects', 20);
  const names = ['ours', 'official', 'floor', 'transport'];
  const emulator = startChild(path.join(__dirname, 'lib', 'emulator-child.cjs'));
  const { domain, secret } = await emulator.next('ready');
  const echo = Object.fromEntries(names.map((n) => [n, []]));
  const first = Object.fromEntries(names.map((n) => [n, []]));
  try {
    // connect → first activity: a fresh connection each time, posting at once
    for (let r = 0; r < connects; r++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + r) % names.length];
        const t0 = now();
        const conn = await open(name, domain, secret);
        await conn.exchange(`first-${name}-${r}`);
        first[name].push(now() - t0);
        conn.client.end();
      }
      process.stderr.write(`\rlatency: connect ${r + 1}/${connects}   `);
    }
    // post → echo on one connection each, once Online
    const conns = {};
    for (const name of names) {
      conns[name] = await open(name, domain, secret);
      await conns[name].exchange(`warm-${name}`);
    }
    for (let i = 0; i < posts; i++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + i) % names.length];
        echo[name].push(await conns[name].exchange(`post-${name}-${i}`));
      }
      if (i % 20 === 19) process.stderr.write(`\rlatency: post ${i + 1}/${posts}   `);
    }
    process.stderr.write('\n');
    for (const name of names) conns[name].client.end();
    await sleep(100);
  } finally {
    agent.destroy();
    await emulator.stop();
  }
  return {
    posts,
    connects,
    postToEcho: Object.fromEntries(names.map((n) => [n, spread(echo[n])])),
    connectToFirstActivity: Object.fromEntries(names.map((n) => [n, spread(first[n])])),
  };
}

const { runMain } = require('./lib/run-main.cjs');

module.exports = { main };
if (require.main === module) {
  runMain(main);
}
