/**
 * SmeLU on tfjs-node's backend `tensorflow` through tfjs-smelu's native ops
 * (native/src, one fused TensorFlow op per kernel call): the shared
 * conformance suite, element-wise agreement with the cpu kernel, proof that
 * the fused op is what ran, the thread split, and TensorFlow's shape inference
 * for the ops. Never skipped: fails with the loader's reason when the library
 * is not built (npm test's set-up builds it; scripts/build-native-ops.js).
 * @fullRun tfjs-node
 */
import * as tf from '@tensorflow/tfjs-core';

import {smelu, smeluGrad} from 'tfjs-smelu';
import {setNativeTensorflowOpsEnabled} from '../../../src/kernels/tensorflow/native_library';
import {describeSmeLUConformance} from '../../support/conformance';
import {bulkInputs, describeCpuAgreement} from '../../support/cpu_agreement';
import {maxRelativeError, smeluRef, ulpDistanceF32} from '../../support/reference';
import {nativeCallCounts, requireNativeOps, useTensorflow} from './tensorflow_env';

const useNative = () => useTensorflow('native');

describeSmeLUConformance('tensorflow', {
  setup: useNative,
  // One fused float32 pass: clip, add, square, scale, max (a couple of roundings).
  forwardTolerance: {ulp: 2},
  gradientTolerance: 1e-6,
});

describe('tensorflow backend, native SmeLU ops', () => {
  beforeAll(useNative);
  let tensorsBefore = 0;
  beforeEach(() => {
    tensorsBefore = tf.memory().numTensors;
  });
  afterEach(() => {
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('runs the fused ops: one TfjsSmeLU per forward, one TfjsSmeLUGrad per backward', async () => {
    const before = nativeCallCounts()!;
    const x = tf.tensor1d([-3, -1, 0, 1, 3]);
    const dx = tf.grad((t: tf.Tensor) => smelu(t, 2))(x);
    expect(Array.from(await dx.data())).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const after = nativeCallCounts()!;
    expect(after.TfjsSmeLU - before.TfjsSmeLU).toBe(1);
    expect(after.TfjsSmeLUGrad - before.TfjsSmeLUGrad).toBe(1);
    // tfjs sees one kernel per call, not a chain of stock ops.
    const profile = await tf.profile(() => smelu(x, 2));
    expect(profile.kernels.map((k) => k.name)).toEqual(['SmeLU']);
    tf.dispose([x, dx, profile.result as tf.Tensor]);
  });

  it('splits large calls over threads with results identical to one thread', async () => {
    const ops = requireNativeOps();
    const saved = ops.getParallelism();
    expect(saved.threads).toBeGreaterThanOrEqual(1);
    const xs = bulkInputs('threads', 1.5, 300_001);
    const x = tf.tensor1d(xs), dy = tf.tensor1d(bulkInputs('threads-dy', 1, 300_001));
    const run = async () => {
      const y = smelu(x, 1.5), g = smeluGrad(dy, x, 1.5);
      const out = [await y.data(), await g.data()];
      tf.dispose([y, g]);
      return out;
    };
    try {
      ops.setParallelism(1, 1 << 30);
      const [y1, g1] = await run();
      ops.setParallelism(4, 1000);  // 4 parts of 75,000 elements (ragged last part)
      const [y4, g4] = await run();
      expect(Array.from(y4)).toEqual(Array.from(y1));
      expect(Array.from(g4)).toEqual(Array.from(g1));
      let worst = 0;
      for (let i = 0; i < xs.length; ++i)
        worst = Math.max(worst, ulpDistanceF32(y4[i], Math.fround(smeluRef(xs[i], 1.5))));
      expect(worst).toBeLessThanOrEqual(3);
    } finally {
      ops.setParallelism(saved.threads, saved.minElementsPerPart);
      tf.dispose([x, dy]);
    }
  });

  it('computes what the composite op chain computes, element for element, on 200,000 inputs per β', async () => {
    // The fused op evaluates the chain's formulas (SmeLU.ts, SmeLUGrad.ts) with
    // the same float32 roundings in the same order.
    for (const beta of [1e-3, 0.1, 1, 1.5, 3.7, 100]) {
      const x = tf.tensor1d(bulkInputs(`chain-${beta}`, beta, 200_000));
      const dy = tf.tensor1d(bulkInputs(`chain-dy-${beta}`, 1, 200_000));
      const both = async () => {
        const y = smelu(x, beta), g = smeluGrad(dy, x, beta);
        const out = [Array.from(await y.data()), Array.from(await g.data())];
        tf.dispose([y, g]);
        return out;
      };
      const [yNative, gNative] = await both();
      setNativeTensorflowOpsEnabled(false);
      const [yChain, gChain] = await both().finally(() => setNativeTensorflowOpsEnabled(true));
      expect({beta, forward: yNative}).toEqual({beta, forward: yChain});
      expect({beta, gradient: gNative}).toEqual({beta, gradient: gChain});
      tf.dispose([x, dy]);
    }
  });

  it('gives TensorFlow\'s shape inference the input\'s shape', () => {
    const ops = requireNativeOps();
    expect(ops.inferShapes('TfjsSmeLU', [[2, -1, 3]])).toEqual([2, -1, 3]);
    expect(ops.inferShapes('TfjsSmeLU', [[]])).toEqual([]);
    expect(ops.inferShapes('TfjsSmeLU', [null])).toBeNull();
    expect(ops.inferShapes('TfjsSmeLUGrad', [[4, 5], [4, 5]])).toEqual([4, 5]);
    expect(() => ops.inferShapes('TfjsSmeLU', [[2], [2]])).toThrow();
  });

  it('β that float32 cannot hold (0.1, 3.7) stays accurate next to the kink at −β', async () => {
    for (const beta of [0.1, 3.7]) {
      const b = Math.fround(beta);
      const xs = [];
      for (let k = -40; k <= 40; ++k) xs.push(Math.fround(-b * (1 + k * 2 ** -22)));
      const x = tf.tensor1d(xs);
      const y = smelu(x, beta);
      const got = await y.data();
      tf.dispose([x, y]);
      expect(maxRelativeError(got, xs.map((v) => smeluRef(v, beta)), 1e-30)).toBeLessThanOrEqual(1e-6);
    }
  });

  describeCpuAgreement('tensorflow');
});
