/** The 8×8 digits as a 10-class image task: pixels → MLP with the activation under test → 10 logits. */
import {logSumExp, mean, mul, oneHot, Scalar, softmax, sub, sum, Tensor, tensor1d, tensor2d, tidy} from '@tensorflow/tfjs-core';
import {input, model as tflModel} from '@tensorflow/tfjs-layers';
import seedrandom from 'seedrandom';

import type {DigitsData} from './data/digits';
import {hiddenTower, ModelOptions, outputLayer, Workload} from './workload';

/**
 * Builds the digits workload (a seeded 75/25 split).
 *
 * ```js
 * const {loadDigits} = require('tfjs-smelu-repro/node');  // Node: reads the data from Debian's python3-sklearn
 * const workload = tfSmeluRepro.digitsWorkload(loadDigits());
 * console.log(workload.name);  // digits
 * ```
 */
export function digitsWorkload(data: DigitsData, options: {evalFraction?: number, splitSeed?: number, hidden?: number[]} = {}): Workload {
  const evalFraction = options.evalFraction ?? 0.25;
  if (!(evalFraction > 0 && evalFraction < 1)) throw new Error(`digitsWorkload: evalFraction must be in (0, 1), but got ${evalFraction}.`);
  const hidden = options.hidden ?? [64, 64];
  const rng = seedrandom(`split:${options.splitSeed ?? 0}`);
  const rows = Array.from({length: data.numExamples}, (_, i) => i);
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  const numEval = Math.round(rows.length * evalFraction);
  const split = (which: number[]) => {
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
    kind: 'multiclass',
    trainInputs: [trainSet.x],
    trainLabels: trainSet.y,
    evalInputs: [evalSet.x],
    evalLabels: evalSet.y,
    defaults: {epochs: 20, batchSize: 32, learningRate: 2e-3},
    buildModel: (o: ModelOptions) => {
      const x = input({shape: [data.numFeatures], name: 'pixels'});
      return tflModel({inputs: x, outputs: outputLayer(hiddenTower(x, hidden, o), data.numClasses, o.initSeed)});
    },
    // −log softmax(logits)[label] = logSumExp(logits) − logits[label]; plain ops (tfjs's
    // softmaxCrossEntropy trips tfjs's kernel leak check under IS_TEST).
    loss: (logits: Tensor, labels: Tensor): Scalar => tidy(() => mean(sub(
        logSumExp(logits, -1), sum(mul(oneHot(labels, data.numClasses), logits), -1))) as Scalar),
    probabilities: (logits: Tensor) => softmax(logits),
    dispose: () => {
      for (const t of [trainSet.x, trainSet.y, evalSet.x, evalSet.y]) t.dispose();
    },
  };
}
