/**
 * Swapping with tfjs-node installed: models saved and loaded through tfjs-node's
 * own `file://` scheme on its native `tensorflow` backend, with `tfjs-smelu
 * swap` (our plain-Node handler) in between. Never skipped: pretest's
 * scripts/setup-test-env.js provides the native addon.
 * @fullRun tfjs-node
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as path from 'path';

import {layers, swapActivations} from 'tfjs-smelu';
import {run} from '../../src/cli/swap';
import {disableEngineKernelLeakCheck} from '../support/cpu_agreement';
import {
  copyWeightsByName,
  disposeFully,
  expectIdenticalWeights,
  listTree,
  makeTempDir,
  predictArrays,
  seededBias,
  seededKernel,
  spreadInput,
} from '../support/swap_helpers';

process.env.TF_CPP_MIN_LOG_LEVEL = process.env.TF_CPP_MIN_LOG_LEVEL ?? '2';

function loadTfjsNode(): void {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
  } catch (e) {
    throw new Error(
        `@tensorflow/tfjs-node does not load (${(e as Error).message.split('\n')[0]}); ` +
        'run `node scripts/setup-tfjs-node.js` (npm test does it in pretest).');
  }
}

function reluModel(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({
        name: 'h',
        units: 6,
        inputShape: [4],
        activation: 'relu',
        kernelInitializer: seededKernel(1),
        biasInitializer: seededBias(2)
      }),
      tfl.layers.reLU({name: 'r'}),
      tfl.layers.dense({name: 'o', units: 2, kernelInitializer: seededKernel(3), biasInitializer: seededBias(4)}),
    ]
  });
}

function smeluTwin(beta: number): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({name: 'h', units: 6, inputShape: [4]}),
      layers.smelu({beta}),
      layers.smelu({name: 'r', beta}),
      tfl.layers.dense({name: 'o', units: 2}),
    ]
  });
}

describe('swap with tfjs-node (backend tensorflow, file:// scheme)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeAll(async () => {
    loadTfjsNode();
    await disableEngineKernelLeakCheck();
    expect(await tf.setBackend('tensorflow')).toBe(true);
  });
  beforeEach(() => {
    temp = makeTempDir('tfjs-node');
  });
  afterEach(() => temp.cleanup());

  it('CLI: file:// saved model in, file:// loadable model out, equal to the hand-built SmeLU model', async () => {
    const model = reluModel();
    await model.save(`file://${temp.dir}/in`);
    const log = jest.spyOn(console, 'log').mockImplementation(() => {});
    let code: number;
    try {
      code = await run([`${temp.dir}/in/model.json`, `${temp.dir}/out`, '--beta', '0.5']);
    } finally {
      log.mockRestore();
    }
    expect(code).toBe(0);
    expect(listTree(path.join(temp.dir, 'out'))).toEqual(['model.json', 'weights.bin']);
    const loaded = await tfl.loadLayersModel(`file://${temp.dir}/out/model.json`);
    expectIdenticalWeights(model, loaded);
    const twin = smeluTwin(0.5);
    copyWeightsByName(model, twin);
    const x = spreadInput([8, 4], 1);
    expect(predictArrays(loaded, x)).toEqual(predictArrays(twin, x));
    x.dispose();
    for (const m of [model, loaded, twin]) disposeFully(m);
  });

  it('swapActivations on a model loaded with file://, saved back with file://', async () => {
    const model = reluModel();
    await model.save(`file://${temp.dir}/in`);
    const loaded = await tfl.loadLayersModel(`file://${temp.dir}/in/model.json`);
    const {model: swapped, replaced} = await swapActivations(loaded);
    expect(replaced.map((r) => r.layerName)).toEqual(['h', 'r']);
    await swapped.save(`file://${temp.dir}/out`);
    const reloaded = await tfl.loadLayersModel(`file://${temp.dir}/out/model.json`);
    expectIdenticalWeights(model, reloaded);
    const twin = smeluTwin(2);
    copyWeightsByName(model, twin);
    const x = spreadInput([8, 4], 2);
    expect(predictArrays(reloaded, x)).toEqual(predictArrays(twin, x));
    x.dispose();
    for (const m of [model, loaded, swapped, reloaded, twin]) disposeFully(m);
  });
});
