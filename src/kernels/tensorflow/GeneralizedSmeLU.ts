import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {GeneralizedSmeLUAttrs, GeneralizedSmeLUInputs, GeneralizedSmeLUKernelName} from '../../kernel_names';
import {readKernelParams} from '../generalized_smelu_params';
import {generalizedSmeluFromStockOps} from './generalized_smelu_composite';
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
 * g-SmeLU forward on tfjs-node's backend: one fused TensorFlow op
 * (`TfjsGeneralizedSmeLU`, one pass, per-channel parameters along `axis`;
 * number parameters as op attrs, tensor parameters as inputs)
 * when tfjs-smelu's native ops are loaded, else the composite of stock ops
 * (generalized_smelu_composite.ts). Either way the kernel checks what the cpu
 * kernel checks: dtypes, parameter shapes and values (α, β > 0, all finite).
 *
 * This kernel is registered whether or not the native library is there:
 * `generalizedSmelu` picks fused kernels by whether they are registered
 * (hasGeneralizedSmeluKernels), and the library loads lazily, after
 * registration. So on `tensorflow` g-SmeLU always goes through these kernels
 * and the registered gradients (like on cpu; derivatives of parameter
 * gradients are not provided there, see GeneralizedSmeLUGrad_grad.ts).
 */
export function generalizedSmeluTensorflow(
    args: {inputs: GeneralizedSmeLUInputs, backend: unknown, attrs: GeneralizedSmeLUAttrs}): TensorInfo {
  const {inputs, attrs} = args;
  const {axis} = attrs;
  const backend = args.backend as TensorflowBackendLike;
  const where = GeneralizedSmeLUKernelName;
  const params = readKernelParams(inputs, attrs, 1, where);
  const x = inputs[0];
  checkGeneralizedSmeLUInputs(x, null, params, axis, where);
  if (nativeTensorflowOps() == null) {
    checkGeneralizedSmeLUParamValues(backend, params, where);
    return generalizedSmeluFromStockOps(backend, x, params, axis);
  }
  const chain = new NativeOpChain(backend);
  try {
    const native = nativeParamAttrs(backend, params);
    const ids = [chain.input(x, 'x', where), ...native.tensors.map(([name, t]) => chain.input(t, name, where))];
    const opAttrs = [{name: 'axis', type: backend.binding.TF_ATTR_INT, value: axis}, ...native.attrs];
    return withParamErrors(where, () => chain.finish(NATIVE_OP.generalizedSmelu, ids, opAttrs));
  } finally {
    chain.dispose();
  }
}

export const generalizedSmeluTensorflowConfig: KernelConfig = {
  kernelName: GeneralizedSmeLUKernelName,
  backendName: 'tensorflow',
  kernelFunc: generalizedSmeluTensorflow as unknown as KernelFunc,
};
