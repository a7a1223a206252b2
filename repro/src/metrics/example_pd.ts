/**
 * Prediction differences per eval example, on the host in float64: the
 * per-example terms whose means are the tensor metrics of `metrics.ts`
 * (relativePD, absolutePD, halfL1Distance, top1Disagreement), plus the
 * relative PD of the true-class probability. The experiment keeps them per
 * example so that the bootstrap can resample eval examples.
 */
import {RELATIVE_PD_EPSILON} from './tensor_pd';

/** The PD metrics the experiment measures per example. */
export type PDMetric = 'relativePD'|'absolutePD'|'halfL1'|'top1Disagreement'|'trueClassRelativePD';

/**
 * What the experiment knows about a workload's outputs: `binary` (one
 * probability per example), `multiclass` (a distribution over classes) or
 * `regression` (one real-valued prediction per example, of any sign).
 */
export type OutputKind = 'binary'|'multiclass'|'regression';

/**
 * The PD metrics measured for a kind of output, the headline one first:
 * binary → relative PD (of P(y = 1)); multiclass → half-L1 (total variation)
 * of the class distributions; regression → relative PD as defined by
 * {@link regressionExamplePD} (|p₁ − p₂| over the eval labels' mean |y|).
 *
 * ```js
 * console.log(tfSmeluRepro.pdMetricsFor('multiclass')[0]);  // halfL1
 * ```
 */
export function pdMetricsFor(kind: OutputKind): PDMetric[] {
  if (kind === 'regression') return ['relativePD', 'absolutePD'];
  return kind === 'binary' ? ['relativePD', 'absolutePD', 'top1Disagreement'] :
                             ['halfL1', 'top1Disagreement', 'trueClassRelativePD', 'relativePD', 'absolutePD'];
}

/**
 * The denominator of the regression relative PD: the mean |y| of the eval
 * labels (see {@link regressionExamplePD}).
 *
 * ```js
 * console.log(tfSmeluRepro.regressionScale([2, -4, 0]));  // 2
 * ```
 * @throws Error when there are no labels or their mean |y| is 0 or not finite.
 */
export function regressionScale(labels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += Math.abs(labels[i]);
  const scale = sum / labels.length;
  if (!(scale > 0 && Number.isFinite(scale))) {
    throw new Error(`regressionScale: the relative PD of a regression divides by the eval labels' mean |y|, ` +
        `which is ${labels.length === 0 ? 'undefined (no labels)' : String(scale)}.`);
  }
  return scale;
}

/**
 * One PD metric per eval example between two replicas' real-valued
 * predictions (regression outputs, which may be negative or cross 0):
 *
 * - `absolutePD`: |p₁ − p₂|, in the label's units;
 * - `relativePD`: |p₁ − p₂| / s, with s = mean |y| over the eval labels
 *   ({@link regressionScale}), one constant per data set.
 *
 * Why this denominator and not the classifiers' (p₁ + p₂)/2: predictions of
 * a regression can be 0 or negative, where a per-example denominator is
 * undefined or explodes (a symmetric (|p₁| + |p₂|)/2 + ε would let the few
 * examples predicted near 0 dominate the mean). For targets far from 0
 * (p ≈ y ≫ |p₁ − p₂|) it agrees with the classifiers' definition to first
 * order. And since s is the same for every activation, the ratio of two
 * activations' relative PD equals the ratio of their absolute PD: the
 * verdict does not depend on the choice of s, which only makes the level
 * readable ("replicas differ by 3% of a typical target").
 *
 * ```js
 * const d = tfSmeluRepro.regressionExamplePD('relativePD', [1, -2], [1.5, -1], 2);
 * console.log(Array.from(d));  // [0.25, 0.5]
 * ```
 * @param metric `relativePD` or `absolutePD`.
 * @param scale s > 0 (the eval labels' mean |y|).
 * @returns Float64Array [n].
 * @throws Error for another metric, lengths that differ, or a scale that is not > 0.
 */
