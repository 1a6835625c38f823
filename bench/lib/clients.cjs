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

function ours(options, onActivity) {
  // BENCH_OURS: another build of the Node entry (a quick esbuild bundle while trying ideas)
  const { connect } = require(process.env.BENCH_OURS || path.join(__dirname, '..', '..', 'dist', 'node.cjs'));
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

module.exports = { contenders: { ours, official }, ONLINE };
