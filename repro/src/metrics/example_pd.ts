/**
 * The PD terms of the registry (registry.ts), on the host in float64: per
 * eval example for the per-example metrics (whose means are the tensor
 * metrics of tensor_pd.ts), per replica pair for the top-k swap rate. The
 * experiment keeps per-example terms so that the bootstrap can resample eval
 * examples.
 */
import {RELATIVE_PD_EPSILON} from './tensor_pd';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max((a + b) / 2, RELATIVE_PD_EPSILON);

function checkLengths(where: string, p1: ArrayLike<number>, p2: ArrayLike<number>, numClasses: number): number {
  if (p1.length !== p2.length || p1.length % numClasses !== 0) {
    throw new Error(
        `${where}: predictions of ${p1.length} and ${p2.length} values do not fit ${numClasses} class(es).`);
  }
  return p1.length / numClasses;
}

/**
 * |p₁ − p₂| / max((p₁ + p₂)/2, ε) per example: of P(y = 1) (`numClasses` 1), or averaged over the classes of
 * [n × numClasses] distributions (row-major).
 */
export function relativePDPerExample(p1: ArrayLike<number>, p2: ArrayLike<number>, numClasses: number): Float64Array {
  const n = checkLengths('relativePD', p1, p2, numClasses);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (numClasses === 1) {
      out[i] = relative(p1[i], p2[i]);
      continue;
    }
    let s = 0;
    for (let c = 0; c < numClasses; c++) s += relative(p1[i * numClasses + c], p2[i * numClasses + c]);
    out[i] = s / numClasses;
  }
  return out;
}

/** Σ_c |p₁[c] − p₂[c]| per example, divided by `divisor` (|p₁ − p₂| for one probability). */
function l1PerExample(
    where: string, p1: ArrayLike<number>, p2: ArrayLike<number>, numClasses: number, divisor: number): Float64Array {
  const n = checkLengths(where, p1, p2, numClasses);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (numClasses === 1) {
      out[i] = Math.abs(p1[i] - p2[i]);
      continue;
    }
    let s = 0;
    for (let c = 0; c < numClasses; c++) s += Math.abs(p1[i * numClasses + c] - p2[i * numClasses + c]);
    out[i] = s / divisor;
  }
  return out;
}

/** Mean |p₁[c] − p₂[c]| over the classes per example (|p₁ − p₂| for one probability). */
export function absolutePDPerExample(p1: ArrayLike<number>, p2: ArrayLike<number>, numClasses: number): Float64Array {
  return l1PerExample('absolutePD', p1, p2, numClasses, numClasses);
}

/** ½ Σ_c |p₁[c] − p₂[c]| per example, the total variation distance (|p₁ − p₂| for one probability). */
export function halfL1PerExample(p1: ArrayLike<number>, p2: ArrayLike<number>, numClasses: number): Float64Array {
  return l1PerExample('halfL1', p1, p2, numClasses, 2);
}

/** 1 where the predicted class (the top one; p > 0.5 for one probability) differs, else 0. */
export function top1DisagreementPerExample(
    p1: ArrayLike<number>, p2: ArrayLike<number>, numClasses: number): Float64Array {
  const n = checkLengths('top1Disagreement', p1, p2, numClasses);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const differ = numClasses === 1 ?
        (p1[i] > 0.5) !== (p2[i] > 0.5) :
        argMaxAt(p1, i * numClasses, numClasses) !== argMaxAt(p2, i * numClasses, numClasses);
    out[i] = differ ? 1 : 0;
  }
  return out;
}

/**
 * The relative PD of the probability of each example's true class (`labels`: class ids; with one probability,
 * label 0 compares 1 − p).
 */
export function trueClassRelativePDPerExample(
    p1: ArrayLike<number>, p2: ArrayLike<number>, numClasses: number, labels: ArrayLike<number>): Float64Array {
  const n = checkLengths('trueClassRelativePD', p1, p2, numClasses);
  if (labels.length !== n) throw new Error(`trueClassRelativePD: needs ${n} labels, but got ${labels.length}.`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (numClasses === 1) {
      out[i] = labels[i] < 0.5 ? relative(1 - p1[i], 1 - p2[i]) : relative(p1[i], p2[i]);
    } else {
      out[i] = relative(p1[i * numClasses + labels[i]], p2[i * numClasses + labels[i]]);
    }
  }
  return out;
}

/**
 * The denominator of the regression relative PD: the mean |y| of the eval
 * labels (see {@link regressionPDPerExample}).
 *
 * @throws Error when there are no labels or their mean |y| is 0 or not finite.
 */
export function regressionScale(labels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += Math.abs(labels[i]);
  const scale = sum / labels.length;
  if (!(scale > 0 && Number.isFinite(scale))) {
    throw new Error(
        `regressionScale: the relative PD of a regression divides by the eval labels' mean |y|, ` +
        `which is ${labels.length === 0 ? 'undefined (no labels)' : String(scale)}.`);
  }
  return scale;
}

/**
 * |p₁ − p₂| / `scale` per eval example between two replicas' real-valued
 * predictions (regression outputs, which may be negative or cross 0): with
 * `scale` 1 the absolute PD, in the label's units; with s = mean |y| over
 * the eval labels ({@link regressionScale}), one constant per data set, the
 * regression's relative PD.
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
 * @throws Error for lengths that differ, or a scale that is not a finite number > 0.
 */
export function regressionPDPerExample(p1: ArrayLike<number>, p2: ArrayLike<number>, scale: number): Float64Array {
  if (p1.length !== p2.length) {
    throw new Error(`regressionPD: predictions of ${p1.length} and ${p2.length} values differ in length.`);
  }
  if (!(scale > 0 && Number.isFinite(scale))) {
    throw new Error(`regressionPD: scale must be a finite number > 0, but got ${scale}.`);
  }
  const out = new Float64Array(p1.length);
  for (let i = 0; i < p1.length; i++) out[i] = Math.abs(p1[i] - p2[i]) / scale;
  return out;
}

/** Index of the largest of `count` values from `offset` (first one on ties, as tf.argMax). */
export function argMaxAt(values: ArrayLike<number>, offset: number, count: number): number {
  let best = 0;
  for (let c = 1; c < count; c++)
    if (values[offset + c] > values[offset + best]) best = c;
  return best;
}

/**
 * The top-k swap rate of two replicas' scores [users × candidates] (row-major), the host twin of the tensor
 * `topKSwapRate`: for each user, the share of one replica's top-k candidates missing from the other's (ties go to
 * the lower index, as in tf.topk), averaged over users.
 */
export function topKSwapRateHost(
    s1: ArrayLike<number>, s2: ArrayLike<number>, users: number, candidates: number, k: number): number {
  let swapped = 0;
  for (let u = 0; u < users; u++) {
    const a = topKIndices(s1, u * candidates, candidates, k);
    const b = new Set(topKIndices(s2, u * candidates, candidates, k));
    let shared = 0;
    for (const c of a)
      if (b.has(c)) shared++;
    swapped += 1 - shared / k;
  }
  return swapped / users;
}

/** Indices of the k largest of `count` values from `offset`, best first; equal values: lower index first. */
function topKIndices(values: ArrayLike<number>, offset: number, count: number, k: number): number[] {
  const best: number[] = [];
  for (let c = 0; c < count; c++) {
    const v = values[offset + c];
    if (best.length === k && !(v > values[offset + best[k - 1]])) continue;
    let i = best.length === k ? k - 1 : best.length;
    while (i > 0 && v > values[offset + best[i - 1]]) i--;
    best.splice(i, 0, c);
    if (best.length > k) best.pop();
  }
  return best;
}
