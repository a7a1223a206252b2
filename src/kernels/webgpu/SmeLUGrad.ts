import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUGradInputs, SmeLUGradKernelName} from '../../kernel_names';
import type {WebGPUBackendLike} from '../backend_types';
import {SmeLUGradProgram} from './smelu_webgpu';

/** dy·f′(x) in one compute pass; β and 1/(2β) as float32 uniforms. */
export function smeluGradWebGPU(
    args: {inputs: SmeLUGradInputs, backend: unknown, attrs: SmeLUAttrs}): TensorInfo {
  const {inputs: {dy, x}, attrs: {beta}} = args;
  const backend = args.backend as WebGPUBackendLike;
  return backend.runWebGPUProgram(new SmeLUGradProgram(x.shape), [dy, x], 'float32', [
    {type: 'float32', data: [beta]},
    {type: 'float32', data: [0.5 / beta]},
  ]);
}

export const smeluGradWebGPUConfig: KernelConfig = {
  kernelName: SmeLUGradKernelName,
  backendName: 'webgpu',
  kernelFunc: smeluGradWebGPU as unknown as KernelFunc,
};
