/**
 * Every entry of both packed packages, loaded the two ways users load them:
 * `require()` from a .cjs file and `import` from a .mjs file, in plain Node,
 * in a scratch project where the tarballs were installed with npm (see
 * consumer_project.ts). Each script does real work; the values are checked
 * here against the float64 reference and hand-computed numbers.
 * @fullRun packed
 */
import {spawnSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import {EditableJSON} from '../support/json';
import {generalizedSmeluRef, GeneralizedSmeLURefParams, smeluDerivRef, smeluRef} from '../support/reference';
import {cleanEnv, ConsumerProject, INSTALL_TIMEOUT_MS, sharedConsumer} from './consumer_project';

type ModuleKind = 'cjs'|'esm';

const X = [-3, -1.5, -0.25, 0, 0.7, 2, 3.5];
const BETA = 2;
// A Dense(2, activation 'smelu' (β = 2)) → SmeLU(β = 0.5) model with fixed weights.
const INPUT = [[1, -2, 0.5], [3, 0, -1], [0, 0, 0], [-0.5, 0.25, 2]];
const KERNEL = [[0.5, -1], [1.5, 0.25], [-2, 1]];
const BIAS = [0.2, -0.1];
const LAYER_BETA = 0.5;
const GSMELU_PARAMS: GeneralizedSmeLURefParams = {
  alpha: 1,
  beta: 2,
  gNeg: -0.25,
  gPos: 1.5,
  shift: 0.1
};

/** The model's expected output in float64. */
function expectedModelOutput(): number[] {
  return INPUT.flatMap((row) => BIAS.map((b, j) => {
    const z = row.reduce((sum, v, i) => sum + v * KERNEL[i][j], b);
    return smeluRef(smeluRef(z, 2), LAYER_BETA);
  }));
}

function expectClose(actual: number[], expected: number[], tolerance = 1e-6): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => {
    if (Math.abs(v - expected[i]) > tolerance * Math.max(1, Math.abs(expected[i]))) {
      throw new Error(`element ${i}: got ${v}, expected ${expected[i]} (all: ${JSON.stringify(actual)})`);
    }
  });
}

/** Loads named modules the way each module system does: `const tf = require(m)` or `import * as tf from m`. */
function imports(kind: ModuleKind, modules: Record<string, string>): string {
  return Object.entries(modules)
      .map(([name, spec]) => {
        if (kind === 'cjs') return name.startsWith('_') ? `require('${spec}');` : `const ${name} = require('${spec}');`;
        return name.startsWith('_') ? `import '${spec}';` : `import * as ${name} from '${spec}';`;
      })
      .join('\n');
}

/** Wraps a script body: async main, RESULT line, non-zero exit on error. */
function script(kind: ModuleKind, modules: Record<string, string>, body: string): string {
  const header = kind === 'cjs' ?
      `const {sep} = require('path');\nconst fs = require('fs');\nconst loaded = () => Object.keys(require.cache);` :
      `import {sep} from 'path';\nimport * as fs from 'fs';\nimport {createRequire} from 'module';\n` +
          // Modules that Node loads as CommonJS (all of @tensorflow in Node) land in this cache from ESM too.
          `const loaded = () => Object.keys(createRequire(import.meta.url).cache);`;
  return `${header}\n${imports(kind, modules)}\n` +
      `async function main() {\n${body}\n}\n` +
      `main().then((result) => console.log('RESULT ' + JSON.stringify(result)),\n` +
      `    (e) => { console.error(e && e.stack || e); process.exitCode = 1; });\n`;
}

/** The shared op/gradient part: y = smelu(x, β), dy/dx through tf.grad. */
const OP_BODY = `
  const x = tf.tensor1d(${JSON.stringify(X)});
  const y = s.smelu(x, ${BETA});
  const g = tf.grad((t) => s.smelu(t, ${BETA}))(x);
  const op = {y: Array.from(y.dataSync()), g: Array.from(g.dataSync()), kernel: tf.getKernel('SmeLU', tf.getBackend()) != null};
  tf.dispose([x, y, g]);`;

/** Builds the fixed-weight model with `dense` and `smeluLayer` factories, predicts INPUT. */
const MODEL_BODY = (dense: string, sequential: string, smeluLayer: string) => `
  const model = ${sequential}({layers: [
    ${dense}({units: 2, inputShape: [3], activation: 'smelu'}),
    ${smeluLayer}({beta: ${LAYER_BETA}}),
  ]});
  const weights = [tf.tensor2d(${JSON.stringify(KERNEL)}), tf.tensor1d(${JSON.stringify(BIAS)})];
  model.layers[0].setWeights(weights);
  tf.dispose(weights);
  const input = tf.tensor2d(${JSON.stringify(INPUT)});
  const output = model.predict(input);
  const predicted = Array.from(output.dataSync());
  tf.dispose([input, output]);`;

