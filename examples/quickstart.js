// Quick start: the SmeLU op, its gradient, the layer and the 'smelu' activation
// string, then a small regression trained with SmeLU. Run: npm run example
const tf = require('@tensorflow/tfjs');
const {smelu, layers} = require('tfjs-smelu');

async function main() {
  await tf.setBackend('cpu');
  const x = tf.tensor1d([-3, -1, 0, 1, 3]);
  console.log('smelu(x, beta=2)      =', Array.from(smelu(x, 2).dataSync()));
  console.log('d smelu / dx          =', Array.from(tf.grad((t) => smelu(t, 2).sum())(x).dataSync()));

  // A 2-16-16-1 MLP fitting y = sin(3 x0) + |x1| with both ways of using SmeLU.
  const model = tf.sequential();
  model.add(tf.layers.dense({units: 16, inputShape: [2], activation: 'smelu'}));  // beta = 2
  model.add(tf.layers.dense({units: 16}));
  model.add(layers.smelu({beta: 0.5}));                                           // any beta
  model.add(tf.layers.dense({units: 1}));
  model.compile({optimizer: tf.train.adam(0.01), loss: 'meanSquaredError'});

  const xs = tf.randomUniform([512, 2], -1, 1, 'float32', 42);
  const ys = tf.tidy(() => tf.sin(xs.slice([0, 0], [-1, 1]).mul(3)).add(xs.slice([0, 1], [-1, 1]).abs()));
  const history = await model.fit(xs, ys, {epochs: 60, batchSize: 64, verbose: 0});
  const loss = history.history.loss;
  console.log(`training loss: epoch 1 ${loss[0].toFixed(4)} → epoch ${loss.length} ${loss[loss.length - 1].toFixed(4)}`);
  tf.dispose([x, xs, ys]);
  model.dispose();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
