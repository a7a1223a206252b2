import {defineConfig} from 'tsup';

import {BROWSER_GLOBAL_NAME, tfjsGlobalPlugin} from './scripts/browser_bundle';

// Library build: ESM + CommonJS + .d.ts. Every dependency stays external so
// that the user's single copy of tfjs-core is the one the kernels register in.
export default defineConfig([{
  entry: {index: 'src/index.ts'},
  format: ['esm', 'cjs'],
  outExtension: ({format}) => ({js: format === 'esm' ? '.mjs' : '.cjs'}),
  dts: true,
  sourcemap: true,
  target: 'es2020',
  platform: 'neutral',
  external: [/^@tensorflow\//, 'seedrandom', 'cli-progress', 'vega', 'vega-lite'],
}, {
  // `tfjs-smelu/node`: Node-only helpers (file-system IO), apart so `index` stays browser-safe.
  entry: {node: 'src/node.ts'},
  format: ['esm', 'cjs'],
  outExtension: ({format}) => ({js: format === 'esm' ? '.mjs' : '.cjs'}),
  dts: true,
  sourcemap: true,
  target: 'node18',
  platform: 'node',
  external: [/^@tensorflow\//],
}, {
  // The `tfjs-smelu` executable (CommonJS, Node only).
  entry: {cli: 'src/cli/main.ts'},
  format: ['cjs'],
  outExtension: () => ({js: '.cjs'}),
  sourcemap: true,
  target: 'node18',
  platform: 'node',
  external: [/^@tensorflow\//, 'seedrandom', 'cli-progress', 'vega', 'vega-lite'],
}, {
  // Browser <script> bundle: global `tfSmelu`, TensorFlow.js from the global `tf`
  // (see scripts/browser_bundle.ts). Everything else is bundled in.
  entry: {'tfjs-smelu': 'src/index.ts'},
  format: ['iife'],
  globalName: BROWSER_GLOBAL_NAME,
  outExtension: () => ({js: '.min.js'}),
  minify: true,
  sourcemap: true,
  target: 'es2017',
  platform: 'browser',
  noExternal: [/^(?!@tensorflow\/)/],
  esbuildPlugins: [tfjsGlobalPlugin()],
}]);
