'use strict';
/**
 * One cold start in a fresh process (forked by coldstart.bench.cjs): loads one contender and
 * connects until Online, then sends its times (ms from the first line of this file) and exits.
 *
 *   argv: name (ours | official | floor), domain, secret
 *
 * The floor loads `ws` and `http` only, starts a conversation and opens its stream by hand.
 */
const t0 = performance.now();
const path = require('node:path');

const [name, domain, secret] = process.argv.slice(2);
let loaded;

function done() {
  const online = performance.now();
  process.send({ name, bootMs: t0, importMs: loaded - t0, onlineMs: online - t0 });
  setTimeout(() => process.exit(0), 20);
}

if (name === 'floor') {
  const http = require('node:http');
  const WebSocket = require('ws');
  loaded = performance.now();
  const req = http.request(`${domain}/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${secret}` } }, (res) => {
    let body = '';
    res.on('data', (c) => (body += c));
    res.on('end', () => {
      const ws = new WebSocket(JSON.parse(body).streamUrl, { perMessageDeflate: false });
      ws.once('open', done);
    });
  });
  req.end();
} else if (name === 'ours') {
  const { connect } = require(process.env.BENCH_OURS || path.join(__dirname, '..', '..', 'dist', 'node.cjs'));
  loaded = performance.now();
  const conn = connect({ domain, secret });
  conn.activity$.subscribe({ error: () => undefined });
  conn.connectionStatus$.subscribe((s) => s === 2 && done());
} else {
  global.XMLHttpRequest = require('xhr2');
  global.WebSocket = require('ws');
  const { DirectLine } = require('botframework-directlinejs');
  loaded = performance.now();
  const dl = new DirectLine({ domain, secret, webSocket: true });
  dl.activity$.subscribe({ error: () => undefined });
  dl.connectionStatus$.subscribe((s) => s === 2 && done());
}
setTimeout(() => process.exit(1), 30000).unref();
