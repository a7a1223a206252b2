import {defineConfig} from 'tsup';

import {writeNodeEsmEntries} from '../scripts/node_esm_entries';

// tfjs-smelu-repro: the browser-safe entry (metrics, trainer, runner), the
// Node entry (data, report, parallel replicas, compare), the CLI and the
// replica worker. tfjs-smelu and every other package stay external, so the
// toolkit uses the user's single copies.
const external = [/^@tensorflow\//, /^tfjs-smelu(\/|$)/, 'seedrandom', 'cli-progress', 'vega', 'vega-lite', 'csv-parse', 'fflate', 'jstat'];

export default defineConfig([{
  // Both library entries in one build with shared chunks: an app importing
  // both loads one copy of each module (one registration of each layer class).
  // The Node entry loads optional packages through node_require.ts, which
  // finds its own path from `import.meta.url` in the ES module build (no tsup
  // shims: they would put `path`/`url` imports in the browser-safe chunks).
  entry: {index: 'src/index.ts', node: 'src/node.ts'},
  format: ['esm', 'cjs'],
  outExtension: ({format}) => ({js: format === 'esm' ? '.mjs' : '.cjs'}),
  dts: true,
  splitting: true,
  sourcemap: true,
  target: 'node18',
  platform: 'node',
  external,
  esbuildOptions(options, {format}) {
    if (format === 'esm') options.define = {...options.define, __TOOLKIT_MODULE_URL__: 'import.meta.url'};
  },
  // Node's `import` target of each entry (package.json's "node" condition): the
  // CommonJS build re-exported, so `import` and `require` share one copy.
  onSuccess: writeNodeEsmEntries('dist', ['index', 'node']),
}, {
  entry: {cli: 'src/cli/main.ts', worker: 'src/parallel/worker.ts'},
  format: ['cjs'],
  outExtension: () => ({js: '.cjs'}),
  sourcemap: true,
  target: 'node18',
  platform: 'node',
  external,
}]);
