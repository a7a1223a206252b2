import {getGradient, getKernel, registerGradient, registerKernel} from '@tensorflow/tfjs-core';

import {ALL_GRAD_CONFIGS} from './gradients';
import {ALL_KERNEL_CONFIGS} from './kernels';

/**
 * Registers every kernel of this package (SmeLU, SmeLUGrad, GeneralizedSmeLU
 * and GeneralizedSmeLUGrad for the cpu, webgl, webgpu, wasm and tensorflow
 * backends) and their gradients, in the copy of tfjs-core the package was
 * loaded with. Registering a kernel for a backend that is not loaded is
 * harmless: tfjs looks kernels up by backend name when that backend runs.
 *
 * Importing `tfjs-smelu` or `tfjs-smelu/core` calls this for you. It is
 * idempotent: what is already registered is left alone, so a second call
 * logs no duplicate-registration warnings.
 *
 * ```js
 * tfSmelu.registerSmeLUKernels();
 * tfSmelu.smelu(tf.tensor1d([-1, 0, 1]), 1).print();  // [0, 0.25, 1]
 * ```
 */
export function registerSmeLUKernels(): void {
  for (const config of ALL_KERNEL_CONFIGS) {
    if (getKernel(config.kernelName, config.backendName) == null) {
      registerKernel(config);
    }
  }
  for (const config of ALL_GRAD_CONFIGS) {
    if (getGradient(config.kernelName) == null) {
      registerGradient(config);
    }
  }
}
