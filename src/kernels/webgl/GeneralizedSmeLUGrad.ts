import {env, KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {
  GeneralizedSmeLUGradAttrs,
  GeneralizedSmeLUGradInputs,
  GeneralizedSmeLUGradKernelName
} from '../../kernel_names';
import type {WebGLBackendLike} from '../backend_types';
import {assertGeneralizedSmeLUParamShapes, sumToParamShape} from '../generalized_smelu_gpu_shared';
import {gradTargetParam} from '../generalized_smelu_grad_target';
import {readKernelParams} from '../generalized_smelu_params';
import {runGeneralizedSmeluProgram} from './GeneralizedSmeLU';

/**
 * dy·∂f/∂x in one shader pass, or Σ dy·∂f/∂p reduced to parameter p's shape
 * on the GPU: one pass for the products, then the backend's `Sum` (for the
 * shift t, whose derivative is 1, just Σ dy). Packed when the backend packs
 * binary operations (two tensor inputs), as tfjs's LeakyRelu and Prelu are.
 *
 * ```js
 * await tf.setBackend('webgl');
 * const x = tf.tensor1d([-3, -1, 0, 1, 3]);
 * const beta = tf.scalar(2);
 * tf.grad((b) => tfSmelu.generalizedSmelu(x, {alpha: 1, beta: b}))(beta).print();  // -0.7777778
 * ```
 */
export function generalizedSmeluGradWebGL(
    args: {inputs: GeneralizedSmeLUGradInputs, backend: unknown, attrs: GeneralizedSmeLUGradAttrs}): TensorInfo {
  const {inputs, attrs} = args;
  const {axis, wrt} = attrs;
  const backend = args.backend as WebGLBackendLike;
  const packed = env().getBool('WEBGL_PACK_BINARY_OPERATIONS');
  const where = GeneralizedSmeLUGradKernelName;
  const params = readKernelParams(inputs, attrs, 2, where);
  const [dy, x] = inputs;
  if (wrt === 'x') return runGeneralizedSmeluProgram(backend, 'x', [dy, x], x, params, axis, packed, where);
  const param = gradTargetParam(params, wrt, where);
  const dispose = (info: TensorInfo) => backend.disposeIntermediateTensorInfo(info);
  if (param.name === 'shift') {
    assertGeneralizedSmeLUParamShapes(x, params, axis, where);
    return sumToParamShape(dy, false, param.tensor, axis, backend, 'webgl', dispose);
  }
  const products = runGeneralizedSmeluProgram(backend, param.name, [dy, x], x, params, axis, packed, where);
  return sumToParamShape(products, true, param.tensor, axis, backend, 'webgl', dispose);
}

export const generalizedSmeluGradWebGLConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUGradKernelName,
  backendName: 'webgl',
  kernelFunc: generalizedSmeluGradWebGL as unknown as KernelFunc,
};
