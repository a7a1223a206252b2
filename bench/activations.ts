/**
 * The activations the benchmark compares, each as `x → y` built from what a
 * tfjs user has at hand: tfjs-core ops, tfjs-layers activations (GELU,
 * Swish: the same code `activation: 'gelu'` runs) and this package's `smelu`.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';  // registers the layers activations used below

import {smelu} from '../src';

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

/** Name → activation, in table order (`relu` is the ratios' reference). */
export function benchActivations(beta: number): Array<[string, Activation]> {
  return [
    ['relu', (x) => tf.relu(x)],
    ['smelu', (x) => smelu(x, beta)],
    ['smelu (composite)', (x) => compositeSmelu(x, beta)],
    ['leakyRelu', (x) => tf.leakyRelu(x, 0.2)],
    ['elu', (x) => tf.elu(x)],
    ['gelu (layers)', layersActivation('gelu')],
    ['swish (layers)', layersActivation('swish')],
    ['softplus', (x) => tf.softplus(x)],
  ];
}
