// Loaded with `node --import` by node_examples.test.ts: when the example has finished (its event loop is
// empty), prints how many tensors are still allocated, so that the test can check it disposed what it made.
import * as tf from '@tensorflow/tfjs';

process.once('beforeExit', () => console.log(`tensors left at exit: ${tf.memory().numTensors}`));
