import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUGradInputs, SmeLUGradKernelName} from '../../kernel_names';
import type {WebGPUBackendLike} from '../backend_types';
import {SmeLUProgram} from './smelu_webgpu';

/**
 * dy·f′(x) in one compute pass; β and 1/(2β) as float32 uniforms.
 *
 * ```js
 * await tf.setBackend('webgpu');
 * const x = tf.tensor1d([-3, -1, 0, 1, 3]);
 * tfSmelu.smeluGrad(tf.onesLike(x), x, 2).print();  // [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function smeluGradWebGPU(args: {inputs: SmeLUGradInputs, backend: unknown, attrs: SmeLUAttrs}): TensorInfo {
  const {inputs: {dy, x}, attrs: {beta}} = args;
  const backend = args.backend as WebGPUBackendLike;
  return backend.runWebGPUProgram(new SmeLUProgram(x.shape, {gradient: true}), [dy, x], 'float32', [
    {type: 'float32', data: [beta]},
    {type: 'float32', data: [0.5 / beta]},
  ]);
}

export const smeluGradWebGPUConfig: KernelConfig = {
  kernelName: SmeLUGradKernelName,
  backendName: 'webgpu',
  kernelFunc: smeluGradWebGPU as unknown as KernelFunc,
};
