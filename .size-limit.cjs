// Bundle-size guard (npm run size): what an application importing only `connect` ships, minified
// (esbuild) and gzipped: with rxjs external (the application has it already: size-limit leaves
// peer dependencies out) and all-in (the parts of rxjs it uses bundled too).
// The goals are 7 kB and 16 kB; these limits hold today's size so that it can only shrink
// (bench/README.md says by how much the goals are missed, and why: rxjs/ajax and rxjs-websockets
// are the design's transports, and an idle connection is kept small in heap by classes whose
// property names minify less well than closures' variables).
// Raised by 1.2 and 1.1 kB (12.1 → 13.3, 22.2 → 23.3) for the answers to bad servers and bad settings: the
// Retry-After cap, the unreachable-host policy and its causes, the wrong-domain error, the watermark
// bound, and the scrubbing of encoded credentials from outside text only.
const allIn = (config) => ({ ...config, external: [] });

module.exports = [
  { name: 'connect, rxjs external', path: 'dist/index.mjs', import: '{ connect }', gzip: true, limit: '13.3 kB' },
  { name: 'connect, all-in', path: 'dist/index.mjs', import: '{ connect }', gzip: true, modifyEsbuildConfig: allIn, limit: '23.3 kB' },
];
