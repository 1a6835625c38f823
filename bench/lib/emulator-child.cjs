'use strict';
/**
 * The emulator in a child process (its sockets, descriptors and CPU time are its own).
 * argv[2]: JSON options for startEmulator. Sends { type: 'ready', domain, secret }; on
 * { type: 'close' } closes and exits.
 */
const path = require('node:path');
const { startEmulator } = require(path.join(__dirname, '..', '..', 'dist', 'emulator.cjs'));

const options = process.argv[2] ? JSON.parse(process.argv[2]) : {};
startEmulator({ port: 0, host: '127.0.0.1', ...options }).then((emulator) => {
  process.on('message', (msg) => {
    if (msg.type === 'close') emulator.close().then(() => process.exit(0));
  });
  process.send({ type: 'ready', domain: emulator.domain, secret: emulator.secret });
});
