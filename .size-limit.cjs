// Bundle-size guard (npm run size): what an application importing only `connect` ships, minified
// (esbuild) and gzipped: with rxjs external (the application has it already: size-limit leaves
// peer dependencies out) and all-in (the parts of rxjs it uses bundled too).
// The budget is set (0.25x the official client); the earlier 7 kB / 16 kB goals are withdrawn
// (bench/README.md says why they were out of reach). A limit is raised only by a commit that says why.
// Raised by 1 kB (12.1 → 13.1, 22.2 → 23.2) for the answers to bad servers and bad settings: the
// Retry-After cap, the unreachable-host policy and its causes, the wrong-domain error, the watermark
// bound, and the scrubbing of encoded credentials from outside text only.
const allIn = (config) => ({ ...config, external: [] });

module.exports = [
  { name: 'connect, rxjs external', path: 'dist/index.mjs', import: '{ connect }', gzip: true, limit: '13.3 kB' },
  { name: 'connect, all-in', path: 'dist/index.mjs', import: '{ connect }', gzip: true, modifyEsbuildConfig: allIn, limit: '23.4 kB' },
];
