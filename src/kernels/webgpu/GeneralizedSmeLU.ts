import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';

import {GeneralizedSmeLUAttrs, GeneralizedSmeLUInputs, GeneralizedSmeLUKernelName} from '../../kernel_names';
import type {WebGPUBackendLike} from '../backend_types';
import {assertGeneralizedSmeLUParamShapes} from '../generalized_smelu_gpu_shared';
import {GENERALIZED_SMELU_PROGRAM_PARAMS, GeneralizedSmeLUOutput} from '../generalized_smelu_gpu_shared';
import {GeneralizedSmeLUProgram} from './generalized_smelu_webgpu';

/**
 * Runs the g-SmeLU program for `output` on `leading` (x, or dy and x) and
 * the parameters it reads, with x's [outer, channels, inner] layout as
 * uniforms. Checks the parameters' shapes (their values stay on the GPU).
 */
export function runGeneralizedSmeluProgram(
    backend: WebGPUBackendLike, output: GeneralizedSmeLUOutput, leading: TensorInfo[],
    inputs: GeneralizedSmeLUInputs, axis: number, where: string): TensorInfo {
  assertGeneralizedSmeLUParamShapes(inputs, axis, where);
  const params = GENERALIZED_SMELU_PROGRAM_PARAMS[output].map((name) => inputs[name]);
  const perChannel = params.map((p) => util.sizeFromShape(p.shape) !== 1);
  const shape = inputs.x.shape;
  const channels = perChannel.some((p) => p) ? shape[axis] : 1;
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const program = new GeneralizedSmeLUProgram(shape, {output, perChannel});
  return backend.runWebGPUProgram(program, [...leading, ...params], 'float32', [
    {type: 'int32', data: [channels]},
    {type: 'int32', data: [Math.max(inner, 1)]},
  ]);
}

/**
 * g-SmeLU forward in one compute pass (the composite takes about 15).
 *
 * ```js
 * await tf.setBackend('webgpu');  // after loading tf-backend-webgpu.min.js
 * tfSmelu.generalizedSmelu(tf.tensor1d([-3, -1, 0, 1, 3]), {alpha: 1, beta: 2, gNeg: -0.5}).print();
 * // [1, 0, -0.25, 0, 1.75]
 * ```
 */
export function generalizedSmeluWebGPU(
    args: {inputs: GeneralizedSmeLUInputs, backend: unknown, attrs: GeneralizedSmeLUAttrs}): TensorInfo {
  const {inputs, attrs: {axis}} = args;
  return runGeneralizedSmeluProgram(
      args.backend as WebGPUBackendLike, 'forward', [inputs.x], inputs, axis, GeneralizedSmeLUKernelName);
}

export const generalizedSmeluWebGPUConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUKernelName,
  backendName: 'webgpu',
  kernelFunc: generalizedSmeluWebGPU as unknown as KernelFunc,
};
