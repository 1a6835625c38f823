'use strict';
/**
 * A minimal Direct Line server for the throughput benchmark (a child process): it starts
 * conversations and, on each socket, sends the frames of the current job.
 *
 * The frames are service-shaped activity sets (ids `<conversation>|0000001`, the fields the
 * service sends, about 370 JSON bytes an activity), serialised and framed (WebSocket text frames)
 * once per conversation before the socket opens; the whole stream is then handed to the kernel in
 * 256 KiB writes, as a busy socket delivers it. So the server does almost nothing while the client
 * reads: its CPU time for a run is reported (`sent`), and the benchmark refuses to report when it
 * is not well under the limit client's receive time.
 *
 * Parent → child: { type: 'job', total, setSize }. Child → parent: { type: 'ready', domain },
 * { type: 'job-ready' }, { type: 'sent', conversationId, cpuMs, wallMs, bytes } after each socket's frames.
 */
const crypto = require('node:crypto');
const http = require('node:http');

const CHUNK = 256 * 1024;
let job = { total: 0, setSize: 1 };
let next = 0;

/** One activity as the service sends it (field order and shapes of a bot's message). */
function activity(conversationId, seq) {
  const id = `${conversationId}|${String(seq).padStart(7, '0')}`;
  return {
    type: 'message',
    id,
    timestamp: '2026-01-01T00:00:00.1234567Z',
    localTimestamp: '2026-01-01T00:00:00.123+00:00',
    channelId: 'directline',
    from: { id: 'bench-bot', name: 'Bench Bot' },
    conversation: { id: conversationId },
    locale: 'en-US',
    text: `Activity number ${seq} of the throughput bench.`,
    inputHint: 'acceptingInput',
    attachments: [],
    entities: [],
    replyToId: `${conversationId}|0000000`,
  };
}

/** A server-to-client (unmasked) WebSocket text frame. */
function textFrame(text) {
  const payload = Buffer.from(text, 'utf8');
  const n = payload.length;
  let head;
  if (n < 126) head = Buffer.from([0x81, n]);
  else if (n < 65536) {
    head = Buffer.alloc(4);
    head[0] = 0x81;
    head[1] = 126;
    head.writeUInt16BE(n, 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = 0x81;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
}

/** The job's stream for one conversation: every frame, framed and concatenated. */
function buildStream(conversationId, total, setSize) {
  const frames = [];
  for (let seq = 0; seq < total; seq += setSize) {
    const activities = [];
    const end = Math.min(total, seq + setSize);
    for (let k = seq; k < end; k++) activities.push(activity(conversationId, k));
    frames.push(textFrame(JSON.stringify({ activities, watermark: String(end - 1) })));
  }
  return Buffer.concat(frames);
}

/** Bytes of one activity's JSON, for the report. */
const activityBytes = () => JSON.stringify(activity('AbCdEfGhIjKlMnOpQrStUv-us', 1234567)).length;

const streams = new Map();
const open = new Set();

const server = http.createServer((req, res) => {
  const { port } = server.address();
  const conversation = (id) => ({
    conversationId: id,
    token: `token-${id}`,
    expires_in: 3600,
    streamUrl: `ws://127.0.0.1:${port}/stream/${id}`,
  });
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const get = /^\/v3\/directline\/conversations\/([^/?]+)(\?|$)/.exec(req.url);
    let status = 200;
    let answer = {};
    if (req.method === 'POST' && /^\/v3\/directline\/conversations\/?(\?|$)/.test(req.url)) {
      status = 201;
      // service-like conversation ids (22 characters and a region)
      const id = `${crypto.randomBytes(16).toString('base64url').slice(0, 22)}-${String(next++).padStart(2, '0')}`;
      streams.set(id, buildStream(id, job.total, job.setSize));
      answer = conversation(id);
    } else if (req.method === 'GET' && get) answer = conversation(get[1]);
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(answer));
  });
});

server.on('upgrade', (req, socket) => {
  const id = decodeURIComponent(req.url.split('/').pop() || '');
  const stream = streams.get(id);
  streams.delete(id);
  const key = req.headers['sec-websocket-key'];
  if (!stream || !key) {
    socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
    return;
  }
  const accept = crypto.createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.setNoDelay(true);
  open.add(socket);
  socket.on('close', () => open.delete(socket));
  socket.on('error', () => undefined);
  socket.on('data', () => undefined); // the client's close frame, if any
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  // a short pause: the client reports Online first, then the frames come
  setTimeout(() => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let offset = 0;
    const write = () => {
      // 256 KiB at a time, each once the kernel took the one before
      while (offset < stream.length) {
        const chunk = stream.subarray(offset, offset + CHUNK);
        offset += chunk.length;
        if (!socket.write(chunk)) return socket.once('drain', write);
      }
      socket.write(Buffer.alloc(0), () => {
        const cpu = process.cpuUsage(cpu0);
        process.send({
          type: 'sent',
          conversationId: id,
          cpuMs: (cpu.user + cpu.system) / 1000,
          wallMs: performance.now() - t0,
          bytes: stream.length,
        });
      });
    };
    write();
  }, 20);
});

process.on('message', (msg) => {
  if (msg.type === 'job') {
    job = { total: msg.total, setSize: msg.setSize };
    process.send({ type: 'job-ready', activityBytes: activityBytes() });
  }
  if (msg.type === 'close') {
    for (const socket of open) socket.destroy();
    server.close(() => process.exit(0));
  }
});
server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', domain: `http://127.0.0.1:${server.address().port}/v3/directline` }));
