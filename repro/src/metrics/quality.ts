/**
 * How good one replica's predictions are on the eval split (host arithmetic,
 * float64): accuracy, ROC AUC, R², MSE, MAE and RMSE. The experiment's
 * quality column and `compare`'s compile-config metrics both compute them
 * here.
 */
import {argMaxAt} from './example_pd';

/** The quality metrics, by the names a compile config gives them. */
export type QualityMetric = 'accuracy'|'auc'|'mse'|'mae'|'rmse'|'r2';

/**
 * Column titles of the quality metrics.
 *
 * ```js
 * // not run: internal
 * QUALITY_METRIC_TITLES.r2;  // 'R²'
 * ```
 */
export const QUALITY_METRIC_TITLES: Readonly<Record<QualityMetric, string>> = {
  accuracy: 'accuracy',
  auc: 'AUC',
  mse: 'MSE',
  mae: 'MAE',
  rmse: 'RMSE',
  r2: 'R²',
};

/**
 * One quality metric of one replica: `predictions` are [n] P(y = 1) (binary, `numClasses` 1), [n × numClasses]
 * class probabilities (row-major), or [n] predicted values (regression), against the n eval `labels`.
 */
export function qualityMetric(
    name: QualityMetric, predictions: ArrayLike<number>, labels: ArrayLike<number>, numClasses: number): number {
  switch (name) {
    case 'accuracy':
      return accuracy(predictions, labels, numClasses);
    case 'auc':
      return rocAuc(predictions, labels);
    case 'mse':
      return meanSquaredError(predictions, labels);
    case 'rmse':
      return Math.sqrt(meanSquaredError(predictions, labels));
    case 'mae':
      return meanAbsoluteError(predictions, labels);
    case 'r2':
      return rSquared(predictions, labels);
  }
}

/** Share of examples whose predicted class (binary: p > 0.5; else the top class) is the label. */
export function accuracy(predictions: ArrayLike<number>, labels: ArrayLike<number>, numClasses: number): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted =
        numClasses === 1 ? (predictions[i] > 0.5 ? 1 : 0) : argMaxAt(predictions, i * numClasses, numClasses);
    if (predicted === labels[i]) correct++;
  }
  return correct / labels.length;
}

/** 1 − Σ(y − ŷ)² / Σ(y − ȳ)² (float64); NaN when the labels are constant. */
export function rSquared(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < labels.length; i++) mean += labels[i];
  mean /= labels.length;
  let sse = 0, sst = 0;
  for (let i = 0; i < labels.length; i++) {
    sse += (labels[i] - predictions[i]) ** 2;
    sst += (labels[i] - mean) ** 2;
  }
  return sst > 0 ? 1 - sse / sst : NaN;
}

/** Mean of (ŷ − y)². */
export function meanSquaredError(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  let se = 0;
  for (let i = 0; i < labels.length; i++) se += (predictions[i] - labels[i]) ** 2;
  return se / labels.length;
}

/** Mean of |ŷ − y|. */
export function meanAbsoluteError(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  let ae = 0;
  for (let i = 0; i < labels.length; i++) ae += Math.abs(predictions[i] - labels[i]);
  return ae / labels.length;
}

/**
 * Area under the ROC curve of scores for 0/1 labels (ties count half), via the
 * rank-sum statistic; NaN when the labels are all one class.
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
