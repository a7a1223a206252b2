import {env, KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';

import {GeneralizedSmeLUAttrs, GeneralizedSmeLUInputs, GeneralizedSmeLUKernelName} from '../../kernel_names';
import type {WebGLBackendLike} from '../backend_types';
import {assertGeneralizedSmeLUParamShapes, GENERALIZED_SMELU_PROGRAM_PARAMS, GeneralizedSmeLUOutput} from '../generalized_smelu_gpu_shared';
import {GeneralizedSmeLUProgram} from './generalized_smelu_gpu';

/**
 * Runs the g-SmeLU program for `output` on `leading` (x, or dy and x) and the
 * parameters it reads. Checks the parameters' shapes (their values stay on
 * the GPU: reading them back would stall every call).
 */
export function runGeneralizedSmeluProgram(
    backend: WebGLBackendLike, output: GeneralizedSmeLUOutput, leading: TensorInfo[],
    inputs: GeneralizedSmeLUInputs, axis: number, packed: boolean, where: string): TensorInfo {
  assertGeneralizedSmeLUParamShapes(inputs, axis, where);
  const params = GENERALIZED_SMELU_PROGRAM_PARAMS[output].map((name) => inputs[name]);
  const program = new GeneralizedSmeLUProgram(inputs.x.shape, {
    output,
    packed,
    axis,
    params: params.map((p) => ({rank: p.shape.length, perChannel: util.sizeFromShape(p.shape) !== 1})),
  });
  return backend.runWebGLProgram(program, [...leading, ...params], 'float32');
}

/**
 * g-SmeLU forward in one shader pass (the composite takes about 15). Packed
 * when the backend packs unary operations, like tfjs's own unary kernels.
 *
 * ```js
 * await tf.setBackend('webgl');
 * tfSmelu.generalizedSmelu(tf.tensor1d([-3, -1, 0, 1, 3]), {alpha: 1, beta: 2, gNeg: -0.5}).print();
 * // [1, 0, -0.25, 0, 1.75]
 * ```
 */
export function generalizedSmeluWebGL(
    args: {inputs: GeneralizedSmeLUInputs, backend: unknown, attrs: GeneralizedSmeLUAttrs}): TensorInfo {
  const {inputs, attrs: {axis}} = args;
  return runGeneralizedSmeluProgram(
      args.backend as WebGLBackendLike, 'forward', [inputs.x], inputs, axis,
      env().getBool('WEBGL_PACK_UNARY_OPERATIONS'), GeneralizedSmeLUKernelName);
}

export const generalizedSmeluWebGLConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUKernelName,
  backendName: 'webgl',
  kernelFunc: generalizedSmeluWebGL as unknown as KernelFunc,
};
