import {defineConfig} from 'tsup';

import {BROWSER_GLOBAL_NAME, tfjsGlobalPlugin} from './scripts/browser_bundle';
import {writeNodeEsmEntries} from './scripts/node_esm_entries';

// Library build: ESM + CommonJS + .d.ts for every entry. Code shared by the
// entries lives in shared chunks (splitting), so importing two entries loads
// one copy of each module. Every @tensorflow package stays external: the
// kernels register in the user's single copy of tfjs-core. Each library entry
// also gets `<entry>.node.mjs`, Node's `import` target (package.json's "node"
// condition): its CommonJS build re-exported, so that `import` and `require`
// in one Node app share one copy (scripts/node_esm_entries.ts).
export default defineConfig([{
  entry: {index: 'src/index.ts', core: 'src/core.ts'},
  format: ['esm', 'cjs'],
  outExtension: ({format}) => ({js: format === 'esm' ? '.mjs' : '.cjs'}),
  dts: true,
  splitting: true,
  sourcemap: true,
  target: 'es2020',
  platform: 'neutral',
  external: [/^@tensorflow\//],
  onSuccess: writeNodeEsmEntries('dist', ['index', 'core']),
}, {
  // `tfjs-smelu/tfjs`: @tensorflow/tfjs plus our layers. It reaches the rest of
  // the package by name (`tfjs-smelu`, a self-reference), and is built without
  // splitting: esbuild's own CommonJS output lets our `layers` win over the
  // `export *` of @tensorflow/tfjs.
  entry: {tfjs: 'src/tfjs.ts'},
  format: ['esm', 'cjs'],
  outExtension: ({format}) => ({js: format === 'esm' ? '.mjs' : '.cjs'}),
  dts: true,
  sourcemap: true,
  target: 'es2020',
  platform: 'neutral',
  external: [/^@tensorflow\//, /^tfjs-smelu(\/|$)/],
  onSuccess: writeNodeEsmEntries('dist', ['tfjs']),
}, {
  // `tfjs-smelu/node`: Node-only (file-system IO), apart so the other entries stay browser-safe.
  entry: {node: 'src/node.ts'},
  format: ['esm', 'cjs'],
  outExtension: ({format}) => ({js: format === 'esm' ? '.mjs' : '.cjs'}),
  dts: true,
  sourcemap: true,
  target: 'node18',
  platform: 'node',
  external: [/^@tensorflow\//],
  onSuccess: writeNodeEsmEntries('dist', ['node']),
}, {
  // The `tfjs-smelu` executable (CommonJS, Node only).
  entry: {cli: 'src/cli/main.ts'},
  format: ['cjs'],
  outExtension: () => ({js: '.cjs'}),
  sourcemap: true,
  target: 'node18',
  platform: 'node',
  external: [/^@tensorflow\//],
}, {
  // Browser <script> bundle: global `tfSmelu`, TensorFlow.js from the global `tf`
  // (see scripts/browser_bundle.ts).
  entry: {'tfjs-smelu': 'src/index.ts'},
  format: ['iife'],
  globalName: BROWSER_GLOBAL_NAME,
  outExtension: () => ({js: '.min.js'}),
  minify: true,
  sourcemap: true,
  target: 'es2017',
  platform: 'browser',
  esbuildPlugins: [tfjsGlobalPlugin()],
}]);