function checkOp(op: {y: number[], g: number[], kernel: boolean}): void {
  expectClose(op.y, X.map((v) => smeluRef(v, BETA)));
  expectClose(op.g, X.map((v) => smeluDerivRef(v, BETA)));
  expect(op.kernel).toBe(true);
}

const TF_CORE = {
  tf: '@tensorflow/tfjs-core',
  _cpu: '@tensorflow/tfjs-backend-cpu'
};

interface EntryCase {
  entry: string;
  modules: Record<string, string>;
  body: string;
  files?: Record<string, string>;
  check(result: EditableJSON, kind: ModuleKind): void;
}

const LAYERS_LOADED = `loaded().filter((f) => f.includes(sep + 'tfjs-layers' + sep)).length`;

/** A small digits.csv: 40 rows of 64 pixels (0..16) and a label. */
function digitsCsv(): {text: string, pixel: (row: number, col: number) => number, label: (row: number) => number} {
  const pixel = (row: number, col: number) => (row * 7 + col * 3) % 17;
  const label = (row: number) => row % 10;
  const lines =
      Array.from({length: 40}, (_, r) => [...Array.from({length: 64}, (_, c) => pixel(r, c)), label(r)].join(','));
  return {text: lines.join('\n') + '\n', pixel, label};
}

const P1 = [0.2, 0.5, 0.9, 0.05, 0];
const P2 = [0.6, 0.5, 0.7, 0.15, 0];
const CLASS_A = [[0.9, 0.1], [0.4, 0.6], [0.3, 0.7]];
const CLASS_B = [[0.8, 0.2], [0.7, 0.3], [0.2, 0.8]];

