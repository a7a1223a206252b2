import {KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';

import {GeneralizedSmeLUAttrs, GeneralizedSmeLUInputs, GeneralizedSmeLUKernelName} from '../../kernel_names';
import type {WebGPUBackendLike} from '../backend_types';
import {
  assertGeneralizedSmeLUParamShapes,
  GENERALIZED_SMELU_PROGRAM_PARAMS,
  GeneralizedSmeLUOutput
} from '../generalized_smelu_gpu_shared';
import {KernelParams, readKernelParams} from '../generalized_smelu_params';
import {GeneralizedSmeLUProgram, ParamLayout} from './generalized_smelu_webgpu';

/**
 * Runs the g-SmeLU program for `output` on `leading` (x, or dy and x) and
 * the parameters it reads (numbers as uniforms, tensors as inputs), with x's
 * [outer, channels, inner] layout as uniforms. Checks the tensor parameters'
 * shapes (their values stay on the GPU).
 */
export function runGeneralizedSmeluProgram(
    backend: WebGPUBackendLike, output: GeneralizedSmeLUOutput, leading: TensorInfo[], x: TensorInfo,
    params: KernelParams, axis: number, where: string): TensorInfo {
  assertGeneralizedSmeLUParamShapes(x, params, axis, where);
  const read = GENERALIZED_SMELU_PROGRAM_PARAMS[output].map((name) => params[name]);
  const layouts = read.map(
      (p): ParamLayout => typeof p === 'number' ? 'uniform' :
          util.sizeFromShape(p.shape) !== 1     ? 'perChannel' :
                                                  'single');
  const shape = x.shape;
  const channels = layouts.includes('perChannel') ? shape[axis] : 1;
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const program = new GeneralizedSmeLUProgram(shape, {output, params: layouts});
  const tensors = read.filter((p): p is TensorInfo => typeof p !== 'number');
  const numbers = read.filter((p): p is number => typeof p === 'number');
  return backend.runWebGPUProgram(program, [...leading, ...tensors], 'float32', [
    {type: 'int32', data: [channels]},
    {type: 'int32', data: [Math.max(inner, 1)]},
    ...numbers.map((v) => ({type: 'float32' as const, data: [v]})),
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
  const {inputs, attrs} = args;
  const where = GeneralizedSmeLUKernelName;
  const params = readKernelParams(inputs, attrs, 1, where);
  return runGeneralizedSmeluProgram(
      args.backend as WebGPUBackendLike, 'forward', [inputs[0]], inputs[0], params, attrs.axis, where);
}

export const generalizedSmeluWebGPUConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUKernelName,
  backendName: 'webgpu',
  kernelFunc: generalizedSmeluWebGPU as unknown as KernelFunc,
};
