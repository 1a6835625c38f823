// Bundle-size guard (npm run size): what an application importing only `connect` ships, minified
// (esbuild) and gzipped: with rxjs external (the application has it already: size-limit leaves
// peer dependencies out) and all-in (the parts of rxjs it uses bundled too).
// The budget is set (0.25x the official client); the earlier 7 kB / 16 kB goals are withdrawn
// (bench/README.md says why they were out of reach). A limit is raised only by a commit that says why.
// Raised to 13.6 / 23.7 kB (measured 13.55 / 23.67; 13.57 / 23.70 once request() was split in steps) by three changes, each measured: the answers to
// bad servers and bad settings +1.3 kB (Retry-After cap, unreachable-host policy and its causes,
// wrong-domain error, watermark bound, scrubbing of encoded credentials, base64 without btoa), the
// dedupe that skips its look-up while ids advance +0.2 kB, the `streaming` option +0.1 kB.
const allIn = (config) => ({ ...config, external: [] });

module.exports = [
  { name: 'connect, rxjs external', path: 'dist/index.mjs', import: '{ connect }', gzip: true, limit: '13.6 kB' },
  { name: 'connect, all-in', path: 'dist/index.mjs', import: '{ connect }', gzip: true, modifyEsbuildConfig: allIn, limit: '23.7 kB' },
];
