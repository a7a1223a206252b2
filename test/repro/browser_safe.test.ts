/**
 * The toolkit's browser-safe entry (repro/src/index.ts) uses no Node globals:
 * bundled by esbuild for the browser, its own code names none of `process`,
 * `setImmediate`, `Buffer`, `require`; and a bundle of it with tfjs and the
 * plugin runs a small experiment (plan, seeded training, aggregation,
 * bootstrap, verdict) in a V8 context that has none of them, so any use would
 * throw a ReferenceError there.
 * @fullRun built
 */
import {build} from 'esbuild';
import * as path from 'path';
import * as vm from 'vm';

import {REPO_ROOT, REPRO_ROOT} from '../support/paths';

const ENTRY = path.join(REPRO_ROOT, 'src', 'index.ts');
const NODE_GLOBALS = ['process', 'setImmediate', 'Buffer', 'require'];

test('the entry\'s own code (dependencies external) names no Node global', async () => {
  const out = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'es2020',
    external: ['@tensorflow/*', 'tfjs-smelu', 'seedrandom', 'jstat'],
    logLevel: 'silent',
    legalComments: 'none',
  });
  const code = out.outputFiles[0].text;
  expect(code.length).toBeGreaterThan(10000);
  // Identifiers only: not inside a property access (x.process) and not a word inside a string or comment line.
  const lines = code.split('\n').filter((l) => !/^\s*(\/\/|\*|\/\*)/.test(l));
  const uses = NODE_GLOBALS.flatMap(
      (name) => lines.filter((l) => new RegExp(`(^|[^.\\w$'"\`])${name}\\b(?![^'"\`]*['"\`][,;)]?\\s*$)`).test(l))
                    .map((l) => `${name}: ${l.trim().slice(0, 120)}`));
  expect(uses).toEqual([]);
  // The only imports are the declared browser-safe dependencies.
  const imports = Array.from(code.matchAll(/from\s+"([^"]+)"/g), (m) => m[1]);
  expect(new Set(imports)).toEqual(new Set([
    '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', 'tfjs-smelu', 'seedrandom', 'jstat'
  ]));
});

test('a small experiment runs in a context without process, setImmediate, Buffer or require', async () => {
  const entry = `
    import * as tf from '@tensorflow/tfjs-core';
    import '@tensorflow/tfjs-backend-cpu';
    import 'tfjs-smelu';
    import * as repro from ${JSON.stringify(ENTRY)};
    import * as tfl from '@tensorflow/tfjs-layers';
    globalThis.runSmallExperiment = async () => {
      if (!(await tf.setBackend('cpu'))) throw new Error('no cpu backend');
      const rng = repro.seededRandom('browser');
      const n = 64, f = 4;
      const x = Float32Array.from({length: n * f}, () => 2 * rng() - 1);
      const y = Int32Array.from({length: n}, (_, i) => (x[i * f] + x[i * f + 1] > 0 ? 1 : 0) + (x[i * f + 2] > 0.5 ? 1 : 0));
      const xs = tf.tensor2d(x.subarray(16 * f), [n - 16, f]), ys = tf.tensor1d(y.subarray(16), 'int32');
      const ex = tf.tensor2d(x.subarray(0, 16 * f), [16, f]), ey = tf.tensor1d(y.subarray(0, 16), 'int32');
      const workload = {
        name: 'tiny', description: 'tiny', source: 'generated', kind: 'multiclass', numClasses: 3,
        trainInputs: [xs], trainLabels: ys, evalInputs: [ex], evalLabels: ey,
        defaults: {epochs: 1, batchSize: 8, learningRate: 0.01},
        buildModel: (o) => {
          const input = tfl.input({shape: [f]});
          return tfl.model({inputs: input, outputs: repro.outputLayer(repro.hiddenTower(input, [6], o), 3, o.initSeed)});
        },
        ...repro.classificationLosses(3),
        dispose: () => tf.dispose([xs, ys, ex, ey]),
      };
      const result = await repro.runExperiment(workload, {
        variants: [{activation: 'relu'}, {activation: 'smelu', beta: 1}], replicas: 3, epochs: 2, batchSize: 4,
        learningRate: 0.01, seed: 3, regime: {init: 'same', order: 'different'}, shuffle: 'batch', norm: 'layer',
        normPlacement: 'after', topK: 1, bootstrapDraws: 50,
      });
      workload.dispose();
      return {verdict: result.verdict, table: repro.formatResultsMarkdown(result), tensors: tf.memory().numTensors};
    };`;
  const out = await build({
    stdin: {contents: entry, resolveDir: REPO_ROOT, loader: 'js'},
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    logLevel: 'silent',
    define: {'process.env.NODE_ENV': '"production"'},
  });
  // A browser-like global: window/self, timers, text codecs; no Node globals.
  const context: Record<string, unknown> = {
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    TextEncoder,
    TextDecoder,
    performance,
    navigator: {userAgent: 'test', hardwareConcurrency: 1},
    location: {search: ''},
    document: {},
  };
  context.window = context;
  context.self = context;
  vm.createContext(context);
  for (const name of NODE_GLOBALS) expect(vm.runInContext(`typeof ${name}`, context)).toBe('undefined');
  vm.runInContext(out.outputFiles[0].text, context);
  const run = context.runSmallExperiment as () => Promise<{verdict: string[], table: string, tensors: number}>;
  const result = await run();
  expect(result.verdict).toHaveLength(1);
  expect(result.verdict[0]).toMatch(/^SmeLU β=1: half-L1 PD \d+\.\d\d× ReLU's \(95% CI/);
  expect(result.table).toMatch(/\| ReLU \| – \|/);
  expect(result.tensors).toBe(0);
}, 120000);
