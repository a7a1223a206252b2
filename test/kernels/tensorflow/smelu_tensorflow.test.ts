/**
 * SmeLU on tfjs-node's backend `tensorflow` with tfjs-smelu's native ops
 * switched off: the composite of stock TensorFlow ops (src/kernels/tensorflow/
 * SmeLU.ts, SmeLUGrad.ts), through the shared conformance suite and
 * element-wise agreement with the cpu kernel. Never skipped: when tfjs-node
 * cannot load, the suite runs scripts/setup-tfjs-node.js (idempotent) and
 * fails with its message if that does not fix it.
 * @fullRun tfjs-node
 */
import * as tf from '@tensorflow/tfjs-core';

import {smelu, smeluGrad} from 'tfjs-smelu';
import {nativeTensorflowOps} from '../../../src/kernels/tensorflow/native_library';
import {describeSmeLUConformance} from '../../support/conformance';
import {describeCpuAgreement} from '../../support/cpu_agreement';
import {nativeCallCounts, useTensorflow} from './tensorflow_env';

const useComposite = () => useTensorflow('composite');

describeSmeLUConformance('tensorflow', {
  setup: useComposite,
  // Four float32 TensorFlow ops (clip, squared difference, multiply, max): a few ulps.
  forwardTolerance: {relative: 1e-6},
  gradientTolerance: 1e-6,
});

describe('tensorflow backend, composite SmeLU kernels', () => {
  beforeAll(useComposite);
  it('is the active backend, running TensorFlow\'s C library', () => {
    expect(tf.getBackend()).toBe('tensorflow');
    const binding = (tf.backend() as unknown as {binding: {TF_Version: string}}).binding;
    expect(binding.TF_Version).toMatch(/^2\.\d+/);
  });
  it('runs no native op while the native ops are switched off', async () => {
    expect(nativeTensorflowOps()).toBeNull();
    const before = nativeCallCounts();
    const x = tf.tensor1d([-3, -1, 0, 1, 3]);
    const y = smelu(x, 2), g = smeluGrad(tf.onesLike(x), x, 2);
    expect(Array.from(await y.data())).toEqual([0, 0.125, 0.5, 1.125, 3]);
    expect(Array.from(await g.data())).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // Null when the library is not built: then no native op can have run either.
    expect(nativeCallCounts()).toEqual(before);
    tf.dispose([x, y, g]);
  });
  describeCpuAgreement('tensorflow');
});