export function regressionExamplePD(
    metric: PDMetric, p1: ArrayLike<number>, p2: ArrayLike<number>, scale: number): Float64Array {
  if (metric !== 'relativePD' && metric !== 'absolutePD') {
    throw new Error(`regressionExamplePD: metric must be relativePD or absolutePD, but got '${metric}'.`);
  }
  if (p1.length !== p2.length) throw new Error(`regressionExamplePD: predictions of ${p1.length} and ${p2.length} values differ in length.`);
  if (!(scale > 0 && Number.isFinite(scale))) throw new Error(`regressionExamplePD: scale must be a finite number > 0, but got ${scale}.`);
  const divisor = metric === 'relativePD' ? scale : 1;
  const out = new Float64Array(p1.length);
  for (let i = 0; i < p1.length; i++) out[i] = Math.abs(p1[i] - p2[i]) / divisor;
  return out;
}

/**
 * Display names of the PD metrics.
 *
 * ```js
 * console.log(tfSmeluRepro.PD_METRIC_LABELS.halfL1);  // half-L1 PD
 * ```
 */
export const PD_METRIC_LABELS: Readonly<Record<PDMetric, string>> = {
  relativePD: 'relative PD',
  absolutePD: 'absolute PD',
  halfL1: 'half-L1 PD',
  top1Disagreement: 'top-1 disagreement',
  trueClassRelativePD: 'true-class relative PD',
};

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max((a + b) / 2, RELATIVE_PD_EPSILON);

/**
 * One PD metric per eval example between two replicas' predictions.
 *
 * ```js
 * // Binary: P(y = 1) of 2 examples.
 * const d = tfSmeluRepro.examplePD('relativePD', new Float32Array([0.2, 0.5]), new Float32Array([0.6, 0.5]), 1);
 * console.log(Array.from(d));  // [1, 0]
 * ```
 * @param p1 Predictions of replica 1: [n] probabilities (numClasses = 1) or [n × numClasses] distributions, row-major.
 * @param p2 Predictions of replica 2, same layout.
 * @param numClasses 1 for binary outputs, else the number of classes.
 * @param labels Class of each example; needed for `trueClassRelativePD` only.
 * @returns Float64Array [n].
 * @throws Error when the lengths disagree or labels are missing for `trueClassRelativePD`.
 */
export function examplePD(
    metric: PDMetric, p1: ArrayLike<number>, p2: ArrayLike<number>, numClasses: number,
    labels?: ArrayLike<number>): Float64Array {
  if (p1.length !== p2.length || p1.length % numClasses !== 0) {
    throw new Error(`examplePD: predictions of ${p1.length} and ${p2.length} values do not fit ${numClasses} class(es).`);
  }
  const n = p1.length / numClasses;
  const out = new Float64Array(n);
  if (numClasses === 1) {
    for (let i = 0; i < n; i++) {
      const a = p1[i], b = p2[i];
      switch (metric) {
        case 'relativePD': case 'trueClassRelativePD':
          out[i] = metric === 'trueClassRelativePD' && labels != null && labels[i] < 0.5 ?
            relative(1 - a, 1 - b) : relative(a, b);
          break;
        case 'absolutePD': case 'halfL1': out[i] = Math.abs(a - b); break;
        case 'top1Disagreement': out[i] = (a > 0.5) !== (b > 0.5) ? 1 : 0; break;
      }
    }
    return out;
  }
  if (metric === 'trueClassRelativePD' && (labels == null || labels.length !== n)) {
    throw new Error(`examplePD: trueClassRelativePD needs ${n} labels, but got ${labels?.length ?? 'none'}.`);
  }
  for (let i = 0; i < n; i++) {
    const o = i * numClasses;
    switch (metric) {
      case 'relativePD': {
        let s = 0;
        for (let c = 0; c < numClasses; c++) s += relative(p1[o + c], p2[o + c]);
        out[i] = s / numClasses;
        break;
      }
      case 'absolutePD': case 'halfL1': {
        let s = 0;
        for (let c = 0; c < numClasses; c++) s += Math.abs(p1[o + c] - p2[o + c]);
        out[i] = metric === 'halfL1' ? s / 2 : s / numClasses;
        break;
      }
      case 'top1Disagreement': out[i] = argMaxAt(p1, o, numClasses) !== argMaxAt(p2, o, numClasses) ? 1 : 0; break;
      case 'trueClassRelativePD': out[i] = relative(p1[o + labels![i]], p2[o + labels![i]]); break;
    }
  }
  return out;
}

/** Index of the largest of `count` values from `offset` (first one on ties, as tf.argMax). */
export function argMaxAt(values: ArrayLike<number>, offset: number, count: number): number {
  let best = 0;
  for (let c = 1; c < count; c++) if (values[offset + c] > values[offset + best]) best = c;
  return best;
}
