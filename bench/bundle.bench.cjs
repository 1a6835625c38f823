#!/usr/bin/env node
'use strict';
/**
 * Bundle sizes (not a test): what an application ships, minified (terser) and gzipped (level 9).
 *  - the browser entry (everything `directline-rx` exports);
 *  - an app importing only `connect`;
 *  - an app importing only `createDirectLine` (the Web Chat object);
 * each with rxjs external (the app has rxjs already) and all-in (the parts of rxjs it uses bundled),
 * against the official client's `dist/directline.js` (its own bundle, rxjs inside).
 *
 *   npm run build && node bench/bundle.bench.cjs
 */
const path = require('node:path');
const fs = require('node:fs');
const zlib = require('node:zlib');
const { rollup } = require('rollup');
const { nodeResolve } = require('@rollup/plugin-node-resolve');
const terser = require('@rollup/plugin-terser');

const DIST_INDEX = path.join(__dirname, '..', 'dist', 'index.mjs');

const apps = {
  'browser entry': "export * from 'directline-rx';",
  'app importing connect': "import { connect } from 'directline-rx'; globalThis.dl = connect;",
  'app importing createDirectLine': "import { createDirectLine } from 'directline-rx'; globalThis.dl = createDirectLine;",
};

const sizes = (code) => ({ min: Buffer.byteLength(code), gzip: zlib.gzipSync(code, { level: 9 }).length });

async function bundle(source, rxjsExternal) {
  const build = await rollup({
    input: 'app',
    external: rxjsExternal ? (id) => id === 'rxjs' || id.startsWith('rxjs/') : [],
    plugins: [
      {
        name: 'app',
        resolveId: (id) => (id === 'app' ? id : id === 'directline-rx' ? DIST_INDEX : null),
        load: (id) => (id === 'app' ? source : null),
      },
      nodeResolve({ browser: true, exportConditions: ['browser', 'module', 'import'] }),
    ],
    onwarn: () => undefined,
  });
  const { output } = await build.generate({ format: 'es', plugins: [terser({ module: true, compress: { passes: 2 } })] });
  await build.close();
  return sizes(output.map((o) => o.code ?? '').join(''));
}

async function main() {
  const results = {};
  for (const [name, source] of Object.entries(apps)) {
    results[name] = { rxjsExternal: await bundle(source, true), allIn: await bundle(source, false) };
  }
  const official = fs.readFileSync(require.resolve('botframework-directlinejs/dist/directline.js'), 'utf8');
  results['official client dist/directline.js'] = { allIn: sizes(official) };
  return results;
}

const { runMain } = require('./lib/run-main.cjs');

module.exports = { main };
if (require.main === module) {
  runMain(main);
}
