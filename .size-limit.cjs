// Bundle-size guard (npm run size): what an application importing only `connect` ships, minified
// (esbuild) and gzipped: with rxjs external (the application has it already: size-limit leaves
// peer dependencies out) and all-in (the parts of rxjs it uses bundled too).
// The goals are 7 kB and 16 kB; these limits hold today's size so that it can only shrink
// (bench/README.md says by how much the goals are missed).
const allIn = (config) => ({ ...config, external: [] });

module.exports = [
  { name: 'connect, rxjs external', path: 'dist/index.mjs', import: '{ connect }', gzip: true, limit: '11.7 kB' },
  { name: 'connect, all-in', path: 'dist/index.mjs', import: '{ connect }', gzip: true, modifyEsbuildConfig: allIn, limit: '22 kB' },
];
