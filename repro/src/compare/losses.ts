/**
 * The training loss of a `compare` run: read from a saved model's compile
 * config (tfjs's `trainingConfig` or Keras's `training_config`) or derived
 * from the task, and computed per example so that the experiment can
 * resample eval examples. The formulas are Keras's and tfjs-layers' own: the
 * cross-entropies clip probabilities to [ε, 1 − ε] with ε = 1e-7 (tfjs's
 * `epsilon()`), the logit forms are the numerically stable ones of
 * `tf.losses.sigmoidCrossEntropy` / `softmaxCrossEntropy`.
 */
import {
  abs,
  add,
  clipByValue,
  div,
  exp,
  lessEqual,
  log,
  log1p,
  logSumExp,
  mean,
  mul,
  neg,
  oneHot,
  relu,
  reshape,
  Scalar,
  sigmoid,
  softmax,
  square,
  sub,
  sum,
  Tensor,
  tidy,
  where,
} from '@tensorflow/tfjs-core';

import {describeValue} from '../../../src/validate';
import type {CompareLoss, CompareLossName, CompareTask, OutputMode} from './types';

/** tfjs-layers' and Keras's fuzz factor (`epsilon()`). */
const EPSILON = 1e-7;

/** Lower-case identifiers without `_`, to their loss. */
const LOSS_ALIASES: Readonly<Record<string, CompareLossName>> = {
  binarycrossentropy: 'binaryCrossentropy',
  categoricalcrossentropy: 'categoricalCrossentropy',
  sparsecategoricalcrossentropy: 'sparseCategoricalCrossentropy',
  meansquarederror: 'meanSquaredError',
  mse: 'meanSquaredError',
  meanabsoluteerror: 'meanAbsoluteError',
  mae: 'meanAbsoluteError',
  huber: 'huber',
  huberloss: 'huber',
};

/**
 * The losses `compare` supports, by tfjs name.
 *
 * ```js
 * console.log(COMPARE_LOSSES.includes('binaryCrossentropy'));  // true
 * ```
 */
export const COMPARE_LOSSES: readonly CompareLossName[] = [
  'binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'meanSquaredError',
  'meanAbsoluteError', 'huber'
];

/** The task a loss trains for. */
export function taskOfLoss(name: CompareLossName): CompareTask {
  if (name === 'binaryCrossentropy') return 'binary';
  if (name === 'categoricalCrossentropy' || name === 'sparseCategoricalCrossentropy') return 'multiclass';
  return 'regression';
}

/** The loss a task trains with when the model has no compile config. */
export function defaultLossOf(task: CompareTask): CompareLossName {
  return task === 'binary'  ? 'binaryCrossentropy' :
      task === 'multiclass' ? 'sparseCategoricalCrossentropy' :
                              'meanSquaredError';
}

/** A loss read from a compile config, with the options it carries. */
export interface ParsedLoss {
  name: CompareLossName;
  /** Keras's `from_logits`, when the config says. */
  fromLogits?: boolean;
  delta?: number;
  /** The identifier as written (a string, or a class name). */
  identifier: string;
}

/**
 * Reads the loss of a compile config: a string (`'binaryCrossentropy'`,
 * `'binary_crossentropy'`, `'mse'`…) or a Keras loss object
 * (`{class_name: 'BinaryCrossentropy', config: {from_logits: true}}`), or a
 * list or dict of one of those (one output).
 *
 * ```js
 * console.log(parseCompiledLoss('binary_crossentropy').name);  // binaryCrossentropy
 * ```
 * @throws Error for an unsupported loss, several different losses, or label smoothing.
 */
