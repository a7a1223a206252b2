/**
 * The built package as users load it: `require('tfjs-smelu')` and
 * `import 'tfjs-smelu'` in plain Node 20 (dist/ is built by `npm test`'s pretest).
 * @fullRun built
 */
import {execFileSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {REPO_ROOT, REPRO_ROOT} from '../support/paths';

const ROOT = REPO_ROOT;

function runNode(file: string, source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-exports-'));
  // Resolve 'tfjs-smelu' to this checkout through its package.json "exports".
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'tfjs-smelu'), 'dir');
  fs.writeFileSync(path.join(dir, file), source);
  try {
    return execFileSync(process.execPath, [path.join(dir, file)], {
      encoding: 'utf8',
      env: {...process.env, NODE_PATH: path.join(ROOT, 'node_modules')},
      cwd: ROOT,
    });
  } finally {
    fs.rmSync(dir, {recursive: true, force: true});
  }
}

describe('package entry points', () => {
  beforeAll(() => {
    for (const f of ['index.cjs', 'index.mjs', 'index.d.ts']) {
      if (!fs.existsSync(path.join(ROOT, 'dist', f))) {
        throw new Error(`dist/${f} is missing: run 'npm run build' (npm test's pretest does).`);
      }
    }
  });

  it('works with require() (CommonJS) and installs tf.layers.smelu', () => {
    const out = runNode('check.cjs', `
      const tf = require(require.resolve('@tensorflow/tfjs-core', {paths: [process.cwd()]}));
      require(require.resolve('@tensorflow/tfjs-backend-cpu', {paths: [process.cwd()]}));
      const tfl = require(require.resolve('@tensorflow/tfjs-layers', {paths: [process.cwd()]}));
      const s = require('tfjs-smelu');
      tf.env().set('IS_TEST', true);
      const y = s.smelu(tf.tensor1d([-3, -1, 0, 1, 3]), 2);
      console.log(JSON.stringify({y: Array.from(y.dataSync()), layer: typeof tfl.layers.smelu,
        same: tfl.layers.smelu === s.layers.smelu}));
    `);
    expect(JSON.parse(out.trim().split('\n').pop()!))
        .toEqual({y: [0, 0.125, 0.5, 1.125, 3], layer: 'function', same: true});
  });

  it('works with import (ESM)', () => {
    const out = runNode('check.mjs', `
      import {createRequire} from 'module';
      const require = createRequire(process.cwd() + '/');
      const tf = await import(require.resolve('@tensorflow/tfjs-core'));
      await import(require.resolve('@tensorflow/tfjs-backend-cpu'));
      const {smelu, layers, SmeLUKernelName} = await import('tfjs-smelu');
      tf.env().set('IS_TEST', true);
      const y = smelu(tf.tensor1d([-3, -1, 0, 1, 3]), 2);
      console.log(JSON.stringify({y: Array.from(y.dataSync()), factory: typeof layers.smelu, kernel: SmeLUKernelName}));
    `);
    expect(JSON.parse(out.trim().split('\n').pop()!))
        .toEqual({y: [0, 0.125, 0.5, 1.125, 3], factory: 'function', kernel: 'SmeLU'});
  });
});

/**
 * The toolkit's curated public API: what a user calls (PD metrics and their registry, the activation registry, the
 * seeded trainer, workloads, the experiment, the report, the data loaders, compare, parallel replicas). Everything
 * else is internal; a name added here is a decision, with its docs and its README row.
 */
describe('tfjs-smelu-repro entry points', () => {
  const MAIN = [
    'absolutePD',         'activationNames',     'aggregateExperiment', 'classificationLosses', 'deriveSeed',
    'describeWorkload',   'digitsWorkload',      'epochOrder',          'fashionMnistWorkload', 'formatResultsMarkdown',
    'formatResultsTable', 'getActivation',       'halfL1Distance',      'hiddenTower',          'LastAxisLayerNorm',
    'movieLensWorkload',  'outputLayer',         'pairwiseStats',       'PD_METRICS',           'planExperiment',
    'registerActivation', 'RELATIVE_PD_EPSILON', 'relativePD',          'runExperiment',        'ScatterEmbedding',
    'SeededTrainer',      'seededPermutation',   'seededRandom',        'top1Disagreement',     'topKSwapRate',
    'trainModel',         'trainReplica',
  ];
  const NODE = [
    'assertWritableOutputDir',
    'BACKEND_CHOICES',
    'COMPARE_DEFAULTS',
    'compareActivations',
    'defaultCacheDir',
    'FASHION_MNIST_CLASSES',
    'loadDigits',
    'loadFashionMnist',
    'loadMovieLens',
    'OutputFolderError',
    'prepareComparison',
    'REPORT_FILES',
    'runAndReport',
    'runExperimentInWorkers',
    'runPreparedComparison',
    'runReplicasInWorkers',
    'setUpBackend',
    'writeReport',
    // Low-level: the two steps `npm run bench:csv` times in a built package.
    'loadSavedModelWorkload',
    'writeCompareArrays',
  ];
  const sorted = (names: string[]) => [...names].sort((a, b) => a.localeCompare(b));

  it('export exactly the curated names, in CommonJS and in Node\'s ES module build', () => {
    const out = runNode('check.mjs', `
      import {createRequire} from 'module';
      const require = createRequire(${JSON.stringify(path.join(REPRO_ROOT, 'package.json'))});
      const names = (m) => Object.keys(m).filter((k) => k !== 'default' && k !== 'module.exports');
      const result = {};
      for (const entry of ['index', 'node']) {
        const esm = await import(${JSON.stringify(REPRO_ROOT)} + '/dist/' + entry + '.node.mjs');
        result[entry] = {cjs: names(require('./dist/' + entry + '.cjs')), esm: names(esm)};
      }
      console.log(JSON.stringify(result));
    `);
    const result = JSON.parse(out.trim().split('\n').pop()!) as Record<'index'|'node', {cjs: string[], esm: string[]}>;
    expect(sorted(result.index.cjs)).toEqual(sorted(MAIN));
    expect(sorted(result.index.esm)).toEqual(sorted(MAIN));
    expect(sorted(result.node.cjs)).toEqual(sorted(NODE));
    expect(sorted(result.node.esm)).toEqual(sorted(NODE));
  });
});
