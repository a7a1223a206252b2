import {env, KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';

import {GENERALIZED_SMELU_PARAM_NAMES, GeneralizedSmeLUAttrs, GeneralizedSmeLUInputs, GeneralizedSmeLUKernelName} from '../../kernel_names';
import type {WebGLBackendLike} from '../backend_types';
import {assertGeneralizedSmeLUParamShapes, GENERALIZED_SMELU_PROGRAM_PARAMS, GeneralizedSmeLUOutput} from '../generalized_smelu_gpu_shared';
import {GeneralizedSmeLUConstantsProgram, GeneralizedSmeLUProgram} from './generalized_smelu_gpu';

/**
 * Runs the g-SmeLU program for `output` on `leading` (x, or dy and x) and the
 * parameters it reads. Checks the parameters' shapes (their values stay on
 * the GPU: reading them back would stall every call). Packed, with every
 * parameter a single value, a tiny first pass gathers the parameters and
 * their derived constants into one texture that the main pass reads.
 */
export function runGeneralizedSmeluProgram(
    backend: WebGLBackendLike, output: GeneralizedSmeLUOutput, leading: TensorInfo[],
    inputs: GeneralizedSmeLUInputs, axis: number, packed: boolean, where: string): TensorInfo {
  assertGeneralizedSmeLUParamShapes(inputs, axis, where);
  const shape = inputs.x.shape;
  const allSingle = GENERALIZED_SMELU_PARAM_NAMES.every((name) => util.sizeFromShape(inputs[name].shape) === 1);
  if (packed && allSingle) {
    const all = GENERALIZED_SMELU_PARAM_NAMES.map((name) => inputs[name]);
    const constants = backend.runWebGLProgram(
        new GeneralizedSmeLUConstantsProgram(all.map((p) => p.shape.length)), all, 'float32');
    try {
      const program = new GeneralizedSmeLUProgram(shape, {output, packed, axis, params: 'constants'});
      return backend.runWebGLProgram(program, [...leading, constants], 'float32');
    } finally {
      backend.disposeIntermediateTensorInfo(constants);
    }
  }
  const params = GENERALIZED_SMELU_PROGRAM_PARAMS[output].map((name) => inputs[name]);
  const program = new GeneralizedSmeLUProgram(shape, {
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
