'use strict';
/**
 * The emulator in a child process (its sockets, descriptors and CPU time are its own).
 * argv[2]: JSON options for startEmulator. Sends { type: 'ready', domain, secret }; on
 * { type: 'close' } closes and exits; on { type: 'sendFromBot', sends: [{ conversationId, activity }] }
 * sends each bot activity at once, in order, then answers { type: 'sent', ids }.
 */
const path = require('node:path');
const { startEmulator } = require(path.join(__dirname, '..', '..', 'dist', 'emulator.cjs'));

const options = process.argv[2] ? JSON.parse(process.argv[2]) : {};
startEmulator({ port: 0, host: '127.0.0.1', ...options }).then((emulator) => {
  process.on('message', (msg) => {
    if (msg.type === 'close') emulator.close().then(() => process.exit(0));
    if (msg.type === 'sendFromBot')
      process.send({ type: 'sent', ids: msg.sends.map((s) => emulator.sendFromBot(s.conversationId, s.activity).id) });
  });
  process.send({ type: 'ready', domain: emulator.domain, secret: emulator.secret });
});
