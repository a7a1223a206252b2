/**
 * A custom training loop: no model.fit, only variables, ops and an optimizer's
 * `minimize()`. The same MLP on Fashion-MNIST is trained with ReLU, SmeLU
 * (tfjs-smelu's fused TensorFlow op on the `tensorflow` backend) and GELU in
 * one process, in interleaved rounds after a warm-up, and the script prints
 * each one's steps per second and the ratios to ReLU.
 */
import {spawnSync} from 'node:child_process';
import * as fs from 'node:fs';
import {createRequire} from 'node:module';
import * as path from 'node:path';

import * as tf from 'tfjs-smelu/tfjs';  // @tensorflow/tfjs plus tf.smelu
import {exitWith, intFlag, parseFlags, secondsSince, useBackend} from '../shared/cli.js';
import {imageTensors, loadFashionMnistOrExit} from '../shared/data.js';

const NAME = 'custom-training-loop';
const USAGE = `npm run example:${NAME} -- [--rounds 21] [--steps 25] [--batch-size 128] [--beta 1] ` +
    '[--backend tensorflow|wasm|cpu] [--data-path DIR] [--smoke]';

const activations = (beta) => ({
  relu: (x) => tf.relu(x),
  smelu: (x) => tf.smelu(x, beta),
  // tfjs has no GELU op; this is its exact form, x·Φ(x), from erf.
  gelu: (x) => x.mul(tf.erf(x.div(Math.SQRT2)).add(1)).mul(0.5),
});

/** 784 → 512 → 512 → 10: kernels and biases as plain variables, seeded so every activation starts alike. */
function createWeights() {
  // tidy() disposes the initial values once the variables hold copies; it never disposes variables.
  return tf.tidy(
      () => [[784, 512], [512, 512], [512, 10]].map(
          ([inputs, units], i) => ({
            kernel: tf.variable(tf.initializers.heNormal({seed: i + 1}).apply([inputs, units])),
            bias: tf.variable(tf.zeros([units])),
          })));
}

function logits(weights, activation, x) {
  return weights.reduce((h, {kernel, bias}, i) => {
    const z = tf.add(tf.matMul(h, kernel), bias);
    return i < weights.length - 1 ? activation(z) : z;
  }, x);
}

/** Asks the package's command line, as `npx tfjs-smelu native status` would, whether SmeLU runs as the fused op. */
function nativeOpStatus() {
  const packageJson = createRequire(import.meta.url).resolve('tfjs-smelu/package.json');
  const cli = path.join(path.dirname(packageJson), JSON.parse(fs.readFileSync(packageJson, 'utf8')).bin['tfjs-smelu']);
  return spawnSync(process.execPath, [cli, 'native', 'status'], {encoding: 'utf8'}).stdout.trim();
}

async function main() {
  const args = parseFlags(NAME, USAGE, {
    'rounds': {type: 'string', default: '21'},
    'steps': {type: 'string', default: '25'},
    'batch-size': {type: 'string', default: '128'},
    'beta': {type: 'string', default: '1'},
    'data-path': {type: 'string'},
  });
  // --smoke: two rounds of two steps, to check that everything runs.
  const rounds = args.smoke ? 2 : intFlag(NAME, args, 'rounds');
  const stepsPerRound = args.smoke ? 2 : intFlag(NAME, args, 'steps');
  const batchSize = intFlag(NAME, args, 'batch-size');
  const beta = Number(args.beta);
  if (!(beta > 0 && Number.isFinite(beta))) exitWith(NAME, `--beta must be a number > 0, got '${args.beta}'.`, 2);
  const backend = await useBackend(NAME, args.backend);
  if (backend === 'tensorflow') console.log(nativeOpStatus());

  const data = loadFashionMnistOrExit(NAME, args['data-path']);
  const train = imageTensors(data.train, args.smoke ? 1024 : data.train.count);
  const test = imageTensors(data.test, args.smoke ? 256 : data.test.count);
  const xTrain = train.xs.reshape([-1, 784]);
  const numBatches = Math.floor(xTrain.shape[0] / batchSize);
  console.log(
      `${numBatches} batches of ${batchSize} images, ${rounds} rounds of ${stepsPerRound} steps per ` +
      `activation after a warm-up round; backend ${backend}, SmeLU β = ${beta}`);

  const runs = Object.entries(activations(beta)).map(([name, activation]) => {
    const weights = createWeights();
    return {
      name,
      activation,
      weights,
      variables: weights.flatMap((w) => [w.kernel, w.bias]),
      optimizer: tf.train.adam(1e-3),
      step: 0,
      stepsPerSecond: []
    };
  });
  const trainSteps = async (run, count) => {
    let loss;
    for (let i = 0; i < count; i++, run.step++) {
      const batch = run.step % numBatches;
      tf.dispose(loss);
      loss = tf.tidy(() => {
        const x = xTrain.slice([batch * batchSize, 0], [batchSize, 784]);
        const y = train.ys.slice([batch * batchSize, 0], [batchSize, 10]);
        // minimize() differentiates the loss with respect to varList and applies Adam's update.
        return run.optimizer.minimize(
            () => tf.losses.softmaxCrossEntropy(y, logits(run.weights, run.activation, x)), true, run.variables);
      });
    }
    const value = (await loss.data())[0];  // waits for the last step, so the clock measures all of them
    loss.dispose();
    return value;
  };

  // One warm-up round (first calls compile and allocate), then rounds that alternate the activations and
  // rotate who goes first, so that a busy machine slows all three alike.
  for (const run of runs) await trainSteps(run, stepsPerRound);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < runs.length; k++) {
      const run = runs[(round + k) % runs.length];
      const start = performance.now();
      run.loss = await trainSteps(run, stepsPerRound);
      run.stepsPerSecond.push(stepsPerRound / secondsSince(start));
    }
  }

  const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.round(q * (xs.length - 1))];
  const relu = runs[0];
  console.log(
      `\n${'activation'.padEnd(12)}${'steps/s'.padStart(9)}${'speed vs ReLU [quartiles]'.padStart(27)}` +
      `${'last loss'.padStart(11)}${'test accuracy'.padStart(15)}`);
  for (const run of runs) {
    // Ratios per round (each pair measured within seconds of each other), then their median and quartiles.
    const ratios = run.stepsPerSecond.map((s, i) => s / relu.stepsPerSecond[i]);
    const [q1, q2, q3] = [0.25, 0.5, 0.75].map((q) => quantile(ratios, q).toFixed(2));
    const accuracy = tf.tidy(
        () => logits(run.weights, run.activation, test.xs.reshape([-1, 784]))
                  .argMax(-1)
                  .equal(test.labels)
                  .mean()
                  .dataSync()[0]);
    console.log([
      run.name.padEnd(12), quantile(run.stepsPerSecond, 0.5).toFixed(1).padStart(9),
      `${q2}× [${q1}–${q3}]`.padStart(27), run.loss.toFixed(3).padStart(11), accuracy.toFixed(4).padStart(15)
    ].join(''));
  }
  console.log(`(${runs[0].step} steps each: ${(runs[0].step * batchSize / xTrain.shape[0]).toFixed(2)} epochs)`);
  tf.dispose([train, test, xTrain, ...runs.flatMap((r) => r.variables)]);
  runs.forEach((r) => r.optimizer.dispose());
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
