/**
 * Two replicas per activation, trained side by side on the same data with the
 * same initial weights; the only difference between the replicas is the seed
 * of the order in which they see the training examples. Whatever they end up
 * disagreeing on is the irreproducibility the activation lets through.
 */
import * as tf from '@tensorflow/tfjs';

import {layers as smeluLayers} from 'tfjs-smelu';
import {SeededTrainer} from 'tfjs-smelu-repro';
import {DigitsData, NUM_CLASSES, NUM_PIXELS} from './digits';
import {comparePredictions, PairMetrics} from './metrics';

export type TrainedActivation = 'relu'|'smelu';
export const TRAINED_ACTIVATIONS: TrainedActivation[] = ['relu', 'smelu'];

export interface ExperimentConfig {
  /** SmeLU half-width used by the smelu models. */
  beta: number;
  epochs: number;
  batchSize: number;
  hiddenUnits: number;
  learningRate: number;
  /** Seed of the initial weights, shared by every model. */
  initSeed: number;
  /** Data-order seed of each of the two replicas (the one controlled difference). */
  orderSeeds: [number, number];
}

export const DEFAULT_CONFIG: ExperimentConfig = {
  beta: 1,
  epochs: 8,
  batchSize: 64,
  hiddenUnits: 64,
  learningRate: 0.005,
  initSeed: 7,
  orderSeeds: [1, 2],
};

/** Test-split metrics of one activation's replica pair after some training. */
export interface EpochReport {
  activation: TrainedActivation;
  /** Epochs of training done (fractional when stopped mid-epoch). */
  epoch: number;
  metrics: PairMetrics;
}

interface Replica {
  model: tf.LayersModel;
  /** The toolkit's seeded trainer: Adam, one batch at a time, in the order its seeds give. */
  trainer: SeededTrainer;
}

/** A dense 64-h-h-10 classifier (logits out) whose hidden activation is ReLU or SmeLU(β). */
export function buildClassifier(
    activation: TrainedActivation, config: Pick<ExperimentConfig, 'beta'|'hiddenUnits'|'initSeed'>): tf.Sequential {
  const model = tf.sequential();
  // Seeded initializers give every model the same starting weights.
  const kernelInitializer = (layer: number) => tf.initializers.glorotUniform({seed: config.initSeed * 100 + layer});
  for (let layer = 0; layer < 2; layer++) {
    model.add(tf.layers.dense({
      units: config.hiddenUnits,
      kernelInitializer: kernelInitializer(layer),
      ...(layer === 0 ? {inputShape: [NUM_PIXELS]} : {}),
    }));
    model.add(activation === 'smelu' ? smeluLayers.smelu({beta: config.beta}) : tf.layers.reLU());
  }
  model.add(tf.layers.dense({units: NUM_CLASSES, kernelInitializer: kernelInitializer(2)}));
  return model;
}

/**
 * Runs the experiment, calling `onEpoch` before training (epoch 0) and after
 * every epoch with both activations' metrics. `shouldStop` is polled between batches; on a stop the
 * models are evaluated where they are and that report is the last one.
 */
export async function trainReplicas(
    data: DigitsData, config: ExperimentConfig, onEpoch: (reports: EpochReport[]) => void,
    shouldStop: () => boolean): Promise<EpochReport[]> {
  const tensors = tf.tidy(() => ({
                            xTrain: tf.tensor2d(data.train.features, [data.train.count, NUM_PIXELS]),
                            yTrain: tf.oneHot(tf.tensor1d(data.train.labels, 'int32'), NUM_CLASSES).cast('float32'),
                            xTest: tf.tensor2d(data.test.features, [data.test.count, NUM_PIXELS]),
                            labelsTest: tf.tensor1d(data.test.labels, 'int32'),
                          }));
  const replicas = new Map<TrainedActivation, Replica[]>();
  for (const activation of TRAINED_ACTIVATIONS) {
    replicas.set(activation, config.orderSeeds.map((orderSeed) => {
      const model = buildClassifier(activation, config);
      // Both activations get the same order seed per replica, so ReLU and SmeLU differ only in the activation.
      const trainer = new SeededTrainer(model, [tensors.xTrain], tensors.yTrain, {
        epochs: config.epochs,
        batchSize: config.batchSize,
        learningRate: config.learningRate,
        shuffle: 'example',
        orderSeed,
        loss: (logits, labels) => tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar,
      });
      return {model, trainer};
    }));
  }

  const evaluate = async (epoch: number) => {
    const reports: EpochReport[] = [];
    for (const activation of TRAINED_ACTIVATIONS) {
      const [a, b] = replicas.get(activation)!;
      const [p1, p2] = [a, b].map((r) => tf.tidy(() => tf.softmax(r.model.predict(tensors.xTest) as tf.Tensor2D)));
      reports.push({activation, epoch, metrics: await comparePredictions(p1, p2, tensors.labelsTest)});
      tf.dispose([p1, p2]);
    }
    return reports;
  };

  const batchesPerEpoch = Math.ceil(data.train.count / config.batchSize);
  let last: EpochReport[] = [];
  try {
    // Epoch 0: identical weights, so PD starts at exactly 0 and what follows is drift.
    last = await evaluate(0);
    onEpoch(last);
    training: for (let epoch = 0; epoch < config.epochs; epoch++) {
      for (let batch = 0; batch < batchesPerEpoch; batch++) {
        if (shouldStop()) {
          last = await evaluate(epoch + batch / batchesPerEpoch);
          onEpoch(last);
          break training;
        }
        for (const pair of replicas.values())
          for (const replica of pair) replica.trainer.trainBatch();
        // Let the page repaint and see the stop button between batches.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      last = await evaluate(epoch + 1);
      onEpoch(last);
    }
  } finally {
    tf.dispose(Object.values(tensors));
    for (const pair of replicas.values()) {
      for (const r of pair) {
        r.trainer.dispose();
        r.model.dispose();
      }
    }
  }
  return last;
}
