/**
 * @jest-environment ./test/support/shared_typed_arrays_environment.js
 */
/**
 * g-SmeLU on tfjs-node's backend `tensorflow` through tfjs-smelu's native ops
 * (one fused TensorFlow op per kernel call): the tensorflow kernel suite, the
 * shared backend suite (training a per-channel β), the thread split of the
 * element-wise and reduction ops, and TensorFlow's shape inference. Never
 * skipped: fails with the loader's reason when the library is not built.
 * @fullRun tfjs-node
 */
import * as tf from '@tensorflow/tfjs-core';

import {generalizedSmelu, GENERALIZED_SMELU_PARAM_NAMES} from 'tfjs-smelu';
import {describeGeneralizedSmeLUOnBackend} from '../../support/generalized_smelu_backend_suite';
import {describeGeneralizedSmeLUTensorflowKernels} from './generalized_smelu_tensorflow_suite';
import {requireNativeOps, useTensorflow} from './tensorflow_env';

describeGeneralizedSmeLUTensorflowKernels('native');

// Saving works here: the environment above shares Node's typed arrays with the test realm.
describeGeneralizedSmeLUOnBackend(
    'tensorflow', () => useTensorflow('native'), {fusedKernels: true, label: 'native ops'});

describe('g-SmeLU native ops: threads and shape inference', () => {
  beforeAll(() => useTensorflow('native'));

  it('splits large calls over threads: element-wise results identical, parameter sums within float64 rounding',
     async () => {
       const ops = requireNativeOps();
       const saved = ops.getParallelism();
       const run = async () => tf.tidy(() => {
         // [outer, channels, inner] with per-channel β along axis 1, and channels-last with per-channel g₊.
         const x1 = tf.randomNormal([50, 8, 500], 0, 3, 'float32', 3);
         const x2 = tf.randomNormal([25_000, 8], 0, 3, 'float32', 4);
         const ch = (seed: number, lo: number, hi: number) => tf.randomUniform([8], lo, hi, 'float32', seed);
         const f1 = (x: tf.Tensor, b: tf.Tensor, a: tf.Tensor) =>
             generalizedSmelu(x, {alpha: a, beta: b, gNeg: -0.2, axis: 1});
         const f2 = (x: tf.Tensor, g: tf.Tensor, t: tf.Tensor) => generalizedSmelu(x, {gPos: g, shift: t});
         const [b, a, g, t] = [ch(5, 0.2, 3), tf.scalar(1.1), ch(6, 0.5, 2), tf.scalar(0.3)];
         return [f1(x1, b, a), ...tf.grads(f1)([x1, b, a]), f2(x2, g, t), ...tf.grads(f2)([x2, g, t])];
       });
       try {
         ops.setParallelism(1, 1 << 30);
         const one = await run();
         ops.setParallelism(3, 1000);
         const three = await run();
         const values = async (ts: tf.Tensor[]) => Promise.all(ts.map(async (t) => Array.from(await t.data())));
         const [a, b] = [await values(one), await values(three)];
         for (const k of [0, 1, 4, 5]) expect(b[k]).toEqual(a[k]);  // y and dx: element-wise
         for (const k of [2, 3, 6, 7]) {                            // parameter gradients: sums split into parts
           a[k].forEach((v, i) => expect(Math.abs(b[k][i] - v)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(v))));
         }
         tf.dispose([...one, ...three]);
       } finally {
         ops.setParallelism(saved.threads, saved.minElementsPerPart);
       }
     });

  it('gives TensorFlow\'s shape inference x\'s shape for y and dx, each parameter\'s for its gradient', () => {
    const ops = requireNativeOps();
    // Every parameter a tensor (the `params` list input), and none (all attr values).
    for (const params of [[[], [3], [], [3], []], []]) {
      expect(ops.inferShapes('TfjsGeneralizedSmeLU', [[5, -1, 3], ...params], {axis: 2})).toEqual([5, -1, 3]);
      expect(ops.inferShapes('TfjsGeneralizedSmeLUGradX', [[5, 3], [5, 3], ...params], {axis: 1})).toEqual([5, 3]);
      expect(ops.inferShapes('TfjsGeneralizedSmeLU', [null, ...params], {axis: 0})).toBeNull();
    }
    // A parameter gradient takes that parameter's tensor as `target` (input 2), and has its shape.
    const gradOp = {alpha: 'Alpha', beta: 'Beta', gNeg: 'GNeg', gPos: 'GPos', shift: 'Shift'};
    const params = [[], [3], [], [3], []];
    GENERALIZED_SMELU_PARAM_NAMES.forEach((name, k) => {
      expect(ops.inferShapes(`TfjsGeneralizedSmeLUGrad${gradOp[name]}`, [[5, 3], [5, 3], params[k], ...params], {
        axis: 1
      })).toEqual(params[k]);
    });
  });
});
