/**
 * Evaluation and prediction-difference (PD) numbers for one pair of replicas,
 * computed on tensors with this package's PD metrics and read back once.
 */
import * as tf from '@tensorflow/tfjs';

import {relativePD, top1Disagreement} from 'tfjs-smelu-repro';

export interface PairMetrics {
  /** Mean categorical cross-entropy of each replica on the test split. */
  loss: [number, number];
  /** Top-1 accuracy of each replica on the test split. */
  accuracy: [number, number];
  /**
   * Relative PD: mean over test examples of |p1 − p2| / max((p1 + p2)/2, ε),
   * where p is the probability a replica gives the example's true class
   * (the package's `relativePD`, ε = `RELATIVE_PD_EPSILON`).
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
    const trueClass = (p: tf.Tensor2D) => tf.sum(tf.mul(p, oneHot), 1);
    return tf.stack([
      lossOf(probs1), lossOf(probs2), accuracyOf(probs1), accuracyOf(probs2),
      relativePD(trueClass(probs1), trueClass(probs2)), top1Disagreement(probs1, probs2)
    ]);
  });
  const [loss1, loss2, acc1, acc2, pd, disagreement] = Array.from(await packed.data());
  packed.dispose();
  return {loss: [loss1, loss2], accuracy: [acc1, acc2], relativePD: pd, top1Disagreement: disagreement};
}
