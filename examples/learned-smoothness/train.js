/**
 * Learned smoothness: an MLP on Fashion-MNIST whose activations are g-SmeLU
 * layers (`tf.layers.gSmelu`) with a trainable α and β per channel, so each
 * unit learns how wide its smooth transition is. Prints how the learned
 * widths are distributed, and the test accuracy next to the same model with
 * a fixed-β SmeLU and with ReLU.
 */
import * as tf from 'tfjs-smelu/tfjs';  // @tensorflow/tfjs with tf.layers.smelu and tf.layers.gSmelu
import {exitWith, intFlag, parseFlags, useBackend} from '../shared/cli.js';
import {imageTensors, loadFashionMnistOrExit, seededOrder} from '../shared/data.js';

const NAME = 'learned-smoothness';
const USAGE = `npm run example:${NAME} -- [--epochs 5] [--beta 1] [--backend tensorflow|wasm|cpu] [--data-path DIR] ` +
    '[--smoke]';

/**
 * 784 → 256 → 128 → 10 with the given activation layer after each hidden
 * dense layer. g-SmeLU starts as SmeLU(β) (α = β, outer slopes 0 and 1) and
 * learns α (the left half-width) and β (the right one) for every channel;
 * the slopes and shift stay fixed, so it remains a smoothed ReLU.
 */
function createModel(kind, beta) {
  const activation = (name) => ({
    relu: () => tf.layers.reLU({name}),
    smelu: () => tf.layers.smelu({name, beta}),
    gsmelu: () =>
        tf.layers.gSmelu({name, alpha: beta, beta, perChannel: ['alpha', 'beta'], trainableParams: ['alpha', 'beta']}),
  })[kind]();
  const dense = (units, seed) => tf.layers.dense({units, kernelInitializer: tf.initializers.heNormal({seed})});
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({inputShape: [28, 28, 1]}),
      dense(256, 1),
      activation('activation1'),
      dense(128, 2),
      activation('activation2'),
      tf.layers.dense({units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({seed: 3})}),
    ]
  });
  model.compile({optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy']});
  return model;
}

/** min, 10th percentile, median, 90th percentile, max and mean of `values`. */
function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.round(q * (sorted.length - 1))];
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return [at(0), at(0.1), at(0.5), at(0.9), at(1), mean].map((v) => v.toFixed(3).padStart(7)).join('');
}

async function main() {
  const args = parseFlags(NAME, USAGE, {
    'epochs': {type: 'string', default: '5'},
    'beta': {type: 'string', default: '1'},
    'data-path': {type: 'string'},
  });
  const epochs = args.smoke ? 1 : intFlag(NAME, args, 'epochs');
  const beta = Number(args.beta);
  if (!(beta > 0 && Number.isFinite(beta))) exitWith(NAME, `--beta must be a number > 0, got '${args.beta}'.`, 2);
  const backend = await useBackend(NAME, args.backend);
  const data = loadFashionMnistOrExit(NAME, args['data-path']);
  // --smoke: a few batches, to check that everything runs.
  const [numTrain, numTest] = args.smoke ? [512, 256] : [data.train.count, data.test.count];
  const train = imageTensors(data.train, numTrain);
  const test = imageTensors(data.test, numTest);
  // A seeded order and no shuffling in fit: the three models see the same batches.
  const [xTrain, yTrain] = tf.tidy(() => {
    const order = seededOrder(numTrain, 42);
    return [train.xs.gather(order), train.ys.gather(order)];
  });
  console.log(
      `${numTrain} training and ${numTest} test images from ${data.source}; backend ${backend}, ` +
      `${epochs} epoch${epochs > 1 ? 's' : ''}, β = ${beta} to start with`);

  const accuracies = {};
  let learned;
  for (const kind of ['relu', 'smelu', 'gsmelu']) {
    const model = createModel(kind, beta);
    await model.fit(xTrain, yTrain, {epochs, batchSize: 64, shuffle: false, verbose: 0});
    const [loss, accuracy] = model.evaluate(test.xs, test.ys, {batchSize: 1024});
    accuracies[kind] = (await accuracy.data())[0];
    tf.dispose([loss, accuracy]);
    if (kind === 'gsmelu') {
      // effectiveParams(): the values the layer computes with (after its positive-width constraint).
      learned = model.layers.filter((l) => l.getClassName() === 'GeneralizedSmeLU')
                    .map((l) => ({name: l.name, ...l.effectiveParams()}));
    }
    model.dispose();
  }

  console.log(
      `\ntest accuracy (${numTest} images): ReLU ${accuracies.relu.toFixed(4)}, ` +
      `SmeLU with fixed β = ${beta} ${accuracies.smelu.toFixed(4)}, ` +
      `g-SmeLU with learned α and β ${accuracies.gsmelu.toFixed(4)}`);
  console.log(`\nlearned half-widths per channel (all started at ${beta}):`);
  console.log('layer'.padEnd(30) + ['min', '10%', 'median', '90%', 'max', 'mean'].map((h) => h.padStart(7)).join(''));
  for (const {name, alpha, beta: betas} of learned) {
    console.log(`${`${name} β (${betas.length} channels)`.padEnd(30)}${summarize(betas)}`);
    console.log(`${`${name} α (${alpha.length} channels)`.padEnd(30)}${summarize(alpha)}`);
  }
  tf.dispose([train, test, xTrain, yTrain]);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
