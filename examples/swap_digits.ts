/**
 * Swap ReLU for SmeLU in a trained model, then fine-tune.
 *
 * Trains a ReLU MLP on scikit-learn's 8×8 digits (1,797 images; read from
 * Debian's python3-sklearn package, downloaded once into the cache folder;
 * nothing is committed), swaps its activations with `swapActivations`, and
 * prints test accuracy before the swap, right after it, and after a short
 * fine-tune. Then saves the swapped model with the plain-Node file handler
 * and loads it back.
 *
 * Run: npm run example:swap [-- --beta 1 --data-path path/to/digits.csv.gz]
 */
import * as tf from '@tensorflow/tfjs';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import seedrandom from 'seedrandom';
import {parseArgs} from 'util';

import {swapActivations} from 'tfjs-smelu';
import {loadDigits} from 'tfjs-smelu-repro/node';
import {fileSystemHandler} from 'tfjs-smelu/node';

const {values: args} = parseArgs({
  options: {
    'beta': {type: 'string', default: '1'},
    'data-path': {type: 'string'},
    'epochs': {type: 'string', default: '20'},
    'finetune-epochs': {type: 'string', default: '3'},
  },
});

/** A seeded shuffle of 0..n-1 (Fisher–Yates), so every run splits the same way. */
function permutation(n: number, seed: string): number[] {
  const random = seedrandom(seed);
  const order = Array.from({length: n}, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

function accuracy(model: tf.LayersModel, xs: tf.Tensor, labels: tf.Tensor): number {
  return tf.tidy(() => {
    const predicted = (model.predict(xs) as tf.Tensor).argMax(-1);
    return predicted.equal(labels).mean().dataSync()[0];
  });
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const beta = Number(args.beta);
  const digits = loadDigits({path: args['data-path']});
  console.log(`data: ${digits.numExamples} digits (8x8) from ${digits.source}`);

  const order = permutation(digits.numExamples, 'swap-example');
  const numTrain = 1400;
  const [xTrain, yTrain, xTest, labelsTest] = tf.tidy(() => {
    const all = tf.tensor2d(digits.pixels, [digits.numExamples, digits.numFeatures]);
    const labels = tf.tensor1d(digits.labels, 'int32');
    const trainIdx = tf.tensor1d(order.slice(0, numTrain), 'int32');
    const testIdx = tf.tensor1d(order.slice(numTrain), 'int32');
    return [
      all.gather(trainIdx), tf.oneHot(labels.gather(trainIdx), 10).toFloat(),
      all.gather(testIdx), labels.gather(testIdx),
    ];
  });

  const dense = (name: string, units: number, seed: number, activation: 'relu'|'softmax', inputShape?: number[]) =>
      tf.layers.dense({name, units, activation, inputShape, kernelInitializer: tf.initializers.heNormal({seed})});
  const model = tf.sequential({layers: [
    dense('hidden1', 64, 1, 'relu', [64]), dense('hidden2', 32, 2, 'relu'), dense('classes', 10, 3, 'softmax'),
  ]});
  model.compile({optimizer: tf.train.adam(0.003), loss: 'categoricalCrossentropy', metrics: ['accuracy']});
  // shuffle: false (the data are pre-shuffled with a seed) keeps the run deterministic.
  const fitOptions = {batchSize: 32, shuffle: false, verbose: 0 as const};
  await model.fit(xTrain, yTrain, {...fitOptions, epochs: Number(args.epochs)});
  const before = accuracy(model, xTest, labelsTest);

  const {model: swapped, replaced, compiled} = await swapActivations(model, {beta});
  console.log(`swapped (beta=${beta}, compiled copy: ${compiled}):`);
  for (const r of replaced) console.log(`  ${r.layerName} (${r.className}): ${r.before} -> ${r.after}`);
  const rightAfter = accuracy(swapped, xTest, labelsTest);
  await swapped.fit(xTrain, yTrain, {...fitOptions, epochs: Number(args['finetune-epochs'])});
  const afterFineTune = accuracy(swapped, xTest, labelsTest);

  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  console.log(`test accuracy (${digits.numExamples - numTrain} held-out digits):`);
  const rows: Array<[string, number]> = [
    ['ReLU model, before swap', before],
    ['SmeLU model, right after swap', rightAfter],
    [`SmeLU model, after ${args['finetune-epochs']} fine-tuning epochs`, afterFineTune],
  ];
  for (const [label, value] of rows) console.log(`  ${label.padEnd(40)} ${pct(value)}`);

  // Save with the plain-Node handler (same files as tfjs-node's file://) and load back.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-swap-example-'));
  try {
    await swapped.save(fileSystemHandler(path.join(dir, 'model')));
    const loaded = await tf.loadLayersModel(fileSystemHandler(path.join(dir, 'model', 'model.json')));
    console.log(`saved to and reloaded from ${dir}/model: accuracy ${pct(accuracy(loaded, xTest, labelsTest))}`);
    loaded.dispose();
  } finally {
    fs.rmSync(dir, {recursive: true, force: true});
  }
  tf.dispose([xTrain, yTrain, xTest, labelsTest]);
  model.dispose();
  swapped.dispose();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
