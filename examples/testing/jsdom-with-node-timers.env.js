// A jest environment for tests that render with a DOM (jsdom, for Angular's TestBed) and also run
// the emulator and real sockets in the same file:
// - packages resolve to their Node builds (`ws` has a throwing stub under the `browser` condition);
// - timers are Node's (the emulator, `ws` and `xhr2` call `unref()` on them; jsdom's return numbers).
const { default: JsdomEnvironment } = require('jest-preset-angular/environments/jest-jsdom-env');

const NODE_TIMERS = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'];

class JsdomWithNodeTimersEnvironment extends JsdomEnvironment {
  constructor(config, context) {
    super(config, context);
    this.customExportConditions = ['node', 'node-addons'];
    for (const name of NODE_TIMERS) this.global[name] = globalThis[name];
  }
}

module.exports = JsdomWithNodeTimersEnvironment;
