import {defineConfig} from 'tsup';

// tfjs-smelu-repro: the browser-safe entry (metrics, trainer, runner), the
// Node entry (data, report, parallel replicas), the CLI and the replica worker. tfjs-smelu and every @tensorflow
// package stay external, so the toolkit uses the user's single copies.
const external = [/^@tensorflow\//, /^tfjs-smelu(\/|$)/, 'seedrandom', 'cli-progress', 'vega', 'vega-lite'];

export default defineConfig([{
  entry: {index: 'src/index.ts'},
  format: ['esm', 'cjs'],
  outExtension: ({format}) => ({js: format === 'esm' ? '.mjs' : '.cjs'}),
  dts: true,
  sourcemap: true,
  target: 'es2020',
  platform: 'neutral',
  external,
}, {
  entry: {node: 'src/node.ts'},
  format: ['esm', 'cjs'],
  outExtension: ({format}) => ({js: format === 'esm' ? '.mjs' : '.cjs'}),
  // The report writer loads vega-lite and vega lazily with require(); an ES
  // module has no `require`, so the ESM build gets one (else: "Dynamic
  // require of "vega-lite" is not supported").
  banner: ({format}) => format === 'esm' ?
      {js: `import {createRequire as __createRequire} from 'module';\nconst require = __createRequire(import.meta.url);`} :
      {},
  dts: true,
  sourcemap: true,
  target: 'node18',
  platform: 'node',
  // __dirname in the ESM build too (the runner finds dist/worker.cjs next to itself).
  shims: true,
  external,
}, {
  entry: {cli: 'src/cli/main.ts', worker: 'src/parallel/worker.ts'},
  format: ['cjs'],
  outExtension: () => ({js: '.cjs'}),
  sourcemap: true,
  target: 'node18',
  platform: 'node',
  external,
}]);
