/* global tf -- the <script> tag of index.html loads tfjs and the plugin into this global. */
/**
 * Trains a small classifier with SmeLU on the webgl backend and draws the
 * loss as it goes. Plain script: `tf` and `tf.layers.smelu` come from the
 * <script> tags of index.html. `?epochs=N` sets the length of the run
 * (`?smoke` runs 5 short epochs), `?backend=cpu` compares.
 */
const params = new URLSearchParams(location.search);
const SMOKE = params.has('smoke');
const EPOCHS = Number(params.get('epochs') ?? (SMOKE ? 5 : 40));
const NUM_POINTS = SMOKE ? 300 : 1500;
const status = document.getElementById('status');

/** Points on three spiral arms with a little seeded noise; the label is the arm. */
function spiral(numPoints) {
  return tf.tidy(() => {
    const labels = tf.tensor1d(Array.from({length: numPoints}, (_, i) => i % 3), 'int32');
    const t = tf.linspace(0.1, 1, numPoints);  // how far along its arm each point is
    const angle = t.mul(3 * Math.PI).add(labels.toFloat().mul(2 * Math.PI / 3));
    const noise = tf.randomNormal([numPoints, 2], 0, 0.04, 'float32', 7);
    const xs = tf.stack([t.mul(tf.cos(angle)), t.mul(tf.sin(angle))], 1).add(noise);
    return {xs, ys: tf.oneHot(labels, 3).toFloat()};
  });
}

function createModel() {
  return tf.sequential({
    layers: [
      tf.layers.dense({units: 64, inputShape: [2], kernelInitializer: tf.initializers.heNormal({seed: 1})}),
      tf.layers.smelu({beta: 0.5}),
      tf.layers.dense({units: 64, kernelInitializer: tf.initializers.heNormal({seed: 2})}),
      tf.layers.smelu({beta: 0.5}),
      tf.layers.dense({units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({seed: 3})}),
    ]
  });
}

/** The loss curve so far, scaled to the canvas. */
function drawLosses(losses) {
  const canvas = document.getElementById('loss-chart');
  const ctx = canvas.getContext('2d');
  const pad = 24, width = canvas.width - 2 * pad, height = canvas.height - 2 * pad;
  const top = Math.max(...losses);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.fillText(`loss (max ${top.toFixed(3)})`, pad, pad - 8);
  ctx.beginPath();
  losses.forEach((loss, i) => {
    const x = pad + (EPOCHS > 1 ? i / (EPOCHS - 1) : 0) * width;
    const y = pad + (1 - loss / top) * height;
    i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y);
  });
  ctx.strokeStyle = '#1a73e8';
  ctx.stroke();
}

async function run() {
  const backend = params.get('backend') ?? 'webgl';
  // setBackend resolves to false when the browser cannot provide it (no WebGL): say so instead of training on cpu.
  if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend is not available in this browser`);
  status.dataset.backend = tf.getBackend();

  const {xs, ys} = spiral(NUM_POINTS);
  const model = createModel();
  document.getElementById('model').textContent = `Model: ${model.layers.map((l) => l.getClassName()).join(' → ')}`;
  model.compile({optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy']});
  const losses = [];
  status.textContent = `Training on ${tf.getBackend()}…`;
  status.dataset.state = 'training';
  await model.fit(xs, ys, {
    epochs: EPOCHS,
    batchSize: 64,
    shuffle: true,
    callbacks: {
      onEpochEnd: async (epoch, logs) => {
        losses.push(logs.loss);
        const item = document.createElement('li');
        item.textContent = `loss ${logs.loss.toFixed(4)}, accuracy ${logs.acc.toFixed(3)}`;
        item.dataset.loss = String(logs.loss);
        document.getElementById('losses').append(item);
        drawLosses(losses);
        status.textContent = `Epoch ${epoch + 1} of ${EPOCHS} on ${tf.getBackend()}: loss ${logs.loss.toFixed(4)}`;
        await tf.nextFrame();  // lets the page paint between epochs
      },
    },
  });
  status.textContent = `Done: ${EPOCHS} epochs on ${tf.getBackend()}, loss ${losses[0].toFixed(4)} → ` +
      `${losses[losses.length - 1].toFixed(4)}.`;
  status.dataset.state = 'done';
  tf.dispose([xs, ys]);
  model.dispose();
}

run().catch((e) => {
  status.textContent = `Error: ${e.message}`;
  status.dataset.state = 'error';
  console.error(e);
});
