/**
 * A small CNN on Fashion-MNIST, trained twice from the same initial weights on
 * the same batches: once with ReLU, once with SmeLU. Prints each version's
 * accuracy and time per epoch and their test accuracies, then saves the SmeLU
 * model and loads it back to check that the reloaded model predicts the same.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import {fileSystemHandler} from 'tfjs-smelu/node';
import * as tf from 'tfjs-smelu/tfjs';  // @tensorflow/tfjs with tf.layers.smelu
import {exitWith, intFlag, parseFlags, secondsSince, useBackend} from '../shared/cli.js';
import {imageTensors, loadFashionMnistOrExit, seededOrder} from '../shared/data.js';

const NAME = 'fashion-mnist-cnn';
const USAGE = `npm run example:${NAME} -- [--epochs 5] [--beta 1] [--batch-size 64] ` +
    '[--backend tensorflow|wasm|cpu] [--data-path DIR] [--save-dir DIR] [--smoke]';

/**
 * conv → pool → conv → pool → dense → softmax. ReLU is written the usual way,
 * as the layers' `activation` (tfjs fuses it into the conv and matMul kernels);
 * SmeLU is a layer after each of them. Seeded initializers give both versions
 * the same starting weights.
 */
function createModel(activation, beta) {
  let seed = 1;
  const layer = (make, args) => make({
    ...args,
    activation: activation === 'relu' ? 'relu' : 'linear',
    kernelInitializer: tf.initializers.heNormal({seed: seed++})
  });
  const smelu = () => activation === 'smelu' ? [tf.layers.smelu({beta})] : [];
  return tf.sequential({
    layers: [
      layer(tf.layers.conv2d, {inputShape: [28, 28, 1], filters: 16, kernelSize: 3}),
      ...smelu(),
      tf.layers.maxPooling2d({poolSize: 2}),
      layer(tf.layers.conv2d, {filters: 32, kernelSize: 3}),
      ...smelu(),
      tf.layers.maxPooling2d({poolSize: 2}),
      tf.layers.flatten(),
      layer(tf.layers.dense, {units: 64}),
      ...smelu(),
      tf.layers.dense({units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({seed})}),
    ]
  });
}

async function main() {
  const args = parseFlags(
      NAME, USAGE, {
        'epochs': {type: 'string', default: '5'},
        'beta': {type: 'string', default: '1'},
        'batch-size': {type: 'string', default: '64'},
        'data-path': {type: 'string'},
        'save-dir': {type: 'string'},
      },
      {wasm: 'tfjs\'s wasm backend has no kernel for the convolution\'s gradient (Conv2DBackpropFilter)'});
  const epochs = args.smoke ? 1 : intFlag(NAME, args, 'epochs');
  const batchSize = intFlag(NAME, args, 'batch-size');
  const beta = Number(args.beta);
  if (!(beta > 0 && Number.isFinite(beta))) exitWith(NAME, `--beta must be a number > 0, got '${args.beta}'.`, 2);
  const backend = await useBackend(NAME, args.backend);

  const data = loadFashionMnistOrExit(NAME, args['data-path']);
  // --smoke: a few batches, to check that everything runs.
  const [numTrain, numTest] = args.smoke ? [512, 256] : [data.train.count, data.test.count];
  const train = imageTensors(data.train, numTrain);
  const test = imageTensors(data.test, numTest);
  // One fixed order for both versions; fit's own shuffle (Math.random) stays off so they see the same batches.
  const [xTrain, yTrain] = tf.tidy(() => {
    const order = seededOrder(numTrain, 42);
    return [train.xs.gather(order), train.ys.gather(order)];
  });
  console.log(
      `${numTrain} training images (10% held out for validation), ${numTest} test images, ` +
      `from ${data.source}; backend ${backend}, batch ${batchSize}, SmeLU β = ${beta}`);

  const versions = ['relu', 'smelu'].map((activation) => {
    const model = createModel(activation, beta);
    model.compile({optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy']});
    return {activation, model, seconds: []};
  });
  // Epochs alternate between the versions, so that a busy machine slows both alike.
  for (let epoch = 0; epoch < epochs; epoch++) {
    const line = [];
    for (const version of versions) {
      const start = performance.now();
      const {history} = await version.model.fit(xTrain, yTrain, {
        epochs: epoch + 1,
        initialEpoch: epoch,
        batchSize,
        validationSplit: 0.1,
        shuffle: false,
        verbose: 0,
      });
      version.seconds.push(secondsSince(start));
      line.push(
          `${version.activation.padEnd(5)} loss ${history.loss[0].toFixed(3)} acc ${history.acc[0].toFixed(3)} ` +
          `val_acc ${history.val_acc[0].toFixed(3)} ${version.seconds[epoch].toFixed(1).padStart(5)} s`);
    }
    console.log(`epoch ${epoch + 1}/${epochs}  ${line.join('  |  ')}`);
  }

  const [relu, smelu] = versions;
  for (const version of versions) {
    const [loss, accuracy] = version.model.evaluate(test.xs, test.ys, {batchSize: 256});
    version.testAccuracy = (await accuracy.data())[0];
    tf.dispose([loss, accuracy]);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
      `test accuracy (${numTest} images): ReLU ${relu.testAccuracy.toFixed(4)}, ` +
      `SmeLU ${smelu.testAccuracy.toFixed(4)}`);
  console.log(
      `time per epoch (median): ReLU ${median(relu.seconds).toFixed(1)} s, ` +
      `SmeLU ${median(smelu.seconds).toFixed(1)} s (SmeLU/ReLU ${
          (median(smelu.seconds) / median(relu.seconds)).toFixed(2)}×)`);

  // Save and load back: tfjs-smelu registers the SmeLU layer for deserialization, so loading needs nothing else.
  // fileSystemHandler writes what tfjs-node's file:// does, and works on the cpu backend too.
  const saveDir = args['save-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), `${NAME}-`));
  try {
    await smelu.model.save(fileSystemHandler(saveDir));
    const loaded = await tf.loadLayersModel(fileSystemHandler(path.join(saveDir, 'model.json')));
    const maxDiff = tf.tidy(() => loaded.predict(test.xs).sub(smelu.model.predict(test.xs)).abs().max().dataSync()[0]);
    loaded.dispose();
    if (maxDiff > 1e-6) exitWith(NAME, `the reloaded model predicts differently (max |difference| ${maxDiff}).`);
    console.log(
        `saved the SmeLU model${args['save-dir'] ? ` to ${saveDir}` : ''} and loaded it back: ` +
        `its predictions on the ${numTest} test images match (max |difference| ${maxDiff})`);
  } finally {
    if (args['save-dir'] == null) fs.rmSync(saveDir, {recursive: true, force: true});
  }
  tf.dispose([train, test, xTrain, yTrain]);
  versions.forEach((v) => v.model.dispose());
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
