#!/usr/bin/env node
'use strict';
// The production bundles of the Angular and NgRx examples, by origin: what each package and the
// library (directline-rx: the built package, dist/, as an application installs it) put in the
// JavaScript the page loads. Reads the esbuild metafiles that `npm run example:build` writes
// (ng build --stats-json).
const { readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');
const { gzipSync } = require('node:zlib');

const ROOT = join(__dirname, '..');
const EXAMPLES = [
  ['Angular (signals)', join(ROOT, 'examples', 'angular', 'dist')],
  ['NgRx (store)', join(ROOT, 'examples', 'ngrx', 'dist')],
];

/** The package an input of the bundle comes from; the library's own build (dist/) is `directline-rx`. */
function originOf(input) {
  const at = input.lastIndexOf('node_modules/');
  if (at >= 0) {
    const parts = input.slice(at + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  return input.startsWith('../../dist/') || input.startsWith('../../src/') ? 'directline-rx' : 'the example';
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const pct = (part, whole) => `${((100 * part) / whole).toFixed(1)} %`;

let missing = false;
for (const [name, dist] of EXAMPLES) {
  const stats = join(dist, 'stats.json');
  if (!existsSync(stats)) {
    console.error(`${name}: no ${stats}; run npm run example:build first`);
    missing = true;
    continue;
  }
  const { outputs } = JSON.parse(readFileSync(stats, 'utf8'));
  const byOrigin = new Map();
  let total = 0;
  let gzip = 0;
  for (const [file, output] of Object.entries(outputs)) {
    if (!file.endsWith('.js')) continue;
    total += output.bytes;
    gzip += gzipSync(readFileSync(join(dist, 'browser', file.replace(/^.*\//, '')))).length;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const origin = originOf(input);
      byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + bytesInOutput);
    }
  }
  console.log(`\n${name}: ${kB(total)} of JavaScript minified, ${kB(gzip)} gzipped`);
  console.log('| from | minified | share |\n| --- | ---: | ---: |');
  for (const [origin, bytes] of [...byOrigin].sort((a, b) => b[1] - a[1])) {
    if (bytes > 0) console.log(`| ${origin} | ${kB(bytes)} | ${pct(bytes, total)} |`);
  }
}
process.exitCode = missing ? 1 : 0;
