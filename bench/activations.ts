/**
 * The activations the benchmark compares, each as `x → y` built from what a
 * tfjs user has at hand: tfjs-core ops, tfjs-layers activations (GELU,
 * Swish: the same code `activation: 'gelu'` runs) and this package's `smelu`
 * and `generalizedSmelu` (fused kernels where the backend has them, and the
 * composite of stock ops for comparison).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';  // registers the layers activations used below

import {generalizedSmelu, generalizedSmeluComposite, GENERALIZED_SMELU_PARAM_NAMES, GeneralizedSmeLUParamName, smelu} from '../src';

export type Activation = (x: tf.Tensor) => tf.Tensor;

/** A tfjs-layers activation by its registered class name ('gelu', 'swish', ...). */
function layersActivation(className: string): Activation {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (entry == null) throw new Error(`tfjs-layers activation '${className}' is not registered`);
  const [ctor] = entry as unknown as [new () => {apply(x: tf.Tensor): tf.Tensor}];
  const activation = new ctor();
  return (x) => activation.apply(x);
}

/**
 * SmeLU written by hand from stock ops, via the identity
 * f(x) = (clip(x, −β, β) + β)² / (4β) + relu(x − β): 6 kernels, each a full
 * pass over the data, and tfjs's gradients for each of them.
 */
export function compositeSmelu(x: tf.Tensor, beta: number): tf.Tensor {
  return tf.tidy(() => {
    const shifted = tf.add(tf.clipByValue(x, -beta, beta), beta);
    return tf.add(tf.mul(tf.square(shifted), 0.25 / beta), tf.relu(tf.sub(x, beta)));
  });
}

/** g-SmeLU's parameters as a layer holds them: scalar tensors, made once per run (dispose them after). */
export type GeneralizedSmeLUBenchParams = Record<GeneralizedSmeLUParamName, tf.Scalar>;

/** An asymmetric g-SmeLU of width 2β around 0 with both slopes non-zero (every term computed). */
export function makeGeneralizedSmeLUBenchParams(beta: number): GeneralizedSmeLUBenchParams {
  return {
    alpha: tf.scalar(0.75 * beta), beta: tf.scalar(1.25 * beta), gNeg: tf.scalar(0.1), gPos: tf.scalar(1.2),
    shift: tf.scalar(0.05),
  };
}

/** Forward + backward of g-SmeLU as in training: dx and the gradients of all five parameters (reduced). */
export type ParamGradientCase = (x: tf.Tensor, dy: tf.Tensor) => tf.Tensor[];

/** The backward-only cases that also differentiate the parameters (fused kernels, and the composite). */
export function benchParamGradients(g: GeneralizedSmeLUBenchParams): Array<[string, ParamGradientCase]> {
  const params = GENERALIZED_SMELU_PARAM_NAMES.map((k) => g[k]);
  const withOp = (op: typeof generalizedSmelu): ParamGradientCase => (x, dy) =>
      tf.grads((xx: tf.Tensor, alpha: tf.Tensor, beta: tf.Tensor, gNeg: tf.Tensor, gPos: tf.Tensor, shift: tf.Tensor) =>
          op(xx, {alpha, beta, gNeg, gPos, shift}))([x, ...params], dy);
  return [
    ['g-smelu dx + 5 dparams', withOp(generalizedSmelu)],
    ['g-smelu (composite) dx + 5 dparams', withOp(generalizedSmeluComposite)],
  ];
}

/** Name → activation, in table order (`relu` is the ratios' reference). */
export function benchActivations(beta: number, g: GeneralizedSmeLUBenchParams): Array<[string, Activation]> {
  return [
    ['relu', (x) => tf.relu(x)],
    ['smelu', (x) => smelu(x, beta)],
    ['smelu (composite)', (x) => compositeSmelu(x, beta)],
    ['g-smelu', (x) => generalizedSmelu(x, g)],
    ['g-smelu (composite)', (x) => generalizedSmeluComposite(x, g)],
    ['leakyRelu', (x) => tf.leakyRelu(x, 0.2)],
    ['elu', (x) => tf.elu(x)],
    ['gelu (layers)', layersActivation('gelu')],
    ['swish (layers)', layersActivation('swish')],
    ['softplus', (x) => tf.softplus(x)],
  ];
}
