/**
 * The `tensorflow` backend (@tensorflow/tfjs-node's native TensorFlow), with
 * a row for each path of tfjs-smelu's `tensorflow` kernels: the fused native
 * ops (native/, built by scripts/build-native-ops.js) and the composite of
 * stock TensorFlow ops they fall back to, for SmeLU and g-SmeLU. The plain
 * `smelu` row is whatever path is active (the native ops when they load; the
 * report's machine line says which).
 */
import * as tf from '@tensorflow/tfjs-core';

import {generalizedSmelu, generalizedSmeluComposite, smelu} from '../../src';
import {
  nativeTensorflowOps,
  nativeTensorflowOpsStatus,
  setNativeTensorflowOpsEnabled
} from '../../src/kernels/tensorflow/native_library';
import type {GeneralizedSmeLUParams} from '../../src/ops/generalized_smelu_params';
import type {BenchActivation} from '../suite';
import type {BackendModule} from './backend_module';
import {runInNode} from './node_common';

/** Runs `run` with the native ops on or off (the row's path), then turns them back on. */
function onPath(native: boolean) {
  return <T>(run: () => T): T => {
    if (native && nativeTensorflowOps() == null) {
      throw new Error(`the native ops are not loaded: ${nativeTensorflowOpsStatus().reason}`);
    }
    setNativeTensorflowOpsEnabled(native);
    try {
      return run();
    } finally {
      setNativeTensorflowOpsEnabled(true);
    }
  };
}

/**
 * g-SmeLU with an asymmetric transition and a negative left slope. The
 * parameters are tensors made once, as a layer's weights are (the fused
 * ops' tensor inputs; numbers would be op attrs, the common rows' 'g-smelu
 * (numbers)').
 */
function gSmeluParams(beta: number): GeneralizedSmeLUParams {
  return {
    alpha: tf.scalar(0.5 * beta),
    beta: tf.scalar(beta),
    gNeg: tf.scalar(-0.1),
    gPos: tf.scalar(1),
    shift: tf.scalar(0)
  };
}

function tensorflowRows(beta: number): BenchActivation[] {
  const params = gSmeluParams(beta);
  return [
    {name: 'smelu (native op)', f: (x) => smelu(x, beta), around: onPath(true)},
    {name: 'smelu (TF op chain)', f: (x) => smelu(x, beta), around: onPath(false)},
    {name: 'gSmelu (native op)', f: (x) => generalizedSmelu(x, params), around: onPath(true)},
    {name: 'gSmelu (TF op chain)', f: (x) => generalizedSmelu(x, params), around: onPath(false)},
    // The op's own composite of ~15 tfjs ops (the path before the tensorflow g-SmeLU kernels).
    {name: 'gSmelu (composite op)', f: (x) => generalizedSmeluComposite(x, params)},
  ];
}

/** Which path the plain `smelu` row takes, and how the native ops split work. */
function nativeOpsInfo(): Record<string, string|number> {
  const status = nativeTensorflowOpsStatus();
  const ops = nativeTensorflowOps();
  if (ops == null) return {'tfjs-smelu native ops': `not used (${status.reason})`};
  const {threads, minElementsPerPart} = ops.getParallelism();
  return {
    'tfjs-smelu native ops': `loaded (TensorFlow ${ops.tfVersion})`,
    'native ops split': `≤ ${threads} threads, ≥ ${minElementsPerPart} elements per part`,
    'TensorFlow version': (tf.backend() as unknown as {binding: {TF_Version: string}}).binding.TF_Version,
  };
}

export const tensorflowBench: BackendModule = {
  name: 'tensorflow',
  run: (options, log) => runInNode(
      {
        backend: 'tensorflow',
        load: async () => {
          process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
          try {
            await import('@tensorflow/tfjs-node');
          } catch (e) {
            throw new Error(
                `@tensorflow/tfjs-node does not load (${(e as Error).message.split('\n')[0]}); ` +
                'run `node scripts/setup-tfjs-node.js` to build its native addon');
          }
        },
        extraInfo: nativeOpsInfo,
        extraActivations: tensorflowRows,
      },
      options, log),
};
