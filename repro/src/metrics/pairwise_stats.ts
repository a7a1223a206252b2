/** Statistics over replica pairs (and over replicas): the mean, spread and range every result reports. */
import type {Scalar, Tensor} from '@tensorflow/tfjs-core';

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
 * const {mean, std, min, max} = summarize([1, 2, 3]);
 * console.log(mean, std, min, max);  // 2 1 1 3
 * ```
 */
export function summarize(values: number[]): PairwiseStats {
  const n = values.length;
  const m = values.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? values.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1) : 0;
  return {mean: m, std: Math.sqrt(variance), min: Math.min(...values), max: Math.max(...values), values};
}
