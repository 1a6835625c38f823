#!/usr/bin/env node
'use strict';
/**
 * Where the heap of an idle connection goes (not a test): two heap snapshots, before and after
 * opening `--connections` idle connections of one contender against the emulator, and the
 * difference per connection — closures, contexts, operator subscribers, observables, bytes — and
 * the closures by the file that created them.
 *
 *   npm run build && node --expose-gc bench/heap-census.cjs [--contender ours|official] [--connections 300]
 *
 * Snapshots are written to the system's temporary directory and removed afterwards.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const v8 = require('node:v8');
const { arg, sleep } = require('./lib/stats.cjs');
const { startChild } = require('./lib/child.cjs');
const { contenders } = require('./lib/clients.cjs');

/** Counts of a snapshot: by (type, name), and closures by the script that defines them. */
function census(file) {
  const s = JSON.parse(fs.readFileSync(file, 'utf8'));
  const meta = s.snapshot.meta;
  const nf = meta.node_fields.length;
  const enf = meta.edge_fields.length;
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const N = s.nodes;
  const E = s.edges;
  const count = N.length / nf;
  const [typeAt, nameAt, sizeAt, edgesAt] = ['type', 'name', 'self_size', 'edge_count'].map((f) => meta.node_fields.indexOf(f));
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += N[i * nf + edgesAt] * enf;
  }
  firstEdge[count] = E.length;
  const child = (i, name) => {
    for (let e = firstEdge[i]; e < firstEdge[i + 1]; e += enf) {
      const t = edgeTypes[E[e]];
      if (t !== 'element' && t !== 'hidden' && s.strings[E[e + 1]] === name) return E[e + 2] / nf;
    }
    return -1;
  };
  const scriptOf = new Map();
  const fileOfClosure = (i) => {
    const sfi = child(i, 'shared');
    if (sfi < 0) return '?';
    if (scriptOf.has(sfi)) return scriptOf.get(sfi);
    let script = child(sfi, 'script');
    if (script < 0) script = child(sfi, 'script_or_debug_info');
    const nameNode = script >= 0 ? child(script, 'name') : -1;
    const name = nameNode >= 0 ? s.strings[N[nameNode * nf + nameAt]] : '?';
    scriptOf.set(sfi, name);
    return name;
  };
  const byKind = new Map();
  const closuresByFile = new Map();
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const type = nodeTypes[N[i * nf + typeAt]];
    const name = s.strings[N[i * nf + nameAt]];
    const size = N[i * nf + sizeAt];
    bytes += size;
    const kind =
      type === 'closure'
        ? 'closures'
        : name === 'system / Context'
          ? 'contexts'
          : type === 'object' && /Subscriber$/.test(name)
            ? 'subscribers'
            : type === 'object' && name === 'Observable'
              ? 'observables'
              : type === 'object' && /Subject$/.test(name)
                ? 'subjects'
                : undefined;
    if (kind) byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    if (type === 'closure') {
      const script = fileOfClosure(i);
      const f = script.includes('node_modules/')
        ? script.replace(/.*node_modules\//, '')
        : path.relative(path.join(__dirname, '..'), script);
      closuresByFile.set(f, (closuresByFile.get(f) ?? 0) + 1);
    }
  }
  return { bytes, byKind, closuresByFile };
}

async function main() {
  const name = process.argv.includes('--contender') ? process.argv[process.argv.indexOf('--contender') + 1] : 'ours';
  const n = arg('connections', 300);
  const emulator = startChild(path.join(__dirname, 'lib', 'emulator-child.cjs'));
  const { domain, secret } = await emulator.next('ready');
  const files = [
    path.join(os.tmpdir(), `census-${process.pid}-0.heapsnapshot`),
    path.join(os.tmpdir(), `census-${process.pid}-1.heapsnapshot`),
  ];
  const conns = [];
  try {
    const online = async (c) => {
      for (let i = 0; i < 3000 && !c.online(); i++) await sleep(10);
    };
    const warm = contenders[name]({ domain, secret }, () => undefined);
    await online(warm);
    warm.end();
    await sleep(200);
    global.gc();
    v8.writeHeapSnapshot(files[0]);
    for (let i = 0; i < n; i++) {
      const c = contenders[name]({ domain, secret }, () => undefined);
      conns.push(c);
      await online(c);
    }
    await sleep(500);
    global.gc();
    v8.writeHeapSnapshot(files[1]);
    for (const c of conns) c.end();
    const [before, after] = files.map(census);
    const per = (a, b) => (a - b) / n;
    const kinds = Object.fromEntries(
      ['closures', 'contexts', 'subscribers', 'observables', 'subjects'].map((k) => [
        k,
        per(after.byKind.get(k) ?? 0, before.byKind.get(k) ?? 0),
      ]),
    );
    const byFile = [...after.closuresByFile]
      .map(([f, c]) => [f, per(c, before.closuresByFile.get(f) ?? 0)])
      .filter(([, c]) => c >= 0.5)
      .sort((a, b) => b[1] - a[1]);
    return {
      contender: name,
      connections: n,
      bytesPerConnection: per(after.bytes, before.bytes),
      perConnection: kinds,
      closuresByFile: Object.fromEntries(byFile),
    };
  } finally {
    for (const f of files) fs.rmSync(f, { force: true });
    await emulator.stop();
  }
}

const { runMain } = require('./lib/run-main.cjs');

module.exports = { main };
if (require.main === module) runMain(main);
