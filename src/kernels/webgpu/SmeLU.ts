import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {SmeLUAttrs, SmeLUInputs, SmeLUKernelName} from '../../kernel_names';
import type {WebGPUBackendLike} from '../backend_types';
import {SmeLUProgram} from './smelu_webgpu';

/** One compute pass; β and 1/(4β) as float32 uniforms. */
export function smeluWebGPU(args: {inputs: SmeLUInputs, backend: unknown, attrs: SmeLUAttrs}):
    TensorInfo {
  const {inputs: {x}, attrs: {beta}} = args;
  const backend = args.backend as WebGPUBackendLike;
  return backend.runWebGPUProgram(new SmeLUProgram(x.shape), [x], 'float32', [
    {type: 'float32', data: [beta]},
    {type: 'float32', data: [0.25 / beta]},
  ]);
}

export const smeluWebGPUConfig: KernelConfig = {
  kernelName: SmeLUKernelName,
  backendName: 'webgpu',
  kernelFunc: smeluWebGPU as unknown as KernelFunc,
};
