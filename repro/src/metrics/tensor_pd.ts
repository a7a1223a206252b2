/**
 * Prediction-difference (PD) metrics between models trained the same way.
 *
 * Each metric takes the predictions of two models on the same examples and
 * returns a scalar tensor; {@link pairwiseStats} averages one over every pair
 * of N ≥ 2 replicas. Definitions follow Shamir, Lin & Coviello, "Smooth
 * activations and reproducibility in deep networks" (2020).
 */
import {
  abs, add, argMax, cast, div, maximum, mean, mul, notEqual, oneHot, reshape, Scalar, scalar, sub, sum,
  Tensor, tidy, topk, greater,
} from '@tensorflow/tfjs-core';

/**
 * Predictions whose average is below this are compared absolutely: the
 * relative PD denominator is `max((p1 + p2) / 2, RELATIVE_PD_EPSILON)`.
 *
 * ```js
 * // Both ≈ 0: |1e-9 − 3e-9| / RELATIVE_PD_EPSILON, not 2e-9 / 2e-9.
 * tfSmeluRepro.relativePD(tf.tensor1d([1e-9]), tf.tensor1d([3e-9])).print();  // [0.002]
 * ```
 */
export const RELATIVE_PD_EPSILON = 1e-6;

function assertSameShape(a: Tensor, b: Tensor, where: string): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new Error(`${where}: predictions must have the same shape, but got [${a.shape}] and [${b.shape}].`);
  }
  if (a.size === 0) throw new Error(`${where}: predictions are empty.`);
}

/**
 * Relative prediction difference: the mean over all entries of
 * `|p1 − p2| / ((p1 + p2) / 2)`, in [0, 2].
 *
 * For p ≈ 0: the denominator is clamped at `epsilon` (default
 * {@link RELATIVE_PD_EPSILON}), so two predictions that are both (almost) zero
 * count as agreeing (0/ε = 0) instead of producing 0/0, and a tiny difference
 * between tiny predictions counts in proportion to its absolute size. Every
 * term stays in [0, 2].
 *
 * For class distributions ([n, C]) it averages over examples and classes.
 *
 * ```js
 * const p1 = tf.tensor1d([0.2, 0.5]), p2 = tf.tensor1d([0.6, 0.5]);
 * tfSmeluRepro.relativePD(p1, p2).print();  // (0.4/0.4 + 0)/2 = 0.5
 * ```
 */
export function relativePD(p1: Tensor, p2: Tensor, epsilon = RELATIVE_PD_EPSILON): Scalar {
  assertSameShape(p1, p2, 'relativePD');
  if (!(epsilon > 0)) throw new Error(`relativePD: epsilon must be > 0, but got ${epsilon}.`);
  return tidy(() => {
    const denom = maximum(div(add(p1, p2), 2), scalar(epsilon));
    return mean(div(abs(sub(p1, p2)), denom)) as Scalar;
  });
}

/**
 * Absolute prediction difference: mean of `|p1 − p2|` over all entries.
 *
 * ```js
 * tfSmeluRepro.absolutePD(tf.tensor1d([0.2, 0.5]), tf.tensor1d([0.6, 0.5])).print();  // 0.2
 * ```
 */
export function absolutePD(p1: Tensor, p2: Tensor): Scalar {
  assertSameShape(p1, p2, 'absolutePD');
  return tidy(() => mean(abs(sub(p1, p2))) as Scalar);
}

/**
 * Top-1 disagreement: share of examples whose predicted class differs. For
 * class distributions [n, C] it compares the argmax; for binary probabilities
 * [n] (or [n, 1]) it compares `p > 0.5`.
 *
 * ```js
 * const a = tf.tensor2d([[0.9, 0.1], [0.4, 0.6]]), b = tf.tensor2d([[0.8, 0.2], [0.7, 0.3]]);
 * tfSmeluRepro.top1Disagreement(a, b).print();  // 0.5
 * ```
 */
export function top1Disagreement(p1: Tensor, p2: Tensor): Scalar {
  assertSameShape(p1, p2, 'top1Disagreement');
  return tidy(() => {
    const binary = p1.rank === 1 || (p1.rank === 2 && p1.shape[1] === 1);
    const c1 = binary ? greater(reshape(p1, [-1]), 0.5) : argMax(p1, -1);
    const c2 = binary ? greater(reshape(p2, [-1]), 0.5) : argMax(p2, -1);
    return mean(cast(notEqual(c1, c2), 'float32')) as Scalar;
  });
}

/**
 * Half the L1 distance between class distributions, averaged over examples:
 * `mean_n ½ Σ_c |p1[n, c] − p2[n, c]|` (total variation distance), in [0, 1].
 * Binary probabilities [n] are treated as the distributions (p, 1 − p).
 *
 * ```js
 * const a = tf.tensor2d([[1, 0, 0]]), b = tf.tensor2d([[0.5, 0.5, 0]]);
 * tfSmeluRepro.halfL1Distance(a, b).print();  // 0.5
 * ```
 */
