/**
 * g-SmeLU on the real `wasm` backend (composite path; the .wasm binaries are
 * read from the installed package, no network).
 */
import '@tensorflow/tfjs-backend-cpu';

import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as path from 'path';

import {disableEngineKernelLeakCheck} from '../../support/cpu_agreement';
import {describeGeneralizedSmeLUOnBackend} from '../../support/generalized_smelu_backend_suite';

const wasmDist = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
setWasmPaths(wasmDist + path.sep);

describeGeneralizedSmeLUOnBackend('wasm', async () => {
  await disableEngineKernelLeakCheck();
  expect(await tf.setBackend('wasm')).toBe(true);
});
