// Build of directline-rx (CommonJS config: package.json has "type": "commonjs").
//
//   dist/<entry>.mjs / .cjs          ESM and CommonJS, entries index, node, emulator (shared code in dist/chunks/)
//   dist/<entry>.d.mts / .d.cts      bundled declarations (rollup-plugin-dts)
//   dist/directline-rx.umd.min.js    minified UMD of the browser entry, global `DirectLineRx`
//
// Dependencies are never bundled into the ESM/CJS builds. The UMD bundle keeps rxjs external
// (the rxjs UMD global `rxjs`) and carries rxjs-websockets inside, as it has no global of its own.
const path = require('node:path');
const { builtinModules } = require('node:module');
const typescript = require('@rollup/plugin-typescript');
const { nodeResolve } = require('@rollup/plugin-node-resolve');
const terser = require('@rollup/plugin-terser');
const { dts } = require('rollup-plugin-dts');

const entries = {
  index: 'src/index.ts',
  node: 'src/node/index.ts',
  emulator: 'src/emulator/index.ts',
};
/** The emulator's command line (bin/directline-emulator.cjs): the emulator with the demo handed to it; no types, not an export. */
const cliEntry = { cli: 'src/cli.ts' };

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const dependencies = ['rxjs', 'rxjs-websockets', 'ws', 'xhr2', '@fastify/busboy'];

/** True for rxjs (and rxjs/*), the runtime dependencies (and their subpaths) and Node built-ins. */
const isExternal = (id) => builtins.has(id) || id.startsWith('node:') || dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`));

// Only src/ is compiled here; spec/, examples/ and bench/ are checked by `npm run typecheck`.
const ts = () =>
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    compilerOptions: { declaration: false, declarationMap: false, sourceMap: false, noEmit: false, outDir: undefined },
  });

const indexSource = path.resolve(__dirname, entries.index);

/**
 * Everything the browser entry reaches goes into `dist/index.*` itself, not into a shared chunk:
 * `dist/index.*` stays the whole isomorphic library, `directline-rx/node` (and the emulator) import
 * it as `./index.mjs` / `./index.cjs`, and `DirectLineError` is one class whichever entry it came from.
 */
const reachableFromIndex = new Map();
const intoIndex = (id, { getModuleInfo }) => {
  if (!reachableFromIndex.size) {
    const stack = [indexSource];
    while (stack.length) {
      const current = stack.pop();
      if (reachableFromIndex.has(current)) continue;
      reachableFromIndex.set(current, true);
      const info = getModuleInfo(current);
      if (info) stack.push(...info.importedIds, ...info.dynamicallyImportedIds);
    }
  }
  return reachableFromIndex.has(id) ? 'index' : undefined;
};

/** The demo page's own files (src/demo/public) are copied as they are to dist/demo, beside the emulator that serves them. */
const demoPage = () => ({
  name: 'demo-page',
  generateBundle() {
    const dir = path.resolve(__dirname, 'src/demo/public');
    for (const name of require('node:fs').readdirSync(dir)) {
      this.emitFile({ type: 'asset', fileName: `demo/${name}`, source: require('node:fs').readFileSync(path.join(dir, name)) });
    }
  },
});

const onwarn = (warning, warn) => {
  // Type errors are `npm run typecheck`'s to report; fail on anything that would break the bundle.
  if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(warning.message);
  warn(warning);
};

/** rxjs's UMD bundle exposes `rxjs`, with `rxjs.operators`, `rxjs.ajax`, `rxjs.webSocket`, `rxjs.fetch` … */
const umdGlobals = (id) => (id === 'rxjs' ? 'rxjs' : id.startsWith('rxjs/') ? `rxjs.${id.slice('rxjs/'.length)}` : id);

module.exports = [
  {
    input: { ...entries, ...cliEntry },
    external: isExternal,
    plugins: [ts(), demoPage()],
    onwarn,
    output: [
      {
        dir: 'dist',
        format: 'es',
        manualChunks: intoIndex,
        entryFileNames: '[name].mjs',
        chunkFileNames: 'chunks/[name]-[hash].mjs',
        // The demo finds its page beside the emulator: give the ES build the `__dirname` CommonJS has.
        intro: (chunk) =>
          chunk.name === 'emulator' || chunk.name === 'cli'
            ? "const __dirname = import.meta.dirname ?? decodeURIComponent(new URL('.', import.meta.url).pathname).replace(/\\/$/, '');"
            : '',
      },
      {
        dir: 'dist',
        format: 'cjs',
        manualChunks: intoIndex,
        entryFileNames: '[name].cjs',
        chunkFileNames: 'chunks/[name]-[hash].cjs',
        exports: 'named',
        interop: 'auto',
      },
    ],
  },
  {
    input: entries,
    external: isExternal,
    plugins: [dts({ tsconfig: './tsconfig.json', compilerOptions: { declarationMap: false } })],
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].d.mts', chunkFileNames: 'chunks/[name]-[hash].d.mts', manualChunks: intoIndex },
      { dir: 'dist', format: 'es', entryFileNames: '[name].d.cts', chunkFileNames: 'chunks/[name]-[hash].d.cts', manualChunks: intoIndex },
    ],
  },
  {
    input: entries.index,
    // Only rxjs stays outside the UMD bundle; Node-only packages must never reach it.
    external: (id) => id === 'rxjs' || id.startsWith('rxjs/'),
    plugins: [nodeResolve({ browser: true }), ts()],
    onwarn,
    output: {
      file: 'dist/directline-rx.umd.min.js',
      format: 'umd',
      name: 'DirectLineRx',
      exports: 'named',
      globals: umdGlobals,
      plugins: [terser()],
    },
  },
];
