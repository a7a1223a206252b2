/**
 * A workload: a data set already split and in tensors, plus how to build,
 * train and read out its model for a given activation. The experiment runner
 * only talks to this interface, so a new data set is one new file.
 */
import {Scalar, Tensor} from '@tensorflow/tfjs-core';
import {initializers, layers as tflLayers, LayersModel, SymbolicTensor} from '@tensorflow/tfjs-layers';

import {ActivationSpec} from './activations';
import {deriveSeed} from './trainer';

/** Normalization applied to each hidden layer's pre-activations. */
export type NormMode = 'none'|'layer'|'batch';

/**
 * The normalization modes, for argument checks.
 *
 * ```js
 * console.log(tfSmeluRepro.NORM_MODES);  // ['none', 'layer', 'batch']
 * ```
 */
export const NORM_MODES: readonly NormMode[] = ['none', 'layer', 'batch'];

/** What a workload needs to build one replica. */
export interface ModelOptions {
  activation: ActivationSpec;
  beta: number|undefined;
  initSeed: number;
  norm: NormMode;
}

/** A data set + model family for the reproducibility experiment. */
export interface Workload {
  /** Short name, e.g. `movielens`. */
  readonly name: string;
  /** One line: the task and the model. */
  readonly description: string;
  /** Where the data came from. */
  readonly source: string;
  /** `binary`: one probability per example; `multiclass`: a distribution. */
  readonly kind: 'binary'|'multiclass';
  readonly trainInputs: Tensor[];
  readonly trainLabels: Tensor;
  readonly evalInputs: Tensor[];
  /** Labels of the held-out examples (0/1 or class ids). */
  readonly evalLabels: Tensor;
  /** Recommender read-out: scores of `users × candidates` pairs, ranked per user. */
  readonly ranking?: {inputs: Tensor[], users: number, candidates: number};
  /** Suggested training settings for this data set. */
  readonly defaults: {epochs: number, batchSize: number, learningRate: number};
  /** Builds a fresh model whose output is logits. */
  buildModel(options: ModelOptions): LayersModel;
  /** Training/eval loss of logits against labels (mean log-loss). */
  loss(logits: Tensor, labels: Tensor): Scalar;
  /** Logits → probabilities ([n] for binary, [n, C] for multiclass). */
  probabilities(logits: Tensor): Tensor;
  /** Frees the tensors. */
  dispose(): void;
}

/**
 * Hidden layers shared by the workloads: for each width, a seeded linear
 * Dense, optional normalization, then the activation under test.
 *
 * ```js
 * const input = tf.input({shape: [4]});
 * const options = {activation: tfSmeluRepro.getActivation('smelu'), beta: 1, initSeed: 7, norm: 'layer'};
 * const hidden = tfSmeluRepro.hiddenTower(input, [8, 8], options);
 * const model = tf.model({inputs: input, outputs: tfSmeluRepro.outputLayer(hidden, 1, 7)});
 * model.predict(tf.ones([2, 4])).print();
 * ```
 */
export function hiddenTower(
    input: SymbolicTensor, widths: readonly number[], options: ModelOptions): SymbolicTensor {
  let h = input;
  widths.forEach((units, i) => {
    h = tflLayers.dense({
      units,
      kernelInitializer: initializers.glorotUniform({seed: deriveSeed(options.initSeed, 'dense', i)}),
      biasInitializer: 'zeros',
    }).apply(h) as SymbolicTensor;
    if (options.norm === 'layer') h = tflLayers.layerNormalization({axis: -1}).apply(h) as SymbolicTensor;
    if (options.norm === 'batch') h = tflLayers.batchNormalization({axis: -1}).apply(h) as SymbolicTensor;
    h = options.activation.createLayer(options.beta, deriveSeed(options.initSeed, 'activation', i)).apply(h) as SymbolicTensor;
  });
  return h;
}

/**
 * A seeded linear output layer.
 *
 * ```js
 * const input = tf.input({shape: [3]});
 * const model = tf.model({inputs: input, outputs: tfSmeluRepro.outputLayer(input, 2, 7)});
 * console.log(model.outputs[0].shape);  // [null, 2]
 * ```
 */
export function outputLayer(input: SymbolicTensor, units: number, initSeed: number): SymbolicTensor {
  return tflLayers.dense({
    units,
    kernelInitializer: initializers.glorotUniform({seed: deriveSeed(initSeed, 'output')}),
    biasInitializer: 'zeros',
  }).apply(input) as SymbolicTensor;
}
