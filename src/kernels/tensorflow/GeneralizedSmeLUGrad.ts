import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {GENERALIZED_SMELU_PARAM_NAMES, GeneralizedSmeLUGradAttrs, GeneralizedSmeLUGradInputs, GeneralizedSmeLUGradKernelName} from '../../kernel_names';
import {invalidGradTargetError} from '../generalized_smelu_grad_target';
import {generalizedSmeluGradFromStockOps} from './generalized_smelu_composite';
import {checkGeneralizedSmeLUInputs, checkGeneralizedSmeLUParamValues, withParamErrors} from './generalized_smelu_inputs';
import {NATIVE_OP, nativeTensorflowOps} from './native_library';
import {NativeOpChain} from './native_ops';
import type {TensorflowBackendLike} from './tensorflow_backend_types';

/**
 * dy·∂f/∂x (shape of x), or Σ dy·∂f/∂p reduced to parameter p's shape: one
 * fused TensorFlow op per target (`TfjsGeneralizedSmeLUGradX`,
 * `TfjsGeneralizedSmeLUGradAlpha`, ...; sums in float64) when tfjs-smelu's
 * native ops are loaded, else stock ops (generalized_smelu_composite.ts).
 */
export function generalizedSmeluGradTensorflow(args: {
  inputs: GeneralizedSmeLUGradInputs,
  backend: unknown,
  attrs: GeneralizedSmeLUGradAttrs
}): TensorInfo {
  const {inputs, attrs: {axis, wrt}} = args;
  const backend = args.backend as TensorflowBackendLike;
  const where = GeneralizedSmeLUGradKernelName;
  if (wrt !== 'x' && !(GENERALIZED_SMELU_PARAM_NAMES as readonly string[]).includes(wrt)) {
    throw invalidGradTargetError(wrt, where);
  }
  checkGeneralizedSmeLUInputs(inputs, axis, where);
  if (nativeTensorflowOps() == null) {
    checkGeneralizedSmeLUParamValues(backend, inputs, where);
    return generalizedSmeluGradFromStockOps(backend, inputs, axis, wrt);
  }
  const chain = new NativeOpChain(backend);
  try {
    const ids = [chain.input(inputs.dy, 'dy', where), chain.input(inputs.x, 'x', where),
                 ...GENERALIZED_SMELU_PARAM_NAMES.map((name) => chain.input(inputs[name], name, where))];
    const attrs = [{name: 'axis', type: backend.binding.TF_ATTR_INT, value: axis}];
    const op = wrt === 'x' ? NATIVE_OP.generalizedSmeluGradX : NATIVE_OP.generalizedSmeluGrad[wrt];
    return withParamErrors(where, () => chain.finish(op, ids, attrs));
  } finally {
    chain.dispose();
  }
}

export const generalizedSmeluGradTensorflowConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUGradKernelName,
  backendName: 'tensorflow',
  kernelFunc: generalizedSmeluGradTensorflow as unknown as KernelFunc,
};