const CASES: EntryCase[] = [
  {
    entry: 'tfjs-smelu',
    modules: {...TF_CORE, tfl: '@tensorflow/tfjs-layers', s: 'tfjs-smelu'},
    body: `
  const before = tf.memory().numTensors;
  ${OP_BODY}
  ${MODEL_BODY('tfl.layers.dense', 'tfl.sequential', 's.layers.smelu')}
  const classes = model.layers.map((l) => l.getClassName());
  model.dispose();
  return {op, predicted, classes, installedOnTfLayers: tfl.layers.smelu === s.layers.smelu,
    leaked: tf.memory().numTensors - before};`,
    check(result) {
      checkOp(result.op);
      expectClose(result.predicted, expectedModelOutput());
      expect(result.classes).toEqual(['Dense', 'SmeLU']);
      // In Node, @tensorflow/tfjs-layers is CommonJS for both module systems: its `layers` object takes our factories.
      expect(result.installedOnTfLayers).toBe(true);
      expect(result.leaked).toBe(0);
    },
  },
  {
    entry: 'tfjs-smelu/core',
    modules: {...TF_CORE, s: 'tfjs-smelu/core'},
    body: `
  const before = tf.memory().numTensors;
  ${OP_BODY}
  const gx = tf.tensor1d(${JSON.stringify(X)});
  const gy = s.generalizedSmelu(gx, ${JSON.stringify(GSMELU_PARAMS)});
  const generalized = Array.from(gy.dataSync());
  tf.dispose([gx, gy]);
  return {op, generalized, hasLayers: 'layers' in s, layersModulesLoaded: ${LAYERS_LOADED},
    coreLoaded: loaded().some((f) => f.includes(sep + 'tfjs-core' + sep)), leaked: tf.memory().numTensors - before};`,
    check(result) {
      checkOp(result.op);
      expectClose(result.generalized, X.map((v) => generalizedSmeluRef(v, GSMELU_PARAMS)), 1e-5);
      expect(result.hasLayers).toBe(false);
      // The cache sees CommonJS modules (the control: tfjs-core is there); tfjs-layers never loads.
      expect(result.coreLoaded).toBe(true);
      expect(result.layersModulesLoaded).toBe(0);
      expect(result.leaked).toBe(0);
    },
  },
  {
    entry: 'tfjs-smelu/tfjs',
    modules: {tf: 'tfjs-smelu/tfjs', tfjs: '@tensorflow/tfjs', s: 'tfjs-smelu'},
    body: `
  await tf.setBackend('cpu');
  const before = tf.memory().numTensors;
  ${OP_BODY}
  ${MODEL_BODY('tf.layers.dense', 'tf.sequential', 'tf.layers.smelu')}
  const classes = model.layers.map((l) => l.getClassName());
  model.dispose();
  return {op, predicted, classes, sameDense: tf.layers.dense === tfjs.layers.dense, sameOp: tf.smelu === s.smelu,
    sameSequential: tf.sequential === tfjs.sequential, gSmelu: typeof tf.layers.gSmelu, leaked: tf.memory().numTensors - before};`,
    check(result) {
      checkOp(result.op);
      expectClose(result.predicted, expectedModelOutput());
      expect(result.classes).toEqual(['Dense', 'SmeLU']);
      // A drop-in: the rest is @tensorflow/tfjs itself, the op is the main entry's.
      expect([result.sameDense, result.sameOp, result.sameSequential, result.gSmelu]).toEqual([
        true, true, true, 'function'
      ]);
      expect(result.leaked).toBe(0);
    },
  },
  {
    entry: 'tfjs-smelu/node',
    modules: {...TF_CORE, tfl: '@tensorflow/tfjs-layers', s: 'tfjs-smelu', n: 'tfjs-smelu/node'},
    body: `
  const before = tf.memory().numTensors;
  ${MODEL_BODY('tfl.layers.dense', 'tfl.sequential', 's.layers.smelu')}
  await model.save(n.fileSystemHandler('saved'));
  const files = fs.readdirSync('saved').sort();
  const loadedModel = await tfl.loadLayersModel(n.fileSystemHandler('saved/' + n.MODEL_JSON_FILENAME));
  const input2 = tf.tensor2d(${JSON.stringify(INPUT)});
  const output2 = loadedModel.predict(input2);
  const reloaded = Array.from(output2.dataSync());
  const classes = loadedModel.layers.map((l) => l.getClassName());
  const config = {activation: loadedModel.layers[0].getConfig().activation, beta: loadedModel.layers[1].getConfig().beta};
  tf.dispose([input2, output2]);
  model.dispose();
  loadedModel.dispose();
  return {predicted, reloaded, files, classes, config, leaked: tf.memory().numTensors - before};`,
    check(result) {
      expectClose(result.predicted, expectedModelOutput());
      expect(result.reloaded).toEqual(result.predicted);
      expect(result.files).toEqual(['model.json', 'weights.bin']);
      expect(result.classes).toEqual(['Dense', 'SmeLU']);
      expect(result.config).toEqual({activation: 'smelu', beta: LAYER_BETA});
      expect(result.leaked).toBe(0);
    },
  },
  {
    entry: 'tfjs-smelu-repro',
    modules: {...TF_CORE, r: 'tfjs-smelu-repro'},
    body: `
  const before = tf.memory().numTensors;
  const [p1, p2] = [tf.tensor1d(${JSON.stringify(P1)}), tf.tensor1d(${JSON.stringify(P2)})];
  const [a, b] = [tf.tensor2d(${JSON.stringify(CLASS_A)}), tf.tensor2d(${JSON.stringify(CLASS_B)})];
  const metrics = [r.relativePD(p1, p2), r.absolutePD(p1, p2), r.top1Disagreement(a, b), r.halfL1Distance(a, b)];
  const [relative, absolute, top1, halfL1] = metrics.map((m) => m.dataSync()[0]);
  tf.dispose([p1, p2, a, b, ...metrics]);
  return {relative, absolute, top1, halfL1, activations: r.activationNames(), leaked: tf.memory().numTensors - before};`,
    check(result) {
      // Relative PD: mean of |p1 − p2| / max((p1 + p2)/2, 1e-6); the last pair is 0 vs 0 (counts as agreeing).
      const relative =
          P1.reduce((sum, p, i) => sum + Math.abs(p - P2[i]) / Math.max((p + P2[i]) / 2, 1e-6), 0) / P1.length;
      const absolute = P1.reduce((sum, p, i) => sum + Math.abs(p - P2[i]), 0) / P1.length;
      // Argmax per row: A = [0, 1, 1], B = [0, 0, 1].
      const halfL1 =
          CLASS_A.reduce((sum, row, i) => sum + row.reduce((s, v, j) => s + Math.abs(v - CLASS_B[i][j]), 0) / 2, 0) /
          CLASS_A.length;
      expectClose(
          [result.relative, result.absolute, result.top1, result.halfL1], [relative, absolute, 1 / 3, halfL1], 1e-6);
      expect(result.activations).toEqual(expect.arrayContaining(['relu', 'smelu']));
      expect(result.leaked).toBe(0);
    },
  },
  {
    entry: 'tfjs-smelu-repro/node',
    modules: {...TF_CORE, r: 'tfjs-smelu-repro', rn: 'tfjs-smelu-repro/node'},
    files: {'digits.csv': digitsCsv().text},
    body: `
  const digits = rn.loadDigits({path: 'digits.csv'});
  const workload = r.digitsWorkload(digits, {hidden: [8]});
  const result = await r.runExperiment(workload, {
    variants: [{activation: 'relu'}, {activation: 'smelu', beta: 1}], replicas: 2, epochs: 1, batchSize: 10,
    learningRate: 0.01, seed: 7, regime: {init: 'different', order: 'different'}, shuffle: 'example', norm: 'none', topK: 1});
  workload.dispose();
  const report = await rn.writeReport(result, 'report');
  const written = JSON.parse(fs.readFileSync(report.json, 'utf8'));
  return {numExamples: digits.numExamples, numFeatures: digits.numFeatures, pixels: Array.from(digits.pixels.slice(0, 70)),
    labels: Array.from(digits.labels.slice(0, 12)), files: fs.readdirSync(report.dir).sort(),
    expectedFiles: Object.values(rn.REPORT_FILES).sort(), sameJson: JSON.stringify(written) === JSON.stringify(result),
    labelsOfVariants: written.variants.map((v) => v.label), pd: written.variants.map((v) => v.relativePD.mean),
    svg: fs.readFileSync(report.dir + sep + rn.REPORT_FILES.pdPlot, 'utf8').slice(0, 4)};`,
    check(result) {
      const {pixel, label} = digitsCsv();
      expect([result.numExamples, result.numFeatures]).toEqual([40, 64]);
      expectClose(result.pixels, Array.from({length: 70}, (_, k) => pixel(Math.floor(k / 64), k % 64) / 16));
      expect(result.labels).toEqual(Array.from({length: 12}, (_, r) => label(r)));
      // The report writer renders its plots with vega-lite/vega, the toolkit's own dependencies.
      expect(result.files).toEqual(result.expectedFiles);
      expect(result.sameJson).toBe(true);
      expect(result.labelsOfVariants).toHaveLength(2);
      for (const pd of result.pd) expect(pd >= 0 && pd <= 2).toBe(true);
      expect(result.svg).toBe('<svg');
    },
  },
];

