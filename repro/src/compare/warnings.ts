/**
 * When a `compare` run would not mean what its table says: features on
 * scales orders of magnitude apart (said before training), and a variant
 * whose replicas did not learn (said in the verdict, instead of a PD ratio).
 * Replicas that learned nothing, e.g. every one predicting the same constant,
 * agree trivially: their PD is 0 or noise, not reproducibility. Host
 * arithmetic only (float64).
 */
import {boundedText} from '../../../src/validate';
import type {ExperimentPlan, ExperimentResult, ReplicaOutput} from '../experiment/types';
import type {CompareLoss, CompareTask} from './types';

/**
 * Feature scales (root mean square over the training rows) further apart
 * than this factor get a warning when the features are not standardized:
 * two orders of magnitude.
 *
 * ```js
 * console.log(FEATURE_SCALE_WARNING_RATIO);  // 100
 * ```
 */
export const FEATURE_SCALE_WARNING_RATIO = 100;

const fmt = (v: number) =>
    (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(3))));

/**
 * The warning for features whose scales (root mean square) differ by
 * {@link FEATURE_SCALE_WARNING_RATIO} or more, or null. Features that are 0
 * throughout are left out.
 *
 * ```js
 * const w = featureScaleWarning(['area', 'smoothness'], [740, 0.004], '--standardize');
 * console.log(w.startsWith('feature scales differ by orders of magnitude'));  // true
 * console.log(featureScaleWarning(['a', 'b'], [1, 5], '--standardize'));  // null
 * ```
 */
export function featureScaleWarning(
    features: readonly string[], rms: readonly number[], standardizeName = 'standardize'): string|null {
  let lo = -1, hi = -1;
  rms.forEach((v, j) => {
    if (!(v > 0) || !Number.isFinite(v)) return;
    if (lo < 0 || v < rms[lo]) lo = j;
    if (hi < 0 || v > rms[hi]) hi = j;
  });
  if (lo < 0 || rms[hi] / rms[lo] < FEATURE_SCALE_WARNING_RATIO) return null;
  return `feature scales differ by orders of magnitude: the root mean square of '${boundedText(features[lo])}' is ${
             fmt(rms[lo])} and ` +
      `of '${boundedText(features[hi])}' ${fmt(rms[hi])} (${
             fmt(rms[hi] / rms[lo])}×); a model trained on raw features like these often ` +
      `learns nothing (constant predictions) or learns worse, and its PD says little. Standardize them (${
             standardizeName}).`;
}

/** The eval loss of always predicting what the training labels say on average, the floor a model must beat. */
export interface LearningBaseline {
  evalLoss: number;
  /** What is predicted, in words (e.g. "the training labels' share of 1s, 0.627"). */
  prediction: string;
}

const EPSILON = 1e-7;
const clip = (p: number) => Math.min(1 - EPSILON, Math.max(EPSILON, p));

/**
 * The eval loss of a constant prediction from the training labels, with the
 * run's loss: the share of 1s (binary cross-entropy), the class shares
 * (categorical cross-entropy), the mean (MSE) or the median (MAE, Huber).
 *
 * ```js
 * const b = baselineEvalLoss({name: 'meanSquaredError', identifier: null, source: 'task'}, 'regression',
 *     new Float32Array([1, 2, 3]), new Float32Array([2, 4]), 1);
 * console.log(b.evalLoss, b.prediction);  // 2 the training labels' mean, 2
 * ```
 */
export function baselineEvalLoss(
    loss: CompareLoss, task: CompareTask, trainY: ArrayLike<number>, evalY: ArrayLike<number>,
    numClasses: number): LearningBaseline {
  const n = evalY.length;
  let total = 0;
  if (task === 'binary') {
    let ones = 0;
    for (let i = 0; i < trainY.length; i++) ones += trainY[i];
    const p = clip(ones / trainY.length);
    for (let i = 0; i < n; i++) total -= evalY[i] * Math.log(p) + (1 - evalY[i]) * Math.log(1 - p);
    return {evalLoss: total / n, prediction: `the training labels' share of 1s, ${fmt(ones / trainY.length)}`};
  }
  if (task === 'multiclass') {
    const counts = new Array<number>(numClasses).fill(0);
    for (let i = 0; i < trainY.length; i++) counts[trainY[i]]++;
    for (let i = 0; i < n; i++) total -= Math.log(clip(counts[evalY[i]] / trainY.length));
    return {evalLoss: total / n, prediction: 'the training labels\' class shares'};
  }
  const sorted = Float64Array.from(trainY).sort();
  const median = sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2] :
                                           (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  const delta = loss.delta ?? 1;
  const c = loss.name === 'meanSquaredError' ? mean : median;
  for (let i = 0; i < n; i++) {
    const e = Math.abs(evalY[i] - c);
    total += loss.name === 'meanSquaredError' ? e * e :
        loss.name === 'meanAbsoluteError'     ? e :
        e <= delta                            ? 0.5 * e * e :
                                                delta * (e - 0.5 * delta);
  }
  return {
    evalLoss: total / n,
    prediction: `the training labels' ${loss.name === 'meanSquaredError' ? 'mean' : 'median'}, ${fmt(c)}`
  };
}

