/**
 * g-SmeLU on tfjs-node's native backend `tensorflow` (composite path of stock
 * TensorFlow ops). Never skipped: if the native addon does not load, this
 * fails with the fix (test/tensorflow.test.ts and `npm test`'s setup run
 * scripts/setup-tfjs-node.js, which provides it).
 */
import * as tf from '@tensorflow/tfjs-core';

import {disableEngineKernelLeakCheck} from '../../support/cpu_agreement';
import {describeGeneralizedSmeLUOnBackend} from '../../support/generalized_smelu_backend_suite';

process.env.TF_CPP_MIN_LOG_LEVEL = process.env.TF_CPP_MIN_LOG_LEVEL ?? '2';

describeGeneralizedSmeLUOnBackend('tensorflow', async () => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
  } catch (e) {
    throw new Error(`@tensorflow/tfjs-node does not load (${
        (e as Error).message.split('\n')[0]}); run \`node scripts/setup-tfjs-node.js\` first.`);
  }
  await disableEngineKernelLeakCheck();
  expect(await tf.setBackend('tensorflow')).toBe(true);
},
// tfjs-node hands out typed arrays of Node's main realm; under jest, tfjs-core's
// weight encoder (io_utils, `instanceof Float32Array`) runs in the test realm and
// rejects them. Plain Node has one realm and saves fine.
'under jest, tfjs-core\'s weight encoder rejects tfjs-node\'s Float32Arrays (another JS realm)');
