/**
 * The parts shared by the image workloads (digits, Fashion-MNIST): pixel
 * vectors → MLP with the activation under test → logits, softmax
 * cross-entropy over integer labels.
 */
import type {Tensor1D, Tensor2D} from '@tensorflow/tfjs-core';
import {input, model as tflModel} from '@tensorflow/tfjs-layers';

import {classificationLosses, hiddenTower, ModelOptions, outputLayer, Workload} from './workload';

/** Pixels [n, features] and integer labels [n] of one split. */
export interface PixelSet {
  x: Tensor2D;
  y: Tensor1D;
}

/** The data, model and loss fields of a multiclass pixel workload; `dispose` frees both sets. */
export function pixelClassifier(
    trainSet: PixelSet, evalSet: PixelSet, numFeatures: number, numClasses: number, hidden: number[]):
    Pick<
        Workload,
        'kind'|'numClasses'|'trainInputs'|'trainLabels'|'evalInputs'|'evalLabels'|'buildModel'|'loss'|'exampleLosses'|
        'probabilities'|'dispose'> {
  return {
    kind: 'multiclass',
    numClasses,
    trainInputs: [trainSet.x],
    trainLabels: trainSet.y,
    evalInputs: [evalSet.x],
    evalLabels: evalSet.y,
    buildModel: (o: ModelOptions) => {
      const x = input({shape: [numFeatures], name: 'pixels'});
      return tflModel({inputs: x, outputs: outputLayer(hiddenTower(x, hidden, o), numClasses, o.initSeed)});
    },
    ...classificationLosses(numClasses),
    dispose: () => {
      for (const t of [trainSet.x, trainSet.y, evalSet.x, evalSet.y]) t.dispose();
    },
  };
}