/** Whether one variant's replicas learned anything. */
export interface VariantLearning {
  label: string;
  learned: boolean;
  /** Mean eval loss over replicas. */
  evalLoss: number;
  /** Replicas whose predictions are the same for every eval example. */
  constantReplicas: number;
  replicas: number;
}

/**
 * Per variant: did its replicas learn? Not when their mean eval loss is no
 * better than the baseline's (within 0.01 %), or when any replica predicts
 * one constant value for every eval example (spread ≤ 1e-6, relative to the
 * regression scale for regression).
 *
 * ```js
 * // not run: `result` and `outputs` come from a run
 * const learning = checkLearning(baseline, result, plan, outputs);
 * ```
 */
export function checkLearning(
    baseline: LearningBaseline, result: ExperimentResult, plan: ExperimentPlan,
    outputs: ReplicaOutput[]): VariantLearning[] {
  const tolerance = 1e-6 * (result.regression?.scale ?? 1);
  return result.variants.map((v, i) => {
    const reps = outputs.filter((o) => o.task.variant === i);
    const width = reps.length > 0 ? reps[0].probabilities.length / Math.max(1, reps[0].exampleLosses.length) : 1;
    const constantReplicas = reps.filter((o) => isConstant(o.probabilities, width, tolerance)).length;
    const evalLoss = v.evalLoss.mean;
    const noBetter = !(evalLoss < baseline.evalLoss * (1 - 1e-4));
    return {
      label: v.label,
      learned: !noBetter && constantReplicas === 0,
      evalLoss,
      constantReplicas,
      replicas: plan.config.replicas
    };
  });
}

/** True when every column of a [n × width] prediction array varies by at most `tolerance` over the rows. */
function isConstant(p: Float32Array, width: number, tolerance: number): boolean {
  const n = p.length / width;
  for (let c = 0; c < width; c++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = p[i * width + c];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!(hi - lo <= tolerance)) return false;
  }
  return true;
}

/** Why a variant did not learn, in words. */
function notLearned(l: VariantLearning, baseline: LearningBaseline): string {
  const reasons: string[] = [];
  if (!(l.evalLoss < baseline.evalLoss * (1 - 1e-4))) {
    reasons.push(`its eval loss ${fmt(l.evalLoss)} is no better than ${
        fmt(baseline.evalLoss)}, the loss of always predicting ${baseline.prediction}`);
  }
  if (l.constantReplicas > 0) {
    const who = l.constantReplicas === l.replicas ? 'every replica predicts' :
                                                    `${l.constantReplicas} of ${l.replicas} replicas predict`;
    reasons.push(`${who} one constant value for every eval example`);
  }
  return reasons.join(', and ');
}

/**
 * The verdict with the variants that did not learn said so: when ReLU (the
 * model as saved) did not learn, no ratio to it is reported; a SmeLU variant
 * that did not learn gets that instead of its ratio. `advice` says what to
 * try (e.g. "--standardize, a lower --learning-rate than 0.001").
 *
 * ```js
 * // not run: `result` comes from a run
 * result.verdict = learningVerdict(result, checkLearning(baseline, result, plan, outputs), baseline, 'more --epochs');
 * ```
 */
export function learningVerdict(
    result: ExperimentResult, learning: VariantLearning[], baseline: LearningBaseline, advice: string): string[] {
  if (learning.every((l) => l.learned)) return result.verdict;
  const tryText = ` Try ${advice}.`;
  const reluIndex = result.variants.findIndex((v) => v.activation === 'relu');
  if (reluIndex >= 0 && !learning[reluIndex].learned) {
    const lines = [
      `${learning[reluIndex].label} (the model as saved) did not learn: ${
          notLearned(learning[reluIndex], baseline)}. ` +
      'Replicas that learned nothing agree trivially, so their PD says nothing about reproducibility and no ratio to it is ' +
      `reported.${tryText}`
    ];
    learning.forEach((l, i) => {
      if (i === reluIndex) return;
      lines.push(
          l.learned ?
              `${l.label} learned (eval loss ${fmt(l.evalLoss)}), but ReLU did not, so there is no ratio to compare.` :
              `${l.label} did not learn either: ${notLearned(l, baseline)}.`);
    });
    return lines;
  }
  const sentences = result.variants.map((v) => v.vsRelu?.sentence);
  const fromSentences = result.verdict.length > 0 && result.verdict.every((line) => sentences.includes(line));
  const notLearnedLine = (i: number) => `${learning[i].label} did not learn: ${
      notLearned(learning[i], baseline)}; its PD ${reluIndex >= 0 ? 'ratio to ReLU ' : ''}is not meaningful.${tryText}`;
  if (!fromSentences) {
    // ReLU's replicas agree exactly, or ReLU is not in the run: the verdict has no per-variant sentences to replace.
    return [...result.verdict, ...learning.flatMap((l, i) => (l.learned ? [] : [notLearnedLine(i)]))];
  }
  return result.variants.flatMap(
      (v, i) => (v.vsRelu == null ? [] : [learning[i].learned ? v.vsRelu.sentence : notLearnedLine(i)]));
}
