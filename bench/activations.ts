/**
 * The activations the benchmark compares, each as `x → y` built from what a
 * tfjs user has at hand: tfjs-core ops, tfjs-layers activations (GELU,
 * Swish: the same code `activation: 'gelu'` runs) and this package's `smelu`
 * and `generalizedSmelu` (fused kernels where the backend has them, and the
 * composite of stock ops for comparison).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers the layers activations used below

import {
  generalizedSmelu,
  generalizedSmeluComposite,
  GENERALIZED_SMELU_PARAM_NAMES,
  GeneralizedSmeLUParamName,
  smelu
} from '../src';

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

/**
 * g-SmeLU's parameters as a layer holds them: tensors made once (dispose
 * them after), one value each or one per channel.
 */
export type GeneralizedSmeLUBenchParams = Record<GeneralizedSmeLUParamName, tf.Tensor>;

/**
 * An asymmetric g-SmeLU of width 2β around 0 with both slopes non-zero
 * (every term computed), as numbers: what a user writes in an op call, and
 * what the kernels take as attrs (nothing made per call).
 */
export function generalizedSmeluBenchValues(beta: number): Record<GeneralizedSmeLUParamName, number> {
  return {alpha: 0.75 * beta, beta: 1.25 * beta, gNeg: 0.1, gPos: 1.2, shift: 0.05};
}

/**
 * The same g-SmeLU with tensor parameters: scalars, or with `channels` > 1
 * one value per channel, each channel's a little different (the same values
 * ±5%).
 */
export function makeGeneralizedSmeLUBenchParams(beta: number, channels = 1): GeneralizedSmeLUBenchParams {
  const values = generalizedSmeluBenchValues(beta);
  const make = (v: number) => channels === 1 ?
      tf.scalar(v) :
      tf.tensor1d(Array.from({length: channels}, (_, c) => v * (0.95 + 0.1 * c / channels)));
  return {
    alpha: make(values.alpha),
    beta: make(values.beta),
    gNeg: make(values.gNeg),
    gPos: make(values.gPos),
    shift: make(values.shift),
  };
}

/**
 * Channels of the benchmark's inputs of `size` elements, shape
 * [size / channels, channels]: the largest divisor of size up to 128 (a
 * dense layer's units). Element-wise ops do not care; the per-channel
 * g-SmeLU row has one parameter value per channel.
 */
export function benchChannels(size: number): number {
  let channels = Math.min(128, size);
  while (size % channels !== 0) --channels;
  return channels;
}

/** Forward + backward of g-SmeLU as in training: dx and the gradients of all five parameters (reduced). */
export type ParamGradientCase = (x: tf.Tensor, dy: tf.Tensor) => tf.Tensor[];

/** The backward-only cases that also differentiate the parameters (fused kernels, and the composite). */
export function benchParamGradients(g: GeneralizedSmeLUBenchParams): Array<[string, ParamGradientCase]> {
  const params = GENERALIZED_SMELU_PARAM_NAMES.map((k) => g[k]);
  const withOp = (op: typeof generalizedSmelu): ParamGradientCase => (x, dy) => tf.grads(
      (xx: tf.Tensor, alpha: tf.Tensor, beta: tf.Tensor, gNeg: tf.Tensor, gPos: tf.Tensor, shift: tf.Tensor) =>
          op(xx, {alpha, beta, gNeg, gPos, shift}))([x, ...params], dy);
  return [
    ['g-smelu dx + 5 dparams', withOp(generalizedSmelu)],
    ['g-smelu (composite) dx + 5 dparams', withOp(generalizedSmeluComposite)],
  ];
}

/**
 * Name → activation, in table order (`relu` is the ratios' reference).
 * `g`: scalar g-SmeLU parameters (tensors, as a layer holds them); `perChannel`:
 * one value per channel of the input's last axis. 'g-smelu (numbers)' passes
 * `g`'s values as numbers.
 */
export function benchActivations(beta: number, g: GeneralizedSmeLUBenchParams, perChannel: GeneralizedSmeLUBenchParams):
    Array<[string, Activation]> {
  const numbers = generalizedSmeluBenchValues(beta);
  return [
    ['relu', (x) => tf.relu(x)],
    ['smelu', (x) => smelu(x, beta)],
    ['smelu (composite)', (x) => compositeSmelu(x, beta)],
    ['g-smelu', (x) => generalizedSmelu(x, g)],
    ['g-smelu (numbers)', (x) => generalizedSmelu(x, numbers)],
    ['g-smelu (per-channel)', (x) => generalizedSmelu(x, perChannel)],
    ['g-smelu (composite)', (x) => generalizedSmeluComposite(x, g)],
    ['leakyRelu', (x) => tf.leakyRelu(x, 0.2)],
    ['elu', (x) => tf.elu(x)],
    ['gelu (layers)', layersActivation('gelu')],
    ['swish (layers)', layersActivation('swish')],
    ['softplus', (x) => tf.softplus(x)],
  ];
}
