/**
 * Swap ReLU for SmeLU in a trained model, then fine-tune. Trains a ReLU MLP on
 * Fashion-MNIST, swaps its activations with `swapActivations` for a few β,
 * and prints test accuracy before the swap, right after it and after a short
 * fine-tune, next to the ReLU model fine-tuned for as long (the control).
 */
import {swapActivations} from 'tfjs-smelu';
import * as tf from 'tfjs-smelu/tfjs';
import {exitWith, intFlag, parseFlags, useBackend} from '../shared/cli.js';
import {imageTensors, loadFashionMnistOrExit, seededOrder} from '../shared/data.js';

const NAME = 'swap-fine-tune';
const USAGE = `npm run example:swap -- [--epochs 5] [--fine-tune-epochs 2] [--betas 0.5,1,2] ` +
    '[--backend tensorflow|wasm|cpu] [--data-path DIR] [--smoke]';

/** 784 → 256 → 128 → 10, ReLU, as a model one would already have trained. */
function createReluModel() {
  const dense = (units, seed, activation = 'relu') =>
      tf.layers.dense({units, activation, kernelInitializer: tf.initializers.heNormal({seed})});
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({inputShape: [28, 28, 1]}),
      dense(256, 1),
      dense(128, 2),
      dense(10, 3, 'softmax'),
    ]
  });
  compile(model);
  return model;
}

function compile(model) {
  model.compile({optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy']});
}

async function testAccuracy(model, test) {
  const [loss, accuracy] = model.evaluate(test.xs, test.ys, {batchSize: 1024});
  const value = (await accuracy.data())[0];
  tf.dispose([loss, accuracy]);
  return value;
}

async function main() {
  const args = parseFlags(NAME, USAGE, {
    'epochs': {type: 'string', default: '5'},
    'fine-tune-epochs': {type: 'string', default: '2'},
    'betas': {type: 'string', default: '0.5,1,2'},
    'data-path': {type: 'string'},
  });
  const epochs = args.smoke ? 1 : intFlag(NAME, args, 'epochs');
  const fineTuneEpochs = args.smoke ? 1 : intFlag(NAME, args, 'fine-tune-epochs');
  const betas = args.betas.split(',').map(Number);
  if (!betas.every((b) => b > 0 && Number.isFinite(b))) {
    exitWith(NAME, `--betas must be numbers > 0 separated by commas, got '${args.betas}'.`, 2);
  }
  const backend = await useBackend(NAME, args.backend);
  const data = loadFashionMnistOrExit(NAME, args['data-path']);
  // --smoke: a few batches, to check that everything runs.
  const [numTrain, numTest] = args.smoke ? [512, 256] : [data.train.count, data.test.count];
  const train = imageTensors(data.train, numTrain);
  const test = imageTensors(data.test, numTest);
  // A seeded order and no shuffling in fit: every model below sees the same batches.
  const [xTrain, yTrain] = tf.tidy(() => {
    const order = seededOrder(numTrain, 42);
    return [train.xs.gather(order), train.ys.gather(order)];
  });
  const fit = (model, epochCount) =>
      model.fit(xTrain, yTrain, {epochs: epochCount, batchSize: 64, shuffle: false, verbose: 0});
  console.log(`${numTrain} training and ${numTest} test images from ${data.source}; backend ${backend}`);

  const reluModel = createReluModel();
  await fit(reluModel, epochs);
  const before = await testAccuracy(reluModel, test);
  console.log(`ReLU MLP trained for ${epochs} epoch${epochs > 1 ? 's' : ''}: test accuracy ${before.toFixed(4)}\n`);

  const rows = [];
  for (const beta of betas) {
    // A copy with SmeLU in place of ReLU: same weights, names and compile settings (with a fresh optimizer).
    const {model, replaced} = await swapActivations(reluModel, {beta});
    if (rows.length === 0) {
      console.log(`swapActivations replaced ${replaced.length} activations:`);
      for (const r of replaced) console.log(`  ${r.layerName}: ${r.before} -> ${r.after}`);
      console.log();
    }
    const rightAfter = await testAccuracy(model, test);
    await fit(model, fineTuneEpochs);
    rows.push([`SmeLU, β = ${beta}`, rightAfter, await testAccuracy(model, test)]);
    model.dispose();
  }
  // The control: the ReLU model trained for as many more epochs, also with a fresh optimizer. Without it,
  // what fine-tuning alone adds would look like SmeLU's doing.
  reluModel.optimizer.dispose();
  compile(reluModel);
  await fit(reluModel, fineTuneEpochs);
  rows.push(['ReLU (control, not swapped)', before, await testAccuracy(reluModel, test)]);

  console.log(
      `test accuracy (${numTest} images)`.padEnd(30) + 'right after swap'.padStart(18) +
      `after ${fineTuneEpochs} more epoch${fineTuneEpochs > 1 ? 's' : ''}`.padStart(22));
  for (const [label, rightAfter, after] of rows) {
    console.log(`${label.padEnd(30)}${rightAfter.toFixed(4).padStart(18)}${after.toFixed(4).padStart(22)}`);
  }
  tf.dispose([train, test, xTrain, yTrain]);
  reluModel.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
