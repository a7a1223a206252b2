import {defineConfig} from 'tsup';

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
  // The `tfjs-smelu` executable (CommonJS, Node only).
  entry: {cli: 'src/cli/main.ts'},
  format: ['cjs'],
  outExtension: () => ({js: '.cjs'}),
  sourcemap: true,
  target: 'node18',
  platform: 'node',
  external: [/^@tensorflow\//, 'seedrandom', 'cli-progress', 'vega', 'vega-lite'],
}]);
