'use strict';
/**
 * A minimal Direct Line server for the throughput benchmark (a child process): it starts
 * conversations and, on each socket, sends the frames of the current job — the same
 * pre-serialised frames to every contender — as fast as the socket takes them.
 *
 * Parent → child: { type: 'job', total, setSize }. Child → parent: { type: 'ready', domain }.
 */
const http = require('node:http');
const { WebSocketServer } = require('ws');

let frames = [];
let next = 0;

function buildFrames(total, setSize) {
  const out = [];
  for (let seq = 0; seq < total; seq += setSize) {
    const activities = [];
    for (let k = seq; k < Math.min(total, seq + setSize); k++) {
      activities.push({ type: 'message', id: `act-${k}`, channelId: 'directline', conversation: { id: 'bench' }, from: { id: 'bot', name: 'Bot', role: 'bot' }, timestamp: '2026-01-01T00:00:00.000Z', text: String(k) });
    }
    out.push(JSON.stringify({ activities, watermark: String(Math.min(total, seq + setSize) - 1) }));
  }
  return out;
}

const server = http.createServer((req, res) => {
  const { port } = server.address();
  const conversation = (id) => ({ conversationId: id, token: `token-${id}`, expires_in: 3600, streamUrl: `ws://127.0.0.1:${port}/stream/${id}` });
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const get = /^\/v3\/directline\/conversations\/([^/?]+)(\?|$)/.exec(req.url);
    let status = 200;
    let answer = {};
    if (req.method === 'POST' && /^\/v3\/directline\/conversations\/?(\?|$)/.test(req.url)) {
      status = 201;
      answer = conversation(`c${next++}`);
    } else if (req.method === 'GET' && get) answer = conversation(get[1]);
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(answer));
  });
});
const wss = new WebSocketServer({ server });
wss.on('connection', (ws) => {
  const job = frames;
  // a short pause: the client reports Online first, then the frames come
  setTimeout(() => {
    for (const frame of job) ws.send(frame);
  }, 20);
});

process.on('message', (msg) => {
  if (msg.type === 'job') {
    frames = buildFrames(msg.total, msg.setSize);
    process.send({ type: 'job-ready' });
  }
  if (msg.type === 'close') {
    for (const ws of wss.clients) ws.terminate();
    server.close(() => process.exit(0));
  }
});
server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', domain: `http://127.0.0.1:${server.address().port}/v3/directline` }));
