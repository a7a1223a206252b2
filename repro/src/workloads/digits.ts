/** The 8×8 digits as a 10-class image task: pixels → MLP with the activation under test → 10 logits. */
import {tensor1d, tensor2d} from '@tensorflow/tfjs-core';

import type {DigitsData} from '../data/digits';
import {seededPermutation} from '../training/random';
import {pixelClassifier} from './pixel_classifier';
import type {Workload} from './workload';

/**
 * Builds the digits workload (a seeded 75/25 split).
 *
 * ```js
 * const {loadDigits} = require('tfjs-smelu-repro/node');  // Node: reads the data from Debian's python3-sklearn
 * const workload = tfSmeluRepro.digitsWorkload(loadDigits());
 * console.log(workload.name);  // digits
 * ```
 * @throws Error when evalFraction is not in (0, 1).
 */
export function digitsWorkload(
    data: DigitsData, options: {evalFraction?: number, splitSeed?: number, hidden?: number[]} = {}): Workload {
  const evalFraction = options.evalFraction ?? 0.25;
  if (!(evalFraction > 0 && evalFraction < 1))
    throw new Error(`digitsWorkload: evalFraction must be in (0, 1), but got ${evalFraction}.`);
  const hidden = options.hidden ?? [64, 64];
  const splitSeed = options.splitSeed ?? 0;
  const rows = seededPermutation(data.numExamples, `split:${splitSeed}`);
  const numEval = Math.round(rows.length * evalFraction);
  const split = (which: Int32Array) => {
    const x = new Float32Array(which.length * data.numFeatures), y = new Int32Array(which.length);
    which.forEach((r, k) => {
      x.set(data.pixels.subarray(r * data.numFeatures, (r + 1) * data.numFeatures), k * data.numFeatures);
      y[k] = data.labels[r];
    });
    return {x: tensor2d(x, [which.length, data.numFeatures]), y: tensor1d(y, 'int32')};
  };
  const evalSet = split(rows.slice(0, numEval));
  const trainSet = split(rows.slice(numEval));
  return {
    name: 'digits',
    description: `8×8 digits: ${data.numFeatures} pixels → MLP [${hidden.join(', ')}] → ${data.numClasses} logits; ` +
        `${data.numExamples - numEval} train / ${numEval} eval images`,
    source: data.source,
    settings: {evalFraction, splitSeed, hidden, numTrain: data.numExamples - numEval, numEval},
    defaults: {epochs: 20, batchSize: 32, learningRate: 2e-3},
    ...pixelClassifier(trainSet, evalSet, data.numFeatures, data.numClasses, hidden),
  };
}
