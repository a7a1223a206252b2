/**
 * Quick start: the SmeLU op and its gradient, the layer and the 'smelu'
 * activation string, then a small regression trained with SmeLU.
 */
import * as tf from 'tfjs-smelu/tfjs';  // @tensorflow/tfjs with tf.smelu and tf.layers.smelu

await tf.setBackend('cpu');
tf.tidy(() => {
  const x = tf.tensor1d([-3, -1, 0, 1, 3]);
  console.log('smelu(x, beta=2)      =', Array.from(tf.smelu(x, 2).dataSync()));
  console.log('d smelu / dx          =', Array.from(tf.grad((t) => tf.smelu(t, 2).sum())(x).dataSync()));
});

// A 2-16-16-1 MLP fitting y = sin(3 x0) + |x1| with both ways of using SmeLU.
const model = tf.sequential({
  layers: [
    tf.layers.dense({units: 16, inputShape: [2], activation: 'smelu'}),  // the string: beta = 2
    tf.layers.dense({units: 16}),
    tf.layers.smelu({beta: 0.5}),  // the layer: any beta
    tf.layers.dense({units: 1}),
  ]
});
const optimizer = tf.train.adam(0.01);
model.compile({optimizer, loss: 'meanSquaredError'});

const xs = tf.randomUniform([512, 2], -1, 1, 'float32', 42);
const ys = tf.tidy(() => tf.sin(xs.slice([0, 0], [-1, 1]).mul(3)).add(xs.slice([0, 1], [-1, 1]).abs()));
const {history} = await model.fit(xs, ys, {epochs: 60, batchSize: 64, verbose: 0});
console.log(
    `training loss: epoch 1 ${history.loss[0].toFixed(4)} → epoch ${history.loss.length} ` +
    `${history.loss[history.loss.length - 1].toFixed(4)}`);
tf.dispose([xs, ys]);
model.dispose();
optimizer.dispose();  // an optimizer passed in, unlike 'adam', is not disposed with the model
