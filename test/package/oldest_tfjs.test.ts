/**
 * The packed packages on the OLDEST TensorFlow.js their peer ranges accept:
 * the floors of the packed package.json's `^4.x.y` ranges for tfjs-core,
 * tfjs-layers and tfjs-backend-cpu are installed in a scratch project (with
 * plain `npm install`, so npm also checks that the ranges accept them), and
 * an op / gradient / layer / training / swap / save-load smoke runs there,
 * plus the toolkit's PD metric and a small experiment. Values are checked
 * against the float64 reference and hand-computed numbers.
 *
 * Backends other than cpu were checked by hand at their floors (README,
 * "Requirements"): webgl 4.0.0 and webgpu 4.6.0 in Chromium, wasm 4.1.0 and
 * tfjs-node 4.0.0 in Node.
 * @fullRun packed
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {smeluDerivRef, smeluRef} from '../support/reference';
import {INSTALL_TIMEOUT_MS, installProject, packPackages, runNodeScript, tarballPackageJson} from './consumer_project';

/** `^4.1.0` → `4.1.0`. */
function floorOf(range: string): string {
  const m = /^\^(\d+\.\d+\.\d+)$/.exec(range);
  if (m == null) throw new Error(`peer range ${range} is not a caret range`);
  return m[1];
}

const X = [-3, -1.5, -0.25, 0, 0.7, 2, 3.5];
const INPUT = [[1, -2, 0.5], [3, 0, -1], [-0.5, 0.25, 2]];
const KERNEL = [[0.5, -1], [1.5, 0.25], [-2, 1]];
const BIAS = [0.2, -0.1];

const SMOKE = `
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const tfl = require('@tensorflow/tfjs-layers');
const s = require('tfjs-smelu');
const {fileSystemHandler} = require('tfjs-smelu/node');
const r = require('tfjs-smelu-repro');
const rn = require('tfjs-smelu-repro/node');
const fs = require('fs');

function denseRelu() {
  const model = tfl.sequential({layers: [tfl.layers.dense({units: 2, inputShape: [3], activation: 'relu'})]});
  const w = [tf.tensor2d(${JSON.stringify(KERNEL)}), tf.tensor1d(${JSON.stringify(BIAS)})];
  model.layers[0].setWeights(w);
  tf.dispose(w);
  return model;
}
const predict = (model) => tf.tidy(() => Array.from(model.predict(tf.tensor2d(${JSON.stringify(INPUT)})).dataSync()));

async function main() {
  await tf.setBackend('cpu');
  const before = tf.memory().numTensors;
  const x = tf.tensor1d(${JSON.stringify(X)});
  const y = s.smelu(x, 2);
  const g = tf.grad((t) => s.smelu(t, 2))(x);
  const op = {y: Array.from(y.dataSync()), g: Array.from(g.dataSync())};
  tf.dispose([x, y, g]);

  // Layer + 'smelu' activation, one training step, swap, save/load.
  const model = tfl.sequential({layers: [
    tfl.layers.dense({units: 4, inputShape: [3], activation: 'smelu', kernelInitializer: 'ones'}),
    s.layers.smelu({beta: 0.5}),
    s.layers.gSmelu({trainableParams: ['beta']}),
    tfl.layers.dense({units: 1, kernelInitializer: 'ones'}),
  ]});
  model.compile({optimizer: 'sgd', loss: 'meanSquaredError'});
  const [xs, ys] = [tf.tensor2d(${JSON.stringify(INPUT)}), tf.tensor2d([[1], [0], [2]])];
  const history = await model.fit(xs, ys, {epochs: 2, verbose: 0});
  tf.dispose([xs, ys]);
  const loss = history.history.loss;

  const relu = denseRelu();
  const swap = await s.swapActivations(relu, {beta: 1});
  const swapped = predict(swap.model);

  await swap.model.save(fileSystemHandler('saved'));
  const loaded = await tfl.loadLayersModel(fileSystemHandler('saved'));
  const reloaded = predict(loaded);
  const classes = loaded.layers.map((l) => l.getClassName());
  for (const m of [model, relu, swap.model, loaded]) m.dispose();

  // The toolkit: a PD metric and a two-variant experiment on a tiny data set.
  const [p1, p2] = [tf.tensor1d([0.2, 0.5, 0.9]), tf.tensor1d([0.6, 0.5, 0.7])];
  const pd = r.relativePD(p1, p2);
  const relativePD = pd.dataSync()[0];
  tf.dispose([p1, p2, pd]);
  const rows = Array.from({length: 40}, (_, i) => [...Array.from({length: 64}, (_, j) => (i * 7 + j * 3) % 17), i % 10].join(','));
  fs.writeFileSync('digits.csv', rows.join('\\n') + '\\n');
  const workload = r.digitsWorkload(rn.loadDigits({path: 'digits.csv'}), {hidden: [8]});
  const experiment = await r.runExperiment(workload, {
    variants: [{activation: 'relu'}, {activation: 'smelu', beta: 1}], replicas: 2, epochs: 1, batchSize: 10,
    learningRate: 0.01, seed: 3, regime: {init: 'different', order: 'different'}, shuffle: 'example', norm: 'none', topK: 1});
  workload.dispose();

  return {versions: {core: tf.version_core, layers: tfl.version_layers}, op, loss, replaced: swap.replaced.length, swapped,
    reloaded, classes, relativePD, experimentPD: experiment.variants.map((v) => v.relativePD.mean),
    leaked: tf.memory().numTensors - before};
}
main().then((result) => console.log('RESULT ' + JSON.stringify(result)), (e) => { console.error(e.stack); process.exitCode = 1; });
`;

