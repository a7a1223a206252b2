/**
 * Evaluation and prediction-difference (PD) numbers for one pair of replicas,
 * computed on tensors and read back once.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Below this mean probability a pair of predictions counts as "both ≈ 0": the
 * relative difference uses this floor as denominator, so two tiny
 * probabilities cannot make a large relative PD out of noise.
 */
export const RELATIVE_PD_FLOOR = 1e-6;

export interface PairMetrics {
  /** Mean categorical cross-entropy of each replica on the test split. */
  loss: [number, number];
  /** Top-1 accuracy of each replica on the test split. */
  accuracy: [number, number];
  /**
   * Relative PD: mean over test examples of |p1 − p2| / max((p1 + p2)/2, floor),
   * where p is the probability a replica gives the example's true class.
   */
  relativePD: number;
  /** Share of test examples whose predicted class differs between replicas. */
  top1Disagreement: number;
}

/**
 * Compares two replicas' class probabilities (shape [n, classes]) on the same
 * examples with the integer labels `labels` (shape [n]).
 */
export async function comparePredictions(
    probs1: tf.Tensor2D, probs2: tf.Tensor2D, labels: tf.Tensor1D): Promise<PairMetrics> {
  const packed = tf.tidy(() => {
    const numClasses = probs1.shape[1];
    const oneHot = tf.oneHot(labels, numClasses);
    const lossOf = (p: tf.Tensor2D) => tf.metrics.categoricalCrossentropy(oneHot, p).mean();
    const accuracyOf = (p: tf.Tensor2D) => tf.equal(tf.argMax(p, 1), labels).cast('float32').mean();
    const trueClass1 = tf.sum(tf.mul(probs1, oneHot), 1);
    const trueClass2 = tf.sum(tf.mul(probs2, oneHot), 1);
    const meanProb = tf.maximum(tf.div(tf.add(trueClass1, trueClass2), 2), RELATIVE_PD_FLOOR);
    const relativePD = tf.div(tf.abs(tf.sub(trueClass1, trueClass2)), meanProb).mean();
    const disagreement = tf.notEqual(tf.argMax(probs1, 1), tf.argMax(probs2, 1)).cast('float32').mean();
    return tf.stack([lossOf(probs1), lossOf(probs2), accuracyOf(probs1), accuracyOf(probs2), relativePD,
      disagreement]);
  });
  const [loss1, loss2, acc1, acc2, relativePD, top1Disagreement] = Array.from(await packed.data());
  packed.dispose();
  return {loss: [loss1, loss2], accuracy: [acc1, acc2], relativePD, top1Disagreement};
}
