/**
 * Prediction-difference (PD) metrics between models trained the same way, on
 * tensors: the functions a user calls on two models' predictions (and the
 * references the host per-example terms of example_pd.ts are tested against).
 *
 * Each metric takes the predictions of two models on the same examples and
 * returns a scalar tensor; {@link pairwiseStats} averages one over every pair
 * of N ≥ 2 replicas. Definitions follow Shamir, Lin & Coviello, "Smooth
 * activations and reproducibility in deep networks" (2020).
 */
import {
  abs,
  add,
  argMax,
  cast,
  div,
  greater,
  maximum,
  mean,
  mul,
  notEqual,
  oneHot,
  reshape,
  Scalar,
  scalar,
  sub,
  sum,
  Tensor,
  tidy,
  topk,
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
  if (scores1.rank !== 2)
    throw new Error(`topKSwapRate: scores must be [users, candidates], but got shape [${scores1.shape}].`);
  const candidates = scores1.shape[1] as number;
  if (!Number.isInteger(k) || k < 1 || k > candidates) {
    throw new Error(`topKSwapRate: k must be an integer in 1..${candidates}, but got ${k}.`);
  }
  return tidy(() => {
    const inTop = (s: Tensor) => sum(oneHot(topk(s, k).indices, candidates), 1);  // [users, candidates] of 0/1
    const shared = sum(mul(inTop(scores1), inTop(scores2)), -1);                  // per user, 0..k
    return sub(1, div(mean(shared), k)) as Scalar;
  });
}