describe('packed packages on the oldest TensorFlow.js of their peer ranges', () => {
  let dir: string;
  let floors: Record<string, string>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-oldest-'));
    const tarballs = await packPackages(path.join(dir, 'tarballs'));
    const peers = (await tarballPackageJson(tarballs.plugin)).peerDependencies as Record<string, string>;
    floors = {};
    for (const name of ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu'])
      floors[name] = floorOf(peers[name]);
    console.log(`oldest peers installed: ${JSON.stringify(floors)}`);
    await installProject(path.join(dir, 'project'), {
      'tfjs-smelu': `file:${tarballs.plugin}`,
      'tfjs-smelu-repro': `file:${tarballs.repro}`,
      ...floors,
    });
  }, INSTALL_TIMEOUT_MS);
  afterAll(() => {
    if (dir != null) fs.rmSync(dir, {recursive: true, force: true});
  });

  it('runs the op, gradient, layers, training, swap, save/load and the toolkit', async () => {
    const cases = path.join(dir, 'project', 'case');
    fs.mkdirSync(cases);
    fs.writeFileSync(path.join(cases, 'smoke.cjs'), SMOKE);
    const {result} = await runNodeScript(path.join(cases, 'smoke.cjs'), cases);

    expect(result.versions).toEqual({core: floors['@tensorflow/tfjs-core'], layers: floors['@tensorflow/tfjs-layers']});
    const close = (a: number[], e: number[], tol = 1e-6) => {
      expect(a).toHaveLength(e.length);
      a.forEach((v, i) => expect(Math.abs(v - e[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e[i]))));
    };
    close(result.op.y, X.map((v) => smeluRef(v, 2)));
    close(result.op.g, X.map((v) => smeluDerivRef(v, 2)));
    expect(result.loss).toHaveLength(2);
    for (const l of result.loss) expect(Number.isFinite(l)).toBe(true);
    // Swap: Dense(relu) → Dense(linear) + SmeLU(β = 1), same weights.
    expect(result.replaced).toBe(1);
    const expected =
        INPUT.flatMap((row) => BIAS.map((b, j) => smeluRef(row.reduce((sum, v, i) => sum + v * KERNEL[i][j], b), 1)));
    close(result.swapped, expected);
    expect(result.reloaded).toEqual(result.swapped);
    expect(result.classes).toEqual(['Dense', 'SmeLU']);
    // (0.4/0.4 + 0/0.5 + 0.2/0.8) / 3
    close([result.relativePD], [(1 + 0 + 0.25) / 3]);
    expect(result.experimentPD).toHaveLength(2);
    for (const pd of result.experimentPD) expect(pd >= 0 && pd <= 2).toBe(true);
    expect(result.leaked).toBe(0);
  }, 300_000);
});
