/**
 * A workload: a data set already split and in tensors, plus how to build,
 * train and read out its model for a given activation. The experiment runner
 * only talks to this interface, so a new data set is one new file.
 */
import {logSumExp, mean, mul, oneHot, Scalar, softmax, sub, sum, Tensor, tidy} from '@tensorflow/tfjs-core';
import {initializers, layers as tflLayers, LayersModel, SymbolicTensor} from '@tensorflow/tfjs-layers';

import {ActivationSpec} from '../activations/registry';
import type {OutputKind} from '../metrics/registry';
import {deriveSeed} from '../training/random';
import {LastAxisLayerNorm} from './layer_norm';

/** Normalization applied to each hidden layer's pre-activations. */
export type NormMode = 'none'|'layer'|'batch';

/**
 * The normalization modes, for argument checks.
 *
 * ```js
 * console.log(NORM_MODES);  // ['none', 'layer', 'batch']
 * ```
 */
export const NORM_MODES: readonly NormMode[] = ['none', 'layer', 'batch'];

/**
 * Where the normalization sits in each hidden layer: `before` the activation
 * (Dense → norm → activation) or `after` it (Dense → activation → norm, i.e.
 * the hidden layer's outputs are normalized).
 */
export type NormPlacement = 'before'|'after';

/**
 * The normalization placements, for argument checks.
 *
 * ```js
 * console.log(NORM_PLACEMENTS);  // ['before', 'after']
 * ```
 */
export const NORM_PLACEMENTS: readonly NormPlacement[] = ['before', 'after'];

/** What a workload needs to build one replica. */
export interface ModelOptions {
  activation: ActivationSpec;
  beta: number|undefined;
  initSeed: number;
  norm: NormMode;
  /** Where `norm` is applied (default `before`). */
  normPlacement?: NormPlacement;
  /**
   * The replica's order seed (the runner passes it): for models with
   * training-time noise (dropout masks) that should follow the replica's data
   * order rather than its initialization.
   */
  orderSeed?: number;
}

/** A data set + model family for the reproducibility experiment. */
export interface Workload {
  /** Short name, e.g. `movielens`. */
  readonly name: string;
  /** One line: the task and the model. */
  readonly description: string;
  /** Where the data came from. */
  readonly source: string;
  /**
   * `binary`: one probability per example; `multiclass`: a distribution;
   * `regression`: one real-valued prediction per example.
   */
  readonly kind: OutputKind;
  /** Classes of a multiclass workload (its logits' width); 1 for binary and regression. */
  readonly numClasses: number;
  readonly trainInputs: Tensor[];
  readonly trainLabels: Tensor;
  readonly evalInputs: Tensor[];
  /** Labels of the held-out examples (0/1, class ids, or real-valued targets for regression). */
  readonly evalLabels: Tensor;
  /** Recommender read-out: scores of `users × candidates` pairs, ranked per user. */
  readonly ranking?: {inputs: Tensor[], users: number, candidates: number};
  /** The workload's own options (sizes, features, split), as plain data for the report. */
  readonly settings?: Record<string, unknown>;
  /** Suggested training settings for this data set. */
  readonly defaults: {epochs: number, batchSize: number, learningRate: number};
  /** Builds a fresh model whose output is logits. */
  buildModel(options: ModelOptions): LayersModel;
  /** Training/eval loss of logits against labels (mean log-loss). */
  loss(logits: Tensor, labels: Tensor): Scalar;
  /** The loss of each example, shape [n]; its mean is {@link Workload.loss}. */
  exampleLosses(logits: Tensor, labels: Tensor): Tensor;
  /** Logits → probabilities ([n] for binary, [n, C] for multiclass); regression: the predictions [n]. */
  probabilities(logits: Tensor): Tensor;
  /** Frees the tensors. */
  dispose(): void;
}

/**
 * Hidden layers shared by the workloads: for each width, a seeded linear
 * Dense, then the activation under test, with optional normalization before
 * or after it ({@link NormPlacement}).
 *
 * ```js
 * const input = tf.input({shape: [4]});
 * const options = {activation: tfSmeluRepro.getActivation('smelu'), beta: 1, initSeed: 7, norm: 'layer'};
 * const hidden = tfSmeluRepro.hiddenTower(input, [8, 8], options);
 * const model = tf.model({inputs: input, outputs: tfSmeluRepro.outputLayer(hidden, 1, 7)});
 * model.predict(tf.ones([2, 4])).print();
 * ```
 */
export function hiddenTower(input: SymbolicTensor, widths: readonly number[], options: ModelOptions): SymbolicTensor {
  let h = input;
  widths.forEach((units, i) => {
    h = tflLayers
            .dense({
              units,
              kernelInitializer: initializers.glorotUniform({seed: deriveSeed(options.initSeed, 'dense', i)}),
              biasInitializer: 'zeros',
            })
            .apply(h) as SymbolicTensor;
    const normalize = () => {
      // Same maths as tflLayers.layerNormalization({axis: -1}), ~10× cheaper to train (see layer_norm.ts).
      if (options.norm === 'layer') h = new LastAxisLayerNorm().apply(h) as SymbolicTensor;
      if (options.norm === 'batch') h = tflLayers.batchNormalization({axis: -1}).apply(h) as SymbolicTensor;
    };
    if (options.normPlacement !== 'after') normalize();
    h = options.activation.createLayer(options.beta, deriveSeed(options.initSeed, 'activation', i)).apply(h) as
        SymbolicTensor;
    if (options.normPlacement === 'after') normalize();
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
  return tflLayers
             .dense({
               units,
               kernelInitializer: initializers.glorotUniform({seed: deriveSeed(initSeed, 'output')}),
               biasInitializer: 'zeros',
             })
             .apply(input) as SymbolicTensor;
}

/**
 * Loss functions of a multiclass workload over integer labels [n]: softmax
 * cross-entropy per example, `logSumExp(logits) − logits[label]`, its mean,
 * and softmax probabilities. Plain ops (tfjs's softmaxCrossEntropy trips
 * tfjs's kernel leak check under IS_TEST).
 *
 * ```js
 * const {exampleLosses} = tfSmeluRepro.classificationLosses(3);
 * exampleLosses(tf.tensor2d([[0, 0, 0]]), tf.tensor1d([2], 'int32')).print();  // [ln 3 = 1.0986]
 * ```
 */
export function classificationLosses(numClasses: number): Pick<Workload, 'loss'|'exampleLosses'|'probabilities'> {
  const exampleLosses = (logits: Tensor, labels: Tensor): Tensor =>
      tidy(() => sub(logSumExp(logits, -1), sum(mul(oneHot(labels, numClasses), logits), -1)));
  return {
    exampleLosses,
    loss: (logits: Tensor, labels: Tensor): Scalar => tidy(() => mean(exampleLosses(logits, labels)) as Scalar),
    probabilities: (logits: Tensor) => softmax(logits),
  };
}
