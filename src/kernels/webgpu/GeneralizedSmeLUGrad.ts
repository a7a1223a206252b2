import {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {
  GeneralizedSmeLUGradAttrs,
  GeneralizedSmeLUGradInputs,
  GeneralizedSmeLUGradKernelName
} from '../../kernel_names';
import type {WebGPUBackendLike} from '../backend_types';
import {assertGeneralizedSmeLUParamShapes, sumToParamShape} from '../generalized_smelu_gpu_shared';
import {gradTargetParam} from '../generalized_smelu_grad_target';
import {readKernelParams} from '../generalized_smelu_params';
import {runGeneralizedSmeluProgram} from './GeneralizedSmeLU';

/**
 * dy·∂f/∂x in one compute pass, or Σ dy·∂f/∂p reduced to parameter p's
 * shape on the GPU: one pass for the products, then the backend's `Sum`
 * (for the shift t, whose derivative is 1, just Σ dy).
 *
 * ```js
 * await tf.setBackend('webgpu');
 * const x = tf.tensor1d([-3, -1, 0, 1, 3]);
 * const beta = tf.scalar(2);
 * tf.grad((b) => tfSmelu.generalizedSmelu(x, {alpha: 1, beta: b}))(beta).print();  // -0.7777778
 * ```
 */
export function generalizedSmeluGradWebGPU(
    args: {inputs: GeneralizedSmeLUGradInputs, backend: unknown, attrs: GeneralizedSmeLUGradAttrs}): TensorInfo {
  const {inputs, attrs} = args;
  const {axis, wrt} = attrs;
  const backend = args.backend as WebGPUBackendLike;
  const where = GeneralizedSmeLUGradKernelName;
  const params = readKernelParams(inputs, attrs, 2, where);
  const [dy, x] = inputs;
  if (wrt === 'x') return runGeneralizedSmeluProgram(backend, 'x', [dy, x], x, params, axis, where);
  const param = gradTargetParam(params, wrt, where);
  const dispose = (info: TensorInfo) => {
    backend.disposeData(info.dataId);
  };
  if (param.name === 'shift') {
    assertGeneralizedSmeLUParamShapes(x, params, axis, where);
    return sumToParamShape(dy, false, param.tensor, axis, backend, 'webgpu', dispose);
  }
  const products = runGeneralizedSmeluProgram(backend, param.name, [dy, x], x, params, axis, where);
  return sumToParamShape(products, true, param.tensor, axis, backend, 'webgpu', dispose);
}

export const generalizedSmeluGradWebGPUConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUGradKernelName,
  backendName: 'webgpu',
  kernelFunc: generalizedSmeluGradWebGPU as unknown as KernelFunc,
};