describe('packed packages: CommonJS and ES module consumers of every entry', () => {
  let project: ConsumerProject;
  beforeAll(async () => {
    project = await sharedConsumer();
  }, INSTALL_TIMEOUT_MS);

  describe.each(CASES)('$entry', (c) => {
    it.each(['cjs', 'esm'] as ModuleKind[])('works through %s', async (kind) => {
      const file = `check.${kind === 'cjs' ? 'cjs' : 'mjs'}`;
      const {result} = await project.runNode(file, script(kind, c.modules, c.body), c.files);
      c.check(result, kind);
    });
  });

  it.each([['tfjs-smelu', 'swap'], ['tfjs-smelu-repro', 'demo']])(
      'the %s executable runs from the install (--version, and %s --help)', (bin, command) => {
        // npm links node_modules/.bin/<name> to the bin file: it needs its shebang and executable bit.
        const exe = path.join(project.dir, 'node_modules', '.bin', bin);
        const version =
            spawnSync(exe, ['--version'], {cwd: project.dir, encoding: 'utf8', env: cleanEnv(), timeout: 60_000});
        expect(version.stderr).toBe('');
        expect(version.stdout).toBe(`${project.installedPackageJson(bin).version}\n`);
        const help =
            spawnSync(exe, [command, '--help'], {cwd: project.dir, encoding: 'utf8', env: cleanEnv(), timeout: 60_000});
        expect(help.status).toBe(0);
        expect(help.stdout).toMatch(new RegExp(`${bin} ${command}`));
      });

  it('installed the packed tarballs (not links to the checkout)', () => {
    for (const name of ['tfjs-smelu', 'tfjs-smelu-repro']) {
      const pkg = project.installedPackageJson(name);
      expect(pkg.name).toBe(name);
      expect(fs.lstatSync(path.join(project.dir, 'node_modules', name)).isSymbolicLink()).toBe(false);
    }
    // The toolkit uses the one installed plugin (its dependency is satisfied by the top-level tarball).
    expect(fs.existsSync(path.join(project.dir, 'node_modules', 'tfjs-smelu-repro', 'node_modules', 'tfjs-smelu')))
        .toBe(false);
  });
});