export function parseCompiledLoss(loss: unknown, where = 'the compile config'): ParsedLoss {
  let value = loss;
  if (Array.isArray(value)) {
    if (value.length !== 1)
      throw new Error(`${where} has ${value.length} losses (one per output); compare supports models with one output.`);
    value = value[0];
  } else if (value != null && typeof value === 'object' && !('class_name' in value) && !('className' in value)) {
    const entries = Object.values(value as Record<string, unknown>);
    if (entries.length !== 1)
      throw new Error(
          `${where} has ${entries.length} losses (one per output); compare supports models with one output.`);
    value = entries[0];
  }
  let identifier: string;
  let config: Record<string, unknown> = {};
  if (typeof value === 'string') {
    identifier = value;
  } else if (value != null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    identifier = String(o['class_name'] ?? o['className']);
    if (o['config'] != null && typeof o['config'] === 'object') config = o['config'] as Record<string, unknown>;
  } else {
    throw new Error(`${where} has a loss compare cannot read: ${describeValue(value)}.`);
  }
  const name = LOSS_ALIASES[identifier.replace(/_/g, '').toLowerCase()];
  if (name == null) {
    throw new Error(
        `${where} has the loss '${identifier}', which compare does not support. Supported: ` +
        `${COMPARE_LOSSES.join(', ')} (and their Keras spellings).`);
  }
  const smoothing = config['label_smoothing'] ?? config['labelSmoothing'];
  if (typeof smoothing === 'number' && smoothing !== 0) {
    throw new Error(
        `${where} has the loss '${identifier}' with label_smoothing ${smoothing}, which compare does not support.`);
  }
  const parsed: ParsedLoss = {name, identifier};
  const fromLogits = config['from_logits'] ?? config['fromLogits'];
  if (typeof fromLogits === 'boolean') parsed.fromLogits = fromLogits;
  const delta = config['delta'];
  if (name === 'huber' && typeof delta === 'number') parsed.delta = delta;
  return parsed;
}

/** The per-example loss, its mean, and the read-out of a model's outputs. */
export interface LossFunctions {
  /** outputs [n, width], labels [n] → per-example loss [n]. */
  exampleLosses(outputs: Tensor, labels: Tensor): Tensor;
  /** Mean of {@link LossFunctions.exampleLosses}. */
  loss(outputs: Tensor, labels: Tensor): Scalar;
  /** outputs → [n] P(y = 1), [n, C] class probabilities, or [n] predictions. */
  probabilities(outputs: Tensor): Tensor;
}

/**
 * The loss functions of a `compare` run. Labels are 0/1 float32 (binary),
 * class ids int32 (multiclass: the categorical cross-entropy of the one-hot
 * labels, which equals the sparse one), or float32 targets (regression).
 *
 * ```js
 * const {exampleLosses} = compareLossFunctions(
 *   {name: 'binaryCrossentropy', identifier: null, source: 'task'}, 'logits', 1);
 * exampleLosses(tf.tensor2d([[0]]), tf.tensor1d([1])).print();  // [ln 2 = 0.6931]
 * ```
 */
export function compareLossFunctions(loss: CompareLoss, mode: OutputMode, numClasses: number): LossFunctions {
  const flat = (t: Tensor) => reshape(t, [-1]);
  let exampleLosses: (outputs: Tensor, labels: Tensor) => Tensor;
  let probabilities: (outputs: Tensor) => Tensor;
  switch (loss.name) {
    case 'binaryCrossentropy':
      probabilities = (o) => tidy(() => (mode === 'logits' ? sigmoid(flat(o)) : flat(o)));
      exampleLosses = mode === 'logits' ?
          // max(z, 0) − z·y + log(1 + e^−|z|)
          (o, y) => tidy(() => {
            const z = flat(o);
            return add(sub(relu(z), mul(z, y)), log1p(exp(neg(abs(z)))));
          }) :
          (o, y) => tidy(() => {
            const p = clipByValue(flat(o), EPSILON, 1 - EPSILON);
            return neg(add(mul(y, log(p)), mul(sub(1, y), log(sub(1, p)))));
          });
      break;
    case 'categoricalCrossentropy':
    case 'sparseCategoricalCrossentropy':
      probabilities = (o) => tidy(() => (mode === 'logits' ? softmax(o) : o.clone()));
      exampleLosses = mode === 'logits' ?
          (o, y) => tidy(() => sub(logSumExp(o, -1), sum(mul(oneHot(y, numClasses), o), -1))) :
          (o, y) => tidy(() => {
            // tfjs-layers and Keras rescale the probabilities to sum 1, then clip.
            const p = clipByValue(div(o, sum(o, -1, true)), EPSILON, 1 - EPSILON);
            return neg(sum(mul(oneHot(y, numClasses), log(p)), -1));
          });
      break;
    default: {
      probabilities = (o) => tidy(() => flat(o));
      const delta = loss.delta ?? 1;
      exampleLosses = (o, y) => tidy(() => {
        const e = sub(flat(o), y);
        if (loss.name === 'meanSquaredError') return square(e);
        if (loss.name === 'meanAbsoluteError') return abs(e);
        // Huber: ½e² where |e| ≤ δ, else δ(|e| − ½δ).
        const a = abs(e);
        return where(lessEqual(a, delta), mul(0.5, square(e)), mul(delta, sub(a, 0.5 * delta)));
      });
    }
  }
  return {
    exampleLosses,
    loss: (o, y) => tidy(() => mean(exampleLosses(o, y)) as Scalar),
    probabilities,
  };
}
