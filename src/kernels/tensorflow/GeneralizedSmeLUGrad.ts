import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {
  GeneralizedSmeLUGradAttrs,
  GeneralizedSmeLUGradInputs,
  GeneralizedSmeLUGradKernelName
} from '../../kernel_names';
import {gradTargetParam} from '../generalized_smelu_grad_target';
import {readKernelParams} from '../generalized_smelu_params';
import {generalizedSmeluGradFromStockOps} from './generalized_smelu_composite';
import {
  checkGeneralizedSmeLUInputs,
  checkGeneralizedSmeLUParamValues,
  nativeParamAttrs,
  withParamErrors
} from './generalized_smelu_inputs';
import {NATIVE_OP, nativeTensorflowOps} from './native_library';
import {NativeOpChain} from './native_ops';
import type {TensorflowBackendLike} from './tensorflow_backend_types';

/**
 * dy·∂f/∂x (shape of x), or Σ dy·∂f/∂p reduced to parameter p's shape: one
 * fused TensorFlow op per target (`TfjsGeneralizedSmeLUGradX`,
 * `TfjsGeneralizedSmeLUGradAlpha`, ...; sums in float64) when tfjs-smelu's
 * native ops are loaded, else stock ops (generalized_smelu_composite.ts).
 */
export function generalizedSmeluGradTensorflow(
    args: {inputs: GeneralizedSmeLUGradInputs, backend: unknown, attrs: GeneralizedSmeLUGradAttrs}): TensorInfo {
  const {inputs, attrs} = args;
  const {axis, wrt} = attrs;
  const backend = args.backend as TensorflowBackendLike;
  const where = GeneralizedSmeLUGradKernelName;
  const params = readKernelParams(inputs, attrs, 2, where);
  // Checked first: an unknown wrt, or a number parameter, is named before anything else is read.
  const param = wrt === 'x' ? null : gradTargetParam(params, wrt, where);
  const [dy, x] = inputs;
  checkGeneralizedSmeLUInputs(x, dy, params, axis, where);
  if (nativeTensorflowOps() == null) {
    checkGeneralizedSmeLUParamValues(backend, params, where);
    return generalizedSmeluGradFromStockOps(backend, dy, x, params, axis, param?.name ?? 'x');
  }
  const chain = new NativeOpChain(backend);
  try {
    const native = nativeParamAttrs(backend, params);
    const paramIds = native.tensors.map(([name, t]) => chain.input(t, name, where));
    // A parameter's gradient op takes that parameter's tensor once more, as `target` (native/src/ops.h).
    const target = param == null ? [] : [paramIds[native.tensors.findIndex(([name]) => name === param.name)]];
    const ids = [chain.input(dy, 'dy', where), chain.input(x, 'x', where), ...target, ...paramIds];
    const opAttrs = [{name: 'axis', type: backend.binding.TF_ATTR_INT, value: axis}, ...native.attrs];
    const op = param == null ? NATIVE_OP.generalizedSmeluGradX : NATIVE_OP.generalizedSmeluGrad[param.name];
    return withParamErrors(where, () => chain.finish(op, ids, opAttrs));
  } finally {
    chain.dispose();
  }
}

export const generalizedSmeluGradTensorflowConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUGradKernelName,
  backendName: 'tensorflow',
  kernelFunc: generalizedSmeluGradTensorflow as unknown as KernelFunc,
};
