'use strict';
/** A forked helper process and its messages, awaited by type. */
const { fork } = require('node:child_process');

function startChild(file, args = [], execArgv = []) {
  const child = fork(file, args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages = [];
  let wake;
  child.on('message', (m) => {
    messages.push(m);
    if (wake) wake();
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
    if (wake) wake();
  });
  const next = async (type) => {
    for (;;) {
      const i = messages.findIndex((m) => m.type === type);
      if (i >= 0) return messages.splice(i, 1)[0];
      if (exited) throw new Error(`${file} exited before sending ${type}`);
      await new Promise((r) => (wake = r));
    }
  };
  const stop = () =>
    new Promise((resolve) => {
      if (exited) return resolve();
      child.once('exit', resolve);
      child.send({ type: 'close' });
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  return { child, next, send: (m) => child.send(m), stop };
}

module.exports = { startChild };
