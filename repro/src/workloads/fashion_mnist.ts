/**
 * Fashion-MNIST as a 10-class task: 784 pixels → MLP with the activation under
 * test → 10 logits, on the official train/test split. A workload where the
 * nonlinearity matters: a linear model (the `linear` control) is clearly worse
 * than an MLP here, unlike on MovieLens.
 */
import {tensor1d, tensor2d} from '@tensorflow/tfjs-core';

import type {FashionMnistData, FashionMnistSplit} from '../data/fashion_mnist';
import {seededPermutation} from '../training/random';
import {pixelClassifier} from './pixel_classifier';
import type {Workload} from './workload';

/** Options of {@link fashionMnistWorkload}. */
export interface FashionMnistWorkloadOptions {
  /** Train on a seeded random subset of this many of the 60,000 training images (default: all). */
  maxTrain?: number;
  /** Evaluate on a seeded random subset of this many of the 10,000 test images (default: all). */
  maxEval?: number;
  /** Seed of the subsets (default 0). */
  subsetSeed?: number;
  /** Widths of the hidden layers (default [128, 64]). */
  hidden?: number[];
}

/**
 * Builds the Fashion-MNIST workload: pixels scaled to [0, 1], eval = the
 * official test split.
 *
 * ```js
 * const {loadFashionMnist} = require('tfjs-smelu-repro/node');  // Node: Debian's dataset-fashion-mnist
 * const workload = tfSmeluRepro.fashionMnistWorkload(loadFashionMnist(), {maxTrain: 1000, maxEval: 200});
 * console.log(workload.trainLabels.shape);  // [1000]
 * workload.dispose();
 * ```
 * @throws Error when maxTrain or maxEval is not an integer ≥ 1.
 */
export function fashionMnistWorkload(data: FashionMnistData, options: FashionMnistWorkloadOptions = {}): Workload {
  for (const k of ['maxTrain', 'maxEval'] as const) {
    const v = options[k];
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
      throw new Error(`fashionMnistWorkload: ${k} must be an integer ≥ 1, but got ${v}.`);
    }
  }
  const hidden = options.hidden ?? [128, 64];
  const subsetSeed = options.subsetSeed ?? 0;
  const take = (split: FashionMnistSplit, max: number|undefined, label: string) => {
    const count = Math.min(split.count, max ?? split.count);
    // All of a split keeps its order; a subset is a seeded random sample.
    const rows = count === split.count ?
        Int32Array.from({length: count}, (_, i) => i) :
        seededPermutation(split.count, `subset:${label}:${subsetSeed}`).slice(0, count);
    const x = new Float32Array(count * data.numFeatures), y = new Int32Array(count);
    rows.forEach((r, k) => {
      for (let j = 0; j < data.numFeatures; j++)
        x[k * data.numFeatures + j] = split.pixels[r * data.numFeatures + j] / 255;
      y[k] = split.labels[r];
    });
    return {x: tensor2d(x, [count, data.numFeatures]), y: tensor1d(y, 'int32'), count};
  };
  const trainSet = take(data.train, options.maxTrain, 'train');
  const evalSet = take(data.test, options.maxEval, 'test');
  return {
    name: 'fashion-mnist',
    description:
        `Fashion-MNIST: ${data.numFeatures} pixels → MLP [${hidden.join(', ')}] → ${data.numClasses} logits; ` +
        `${trainSet.count} train / ${evalSet.count} eval (test split) images`,
    source: data.source,
    settings: {
      hidden,
      maxTrain: options.maxTrain ?? null,
      maxEval: options.maxEval ?? null,
      subsetSeed,
      numTrain: trainSet.count,
      numEval: evalSet.count
    },
    defaults: {epochs: 5, batchSize: 128, learningRate: 1e-3},
    ...pixelClassifier(trainSet, evalSet, data.numFeatures, data.numClasses, hidden),
  };
}
