import {getGradient, getKernel, registerGradient, registerKernel} from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import {ALL_GRAD_CONFIGS} from './gradients';
import {ALL_KERNEL_CONFIGS} from './kernels';
import {layers} from './layers';

/**
 * Registers every SmeLU kernel (forward and gradient, for the cpu, webgl,
 * webgpu, wasm and tensorflow backends), the gradients, and installs the
 * layer factories on `tf.layers` where that object is extensible.
 *
 * `import 'tfjs-smelu'` calls this for you. It is idempotent: what is already
 * registered is left alone, so a second call logs no duplicate-registration
 * warnings. The `SmeLU` layer class and the `'smelu'` activation are
 * registered for serialization when the module loads.
 *
 * ```js
 * tfSmelu.registerSmeLU();
 * tfSmelu.smelu(tf.tensor1d([-1, 0, 1]), 1).print();  // [0, 0.25, 1]
 * ```
 */
export function registerSmeLU(): void {
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
  installLayerFactories();
}

/**
 * Adds our factories to tfjs-layers' `layers` object when it can take them
 * (CommonJS builds); ESM module namespaces are frozen, where users call this
 * package's `layers` instead.
 */
function installLayerFactories(): void {
  const target = (tfl as {layers?: Record<string, unknown>}).layers;
  if (target == null || !Object.isExtensible(target)) return;
  for (const [name, factory] of Object.entries(layers)) {
    if (name in target) continue;
    try {
      Object.defineProperty(target, name, {value: factory, enumerable: true, configurable: true});
    } catch {
      // A sealed or proxied namespace: this package's own `layers` still works.
    }
  }
}
