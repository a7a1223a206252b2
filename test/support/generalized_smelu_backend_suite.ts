/**
 * g-SmeLU on a backend, through its fused kernels or (without them) the op's
 * documented composite path: forward against the float64 reference, gradients
 * (x, scalar and per-channel parameters) against central differences, and a
 * learnable per-channel β layer trained and reloaded. Used by the wasm and
 * tensorflow suites.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import {generalizedSmelu, GeneralizedSmeLUParamName, GENERALIZED_SMELU_PARAM_NAMES, hasGeneralizedSmeluKernels, layers, smelu} from 'tfjs-smelu';
import {checkAgainstReference, f32Params, inputsFor, lcg, PARAM_SETS, referenceParamGrad, sampleInputs} from './generalized_smelu_cases';
import {centralDifference, generalizedSmeluRef} from './reference';
import {saveAndLoadInMemory} from './model_round_trip';

/** Optional settings of {@link describeGeneralizedSmeLUOnBackend}. */
export interface GeneralizedSmeLUBackendSuiteOptions {
  /** The backend registers both fused g-SmeLU kernels (default false: the composite path). */
  fusedKernels?: boolean;
  /** Names the path in the suite's title (default: 'fused kernels' / 'composite path'). */
  label?: string;
}

/**
 * `saveLoadUnsupported`: why the save/load step cannot run on this backend
 * under jest (printed, and the training part still runs).
 */
export function describeGeneralizedSmeLUOnBackend(
    backendName: string, setup: () => Promise<void>, saveLoadUnsupported?: string,
    options: GeneralizedSmeLUBackendSuiteOptions = {}): void {
const fused = options.fusedKernels ?? false;
describe(`generalizedSmelu on ${backendName} (${options.label ?? (fused ? 'fused kernels' : 'composite path')})`, () => {
  beforeAll(setup);

  let tensorsBefore = 0;
  beforeEach(() => {
    tensorsBefore = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it(fused ? `runs the fused kernels: ${backendName} registers both` :
              `runs the composite: ${backendName} has no fused g-SmeLU kernels`, () => {
    expect(tf.getBackend()).toBe(backendName);
    expect(hasGeneralizedSmeluKernels(backendName)).toBe(fused);
  });

  it('matches the float64 reference for every parameter set, and smelu in the special case', async () => {
    for (const p of PARAM_SETS) {
      const xs = inputsFor(p);
      const x = tf.tensor1d(xs);
      const y = generalizedSmelu(x, p);
      checkAgainstReference(await y.data(), xs, p, 2e-6);
      tf.dispose([x, y]);
    }
    const x = tf.linspace(-4, 4, 161);
    const a = generalizedSmelu(x, {alpha: 1.5, beta: 1.5}), b = smelu(x, 1.5);
    const av = await a.data(), bv = await b.data();
    for (let i = 0; i < av.length; ++i) expect(Math.abs(av[i] - bv[i])).toBeLessThanOrEqual(2 ** -21 * Math.max(1, Math.abs(bv[i])));
    const special = tf.tensor1d([-Infinity, Infinity, NaN]);
    const ys = generalizedSmelu(special, {gPos: 0});
    expect(Array.from(await ys.data())).toEqual([0, generalizedSmeluRef(Infinity, {...PARAM_SETS[0], gPos: 0}), NaN]);
    tf.dispose([x, a, b, special, ys]);
  });

  it('differentiates w.r.t. x and per-channel / scalar parameters like the reference', async () => {
    const rand = lcg(31);
    const channels = [PARAM_SETS[1], PARAM_SETS[2], PARAM_SETS[3]].map(f32Params);
    const channelOf = (i: number) => i % 3;
    const xs: number[] = [];
    for (let i = 0; i < 60; ++i) xs.push(sampleInputs(1, channels[channelOf(i)], rand)[0]);
    const dys = xs.map(() => Math.fround(rand() * 2 - 1));
    const perChannel: GeneralizedSmeLUParamName[] = ['beta', 'gNeg', 'shift'];
    const shared = {...channels[0], alpha: Math.fround(0.8), gPos: Math.fround(1.1)};
    const paramsOf = (i: number) => ({...channels[channelOf(i)], alpha: shared.alpha, gPos: shared.gPos});
    const grads = tf.tidy(() => {
      const f = (x: tf.Tensor, alpha: tf.Tensor, beta: tf.Tensor, gNeg: tf.Tensor, gPos: tf.Tensor, shift: tf.Tensor) =>
          generalizedSmelu(x, {alpha, beta, gNeg, gPos, shift});
      const params = GENERALIZED_SMELU_PARAM_NAMES.map(
          (k) => perChannel.includes(k) ? tf.tensor1d(channels.map((c) => c[k])) : tf.scalar(shared[k]));
      return tf.grads(f)([tf.tensor2d(xs, [20, 3]), ...params], tf.tensor2d(dys, [20, 3]));
    });
    const dx = await grads[0].data();
    xs.forEach((x, i) => {
      const fd = centralDifference((v) => generalizedSmeluRef(v, paramsOf(i)), x, 1e-6 * Math.max(1, Math.abs(x)));
      expect(Math.abs(dx[i] - dys[i] * fd)).toBeLessThan(1e-5);
    });
    for (const [k, name] of GENERALIZED_SMELU_PARAM_NAMES.entries()) {
      const isPerChannel = perChannel.includes(name);
      expect(grads[k + 1].shape).toEqual(isPerChannel ? [3] : []);
      const got = await grads[k + 1].data();
      const {sums, magnitude} = referenceParamGrad(
          name, xs, dys, paramsOf, isPerChannel ? channelOf : () => 0, isPerChannel ? 3 : 1);
      sums.forEach((s, ch) => expect(Math.abs(got[ch] - s)).toBeLessThanOrEqual(5e-5 * magnitude[ch] + 1e-6));
    }
    tf.dispose(grads);
  });

  it('trains a per-channel β in a gSmelu layer and reloads it with identical predictions', async () => {
    if (saveLoadUnsupported != null) console.log(`${backendName}: save/load step not run: ${saveLoadUnsupported}`);
    const trueBeta = [0.5, 3];
    const x = tf.randomUniform([128, 2], -4, 4, 'float32', 12);
    const xs = await x.data();
    const target = tf.tensor2d(Array.from(xs, (v, i) => generalizedSmeluRef(v, {...PARAM_SETS[0], beta: trueBeta[i % 2]})), [128, 2]);
    const model = tfl.sequential({
      layers: [tfl.layers.inputLayer({inputShape: [2]}), layers.gSmelu({perChannel: ['beta'], trainableParams: ['beta']})],
    });
    const optimizer = tf.train.adam(0.05);
    model.compile({optimizer, loss: 'meanSquaredError'});
    const history = await model.fit(x, target, {epochs: 40, batchSize: 128, verbose: 0});
    const losses = history.history.loss as number[];
    expect(losses[losses.length - 1]).toBeLessThan(0.05 * losses[0]);
    if (saveLoadUnsupported != null) {
      tf.dispose([x, target]);
      model.dispose();
      optimizer.dispose();
      return;
    }
    const loaded = await saveAndLoadInMemory(model);
    const p1 = model.predict(x) as tf.Tensor, p2 = loaded.predict(x) as tf.Tensor;
    expect(Array.from(await p2.data())).toEqual(Array.from(await p1.data()));
    tf.dispose([x, target, p1, p2]);
    model.dispose();
    loaded.dispose();
    optimizer.dispose();
  });
});
}
