'use strict';
/**
 * One throughput run in a fresh process (forked by throughput.bench.cjs): one connection of one
 * contender receives `total` activities; the process sends its tally and exits.
 *
 *   argv: name (ours | official | limit), domain, total, setSize
 *
 * Measured from the first activity's arrival: wall time and this process's CPU time (user +
 * system) for the first `FIRST` activities (the cold part: JIT, the dedupe set filling) and for
 * the rest, apart. Each activity's sequence number is read from its id (`<conversation>|0000001`).
 */
const http = require('node:http');
const WebSocket = require('ws');
const { contenders } = require('./clients.cjs');

const FIRST = 10000;
const [name, domain, totalArg, setSizeArg] = process.argv.slice(2);
const total = Number(totalArg);
const setSize = Number(setSizeArg);

function startConversation() {
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

/** The limit: a bare `ws` client whose frames are only parsed, each activity handed on. */
function limit(onActivity, onConversation) {
  let ws;
  startConversation().then((c) => {
    onConversation(c.conversationId);
    ws = new WebSocket(c.streamUrl, { perMessageDeflate: false });
    ws.on('message', (data) => {
      const text = data.toString();
      if (text === '') return;
      for (const a of JSON.parse(text).activities) onActivity(a);
    });
  });
  return { end: () => ws && ws.terminate(), conversationId: () => undefined };
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

let delivered = 0;
let duplicated = 0;
let outOfOrder = 0;
let last = -1;
const seen = new Uint8Array(total);
const marks = { first: undefined, split: undefined, last: undefined };
let conversationId;
let done = false;
let client;

function finish(timedOut) {
  if (done) return;
  done = true;
  clearTimeout(deadline);
  // a short wait for late repeats, then the tally
  setTimeout(() => {
    const period = (from, to, count) =>
      from && to && count > 0
        ? {
            activities: count,
            ms: to.t - from.t,
            perSecond: count / ((to.t - from.t) / 1000),
            cpuUsPerActivity: ((to.cpu - from.cpu) * 1000) / count,
          }
        : undefined;
    // the first set's activities arrive at `first`: the periods count what arrived after it
    const rest = total - FIRST;
    process.send({
      name,
      conversationId: conversationId ?? client.conversationId?.(),
      delivered,
      lost: total - (delivered - duplicated),
      duplicated,
      outOfOrder,
      timedOut,
      first: period(marks.first, marks.split, FIRST - setSize),
      rest: period(marks.split, marks.last, rest),
      all: period(marks.first, marks.last, total - setSize),
    });
    client.end();
    setTimeout(() => process.exit(0), 50);
  }, 100);
}

function onActivity(a) {
  const id = String(a.id);
  const seq = Number(id.slice(id.lastIndexOf('|') + 1));
  delivered++;
  if (delivered === 1) marks.first = { t: performance.now(), cpu: cpuMs() };
  if (seen[seq]) duplicated++;
  seen[seq] = 1;
  if (seq < last) outOfOrder++;
  if (seq > last) last = seq;
  const count = delivered - duplicated;
  if (count === FIRST) marks.split = { t: performance.now(), cpu: cpuMs() };
  if (count === total) {
    marks.last = { t: performance.now(), cpu: cpuMs() };
    finish(false);
  }
}

const deadline = setTimeout(() => finish(true), 60000);
client = name === 'limit' ? limit(onActivity, (id) => (conversationId = id)) : contenders[name]({ domain, secret: 'secret' }, onActivity);