export function halfL1Distance(p1: Tensor, p2: Tensor): Scalar {
  assertSameShape(p1, p2, 'halfL1Distance');
  return tidy(() => {
    if (p1.rank === 1 || (p1.rank === 2 && p1.shape[1] === 1)) return mean(abs(sub(p1, p2))) as Scalar;
    return mean(mul(sum(abs(sub(p1, p2)), -1), 0.5)) as Scalar;
  });
}

/**
 * Top-k swap rate for recommenders: for scores [users, candidates], the share
 * of each user's top-k candidates that are not in the other model's top-k
 * (order within the top-k ignored), averaged over users. 0 = same lists.
 *
 * ```js
 * const s1 = tf.tensor2d([[0.9, 0.8, 0.1]]), s2 = tf.tensor2d([[0.9, 0.1, 0.8]]);
 * tfSmeluRepro.topKSwapRate(s1, s2, 2).print();  // 0.5: one of two items differs
 * ```
 */
export function topKSwapRate(scores1: Tensor, scores2: Tensor, k: number): Scalar {
  assertSameShape(scores1, scores2, 'topKSwapRate');
  if (scores1.rank !== 2) throw new Error(`topKSwapRate: scores must be [users, candidates], but got shape [${scores1.shape}].`);
  const candidates = scores1.shape[1] as number;
  if (!Number.isInteger(k) || k < 1 || k > candidates) {
    throw new Error(`topKSwapRate: k must be an integer in 1..${candidates}, but got ${k}.`);
  }
  return tidy(() => {
    const inTop = (s: Tensor) => sum(oneHot(topk(s, k).indices, candidates), 1);  // [users, candidates] of 0/1
    const shared = sum(mul(inTop(scores1), inTop(scores2)), -1);                // per user, 0..k
    return sub(1, div(mean(shared), k)) as Scalar;
  });
}

/** Mean, spread and range of a metric over all replica pairs. */
export interface PairwiseStats {
  /** Mean over the N(N−1)/2 pairs. */
  mean: number;
  /** Sample standard deviation over the pairs (0 for a single pair). */
  std: number;
  min: number;
  max: number;
  /** The value of every pair, in order (0,1), (0,2), ..., (N−2,N−1). */
  values: number[];
}

/**
 * Applies `metric` to every pair of replica predictions and summarizes it.
 *
 * ```js
 * const preds = [tf.tensor1d([0.2]), tf.tensor1d([0.4]), tf.tensor1d([0.2])];
 * const stats = tfSmeluRepro.pairwiseStats(preds, tfSmeluRepro.absolutePD);
 * console.log(stats.values);  // ≈ [0.2, 0, 0.2]
 * ```
 * @param predictions Predictions of N ≥ 2 replicas on the same examples.
 * @param metric A metric such as {@link relativePD}.
 */
export function pairwiseStats(predictions: Tensor[], metric: (a: Tensor, b: Tensor) => Scalar): PairwiseStats {
  if (predictions.length < 2) {
    throw new Error(`pairwiseStats: needs predictions of at least 2 replicas, but got ${predictions.length}.`);
  }
  const values: number[] = [];
  for (let i = 0; i < predictions.length; i++) {
    for (let j = i + 1; j < predictions.length; j++) {
      const v = metric(predictions[i], predictions[j]);
      values.push(v.dataSync()[0]);
      v.dispose();
    }
  }
  return summarize(values);
}

/**
 * Mean, sample standard deviation, min and max of numbers.
 *
 * ```js
 * const {mean, std, min, max} = tfSmeluRepro.summarize([1, 2, 3]);
 * console.log(mean, std, min, max);  // 2 1 1 3
 * ```
 */
export function summarize(values: number[]): PairwiseStats {
  const n = values.length;
  const m = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1) : 0;
  return {mean: m, std: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values), values};
}

/**
 * Area under the ROC curve of scores for 0/1 labels (ties count half), via the
 * rank-sum statistic. Computed on the host: sorting is not a tensor op.
 *
 * ```js
 * tfSmeluRepro.rocAuc(new Float32Array([0.1, 0.4, 0.35, 0.8]), new Float32Array([0, 0, 1, 1]));  // 0.75
 * ```
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  if (n !== labels.length) throw new Error(`rocAuc: ${n} scores but ${labels.length} labels.`);
  const order = Array.from({length: n}, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0, rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]] === scores[order[i]]) j++;
    const avgRank = (i + j) / 2 + 1;  // 1-based average rank of the tie group
    for (let t = i; t <= j; t++) {
      if (labels[order[t]] > 0.5) {
        positives++;
        rankSum += avgRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
}
