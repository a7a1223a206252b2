import * as tfl from '@tensorflow/tfjs-layers';

import {layers} from './layers';
// The 'smelu' activation class: swapped models name it, and loading them needs it registered.
import './layers/smelu_activation';
import {registerSmeLUKernels} from './register_kernels';

/**
 * Registers every SmeLU kernel (forward and gradient, for the cpu, webgl,
 * webgpu, wasm and tensorflow backends) and the gradients, and installs the
 * layer factories on `tf.layers` where that object is extensible (CommonJS
 * builds of tfjs; in ESM code use `tfjs-smelu/tfjs` for `tf.layers.smelu`).
 *
 * `import 'tfjs-smelu'` calls this for you. It is idempotent: what is already
 * registered is left alone, so a second call logs no duplicate-registration
 * warnings. The `SmeLU` and `GeneralizedSmeLU` layer classes, the `'smelu'`
 * activation and the `PositiveFloor` constraint are registered for
 * serialization when the module loads.
 *
 * ```js
 * tfSmelu.registerSmeLU();
 * tfSmelu.smelu(tf.tensor1d([-1, 0, 1]), 1).print();  // [0, 0.25, 1]
 * ```
 */
export function registerSmeLU(): void {
  registerSmeLUKernels();
  installLayerFactories();
}

/**
 * Adds our factories to tfjs-layers' `layers` object when it can take them
 * (CommonJS builds); ESM module namespaces are frozen, where users import
 * `tfjs-smelu/tfjs` or call this package's `layers` instead.
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
