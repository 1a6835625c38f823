'use strict';
/**
 * The contenders, each behind the same small shape: open(), activities through a callback,
 * post(), status, end(). "ours" is the built directline-rx (dist/); "official" is
 * botframework-directlinejs running in Node on xhr2 and ws.
 */
const path = require('node:path');

global.XMLHttpRequest = global.XMLHttpRequest || require('xhr2');
global.WebSocket = global.WebSocket || require('ws');

const ONLINE = 2;

/**
 * directline-rx from `dist/`, or from the build named by BENCH_OURS; `base` is the build named by
 * BENCH_BASE (an idea measured beside the code it changes: `--names ours,base,limit`).
 */
function ours(options, onActivity, build = process.env.BENCH_OURS || path.join(__dirname, '..', '..', 'dist', 'node.cjs')) {
  const { connect } = require(build);
  const conn = connect(options);
  let status = 0;
  const statusSub = conn.connectionStatus$.subscribe((s) => (status = s));
  const sub = conn.activity$.subscribe({ next: onActivity, error: () => undefined });
  return {
    online: () => status === ONLINE,
    post: (activity) => new Promise((resolve, reject) => conn.postActivity(activity).subscribe({ next: resolve, error: reject })),
    conversationId: () => conn.getSession().conversationId,
    end: () => {
      sub.unsubscribe();
      statusSub.unsubscribe();
      conn.end();
    },
  };
}

function official(options, onActivity) {
  const { DirectLine } = require('botframework-directlinejs');
  const dl = new DirectLine({ ...options, webSocket: true });
  let status = 0;
  const statusSub = dl.connectionStatus$.subscribe((s) => (status = s));
  const sub = dl.activity$.subscribe({ next: onActivity, error: () => undefined });
  return {
    online: () => status === ONLINE,
    post: (activity) =>
      new Promise((resolve, reject) =>
        dl.postActivity({ from: { id: options.userId || 'official-user' }, ...activity }).subscribe({
          next: (id) => (id === 'retry' ? reject(new Error('post failed')) : resolve(id)),
          error: reject,
        }),
      ),
    conversationId: () => dl.conversationId,
    end: () => {
      sub.unsubscribe();
      statusSub.unsubscribe();
      dl.end();
    },
  };
}

const base = (options, onActivity) => ours(options, onActivity, process.env.BENCH_BASE);

module.exports = { contenders: { ours, official, base }, ONLINE };
