import {env, KernelConfig, KernelFunc, TensorInfo, util} from '@tensorflow/tfjs-core';

import {
  GENERALIZED_SMELU_PARAM_NAMES,
  GeneralizedSmeLUAttrs,
  GeneralizedSmeLUInputs,
  GeneralizedSmeLUKernelName
} from '../../kernel_names';
import type {WebGLBackendLike} from '../backend_types';
import {
  assertGeneralizedSmeLUParamShapes,
  GENERALIZED_SMELU_PROGRAM_PARAMS,
  GeneralizedSmeLUOutput
} from '../generalized_smelu_gpu_shared';
import {KernelParams, readKernelParams} from '../generalized_smelu_params';
import {GeneralizedSmeLUConstantsProgram, GeneralizedSmeLUProgram, ParamLayout} from './generalized_smelu_gpu';

/**
 * Runs the g-SmeLU program for `output` on `leading` (x, or dy and x) and the
 * parameters it reads: numbers as uniforms, tensors as inputs. Checks the
 * tensor parameters' shapes (their values stay on the GPU: reading them back
 * would stall every call). Packed, with every parameter a single value and
 * some of them tensors, a tiny first pass gathers the parameters and their
 * derived constants into one texture that the main pass reads.
 */
export function runGeneralizedSmeluProgram(
    backend: WebGLBackendLike, output: GeneralizedSmeLUOutput, leading: TensorInfo[], x: TensorInfo,
    params: KernelParams, axis: number, packed: boolean, where: string): TensorInfo {
  assertGeneralizedSmeLUParamShapes(x, params, axis, where);
  const tensorOf = (name: typeof GENERALIZED_SMELU_PARAM_NAMES[number]) => {
    const param = params[name];
    return typeof param === 'number' ? null : param;
  };
  const allSingle = GENERALIZED_SMELU_PARAM_NAMES.every((name) => {
    const t = tensorOf(name);
    return t == null || util.sizeFromShape(t.shape) === 1;
  });
  const someTensor = GENERALIZED_SMELU_PARAM_NAMES.some((name) => tensorOf(name) != null);
  if (packed && allSingle && someTensor) {
    const constantsProgram = new GeneralizedSmeLUConstantsProgram(
        GENERALIZED_SMELU_PARAM_NAMES.map((name) => tensorOf(name)?.shape.length ?? 'uniform'));
    const constants = backend.runWebGLProgram(
        constantsProgram, tensorInputs(GENERALIZED_SMELU_PARAM_NAMES, params), 'float32',
        uniformValues(GENERALIZED_SMELU_PARAM_NAMES, params));
    try {
      const program = new GeneralizedSmeLUProgram(x.shape, {output, packed, axis, params: 'constants'});
      return backend.runWebGLProgram(program, [...leading, constants], 'float32');
    } finally {
      backend.disposeIntermediateTensorInfo(constants);
    }
  }
  const names = GENERALIZED_SMELU_PROGRAM_PARAMS[output];
  const layouts = names.map((name): ParamLayout => {
    const t = tensorOf(name);
    return t == null ? 'uniform' : {rank: t.shape.length, perChannel: util.sizeFromShape(t.shape) !== 1};
  });
  const program = new GeneralizedSmeLUProgram(x.shape, {output, packed, axis, params: layouts});
  return backend.runWebGLProgram(
      program, [...leading, ...tensorInputs(names, params)], 'float32', uniformValues(names, params));
}

/** The tensor parameters among `names`, in order (the program's inputs after the leading ones). */
function tensorInputs(names: readonly(keyof KernelParams)[], params: KernelParams): TensorInfo[] {
  return names.map((name) => params[name]).filter((p): p is TensorInfo => typeof p !== 'number');
}

/** The number parameters among `names`, in order, as `runWebGLProgram` takes uniform values. */
function uniformValues(names: readonly(keyof KernelParams)[], params: KernelParams): number[][] {
  return names.map((name) => params[name]).filter((p): p is number => typeof p === 'number').map((v) => [v]);
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
  const {inputs, attrs} = args;
  const where = GeneralizedSmeLUKernelName;
  const params = readKernelParams(inputs, attrs, 1, where);
  return runGeneralizedSmeluProgram(
      args.backend as WebGLBackendLike, 'forward', [inputs[0]], inputs[0], params, attrs.axis,
      env().getBool('WEBGL_PACK_UNARY_OPERATIONS'), where);
}

export const generalizedSmeluWebGLConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUKernelName,
  backendName: 'webgl',
  kernelFunc: generalizedSmeluWebGL as unknown as KernelFunc,
};
