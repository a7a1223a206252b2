import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUInputs, SmeLUKernelName} from '../../kernel_names';
import type {WebGPUBackendLike} from '../backend_types';
import {SmeLUProgram} from './smelu_webgpu';

/**
 * One compute pass; β and 1/(4β) as float32 uniforms.
 *
 * ```js
 * await tf.setBackend('webgpu');  // after loading tf-backend-webgpu.min.js
 * tfSmelu.smelu(tf.tensor1d([-3, -1, 0, 1, 3]), 2).print();  // [0, 0.125, 0.5, 1.125, 3]
 * ```
 */
export function smeluWebGPU(args: {inputs: SmeLUInputs, backend: unknown, attrs: SmeLUAttrs}): TensorInfo {
  const {inputs: {x}, attrs: {beta}} = args;
  const backend = args.backend as WebGPUBackendLike;
  return backend.runWebGPUProgram(new SmeLUProgram(x.shape, {gradient: false}), [x], 'float32', [
    {type: 'float32', data: [beta]},
    {type: 'float32', data: [0.25 / beta]},
  ]);
}

export const smeluWebGPUConfig: KernelConfig = {
  kernelName: SmeLUKernelName,
  backendName: 'webgpu',
  kernelFunc: smeluWebGPU as unknown as KernelFunc,
};
