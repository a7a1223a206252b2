/**
 * Checks shared by the `tensorflow` g-SmeLU kernels, with the cpu kernels'
 * wording (src/validate.ts), and the translation of the fused ops' parameter
 * errors into that wording.
 */
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {GENERALIZED_SMELU_PARAM_NAMES, GeneralizedSmeLUParamName} from '../../kernel_names';
import {assertParamShapeFits, assertRealDtype, assertValidParamValue, assertValidParamValues} from '../../validate';
import type {KernelParams} from '../generalized_smelu_params';
import type {NativeOpAttr, TensorflowBackendLike} from './tensorflow_backend_types';

/** dtypes of x (and dy) and of the tensor parameters, and their shapes against x's channel axis. */
export function checkGeneralizedSmeLUInputs(
    x: TensorInfo, dy: TensorInfo|null, params: KernelParams, axis: number, where: string): void {
  assertRealDtype(x.dtype, where, 'x');
  if (dy != null) assertRealDtype(dy.dtype, where, 'dy');
  for (const name of GENERALIZED_SMELU_PARAM_NAMES) {
    const param = params[name];
    if (typeof param === 'number') continue;
    assertRealDtype(param.dtype, where, name);
    assertParamShapeFits(name, param.shape, x.shape, axis, where);
  }
}

/**
 * The tensor parameters' values (α, β > 0; all finite), read back as the cpu
 * kernels read them: on this backend a parameter tensor is a handful of
 * host-side values, so the check costs microseconds. (The fused ops check in
 * C++; numbers were checked when the call was read.)
 */
export function checkGeneralizedSmeLUParamValues(
    backend: TensorflowBackendLike, params: KernelParams, where: string): void {
  for (const name of GENERALIZED_SMELU_PARAM_NAMES) {
    const param = params[name];
    if (typeof param !== 'number') assertValidParamValues(name, backend.readSync(param.dataId), where);
  }
}

/**
 * The fused ops' parameter attrs (native/src/ops.h): `tensor_param_mask`, bit
 * p set where parameter p (GENERALIZED_SMELU_PARAM_NAMES order) is the next
 * tensor of the `params` input list, `N` that list's length, and
 * `param_values`, the value of each other parameter (0 in the tensors'
 * places). Returns the attrs and the tensor parameters in order.
 */
export function nativeParamAttrs(backend: TensorflowBackendLike, params: KernelParams):
    {attrs: NativeOpAttr[], tensors: Array<[GeneralizedSmeLUParamName, TensorInfo]>} {
  const {binding} = backend;
  const values: number[] = [];
  const tensors: Array<[GeneralizedSmeLUParamName, TensorInfo]> = [];
  let mask = 0;
  GENERALIZED_SMELU_PARAM_NAMES.forEach((name, p) => {
    const param = params[name];
    if (typeof param === 'number') {
      values.push(param);
    } else {
      values.push(0);
      tensors.push([name, param]);
      mask |= 1 << p;
    }
  });
  return {
    attrs: [
      {name: 'N', type: binding.TF_ATTR_INT, value: tensors.length},
      {name: 'param_values', type: binding.TF_ATTR_FLOAT, value: values},
      {name: 'tensor_param_mask', type: binding.TF_ATTR_INT, value: mask},
    ],
    tensors,
  };
}

/**
 * Runs a fused g-SmeLU op; a parameter value the op rejects
 * ("TFJS_SMELU_INVALID_PARAM <name> <index> <value>", native/src/kernels.cc)
 * is thrown again with the package's message for that value.
 */
export function withParamErrors<T>(where: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    const match = /TFJS_SMELU_INVALID_PARAM (\w+) (-?\d+) (\S+)/.exec(e instanceof Error ? e.message : String(e));
    if (match && (GENERALIZED_SMELU_PARAM_NAMES as readonly string[]).includes(match[1])) {
      const name = match[1] as GeneralizedSmeLUParamName;
      const index = Number(match[2]);
      assertValidParamValue(name, parseCNumber(match[3]), where, index < 0 ? name : `${name}[${index}]`);
    }
    throw e;
  }
}

/** A number as C's printf("%.9g") writes it (nan, inf, -inf included). */
function parseCNumber(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'nan' || lower === '-nan') return NaN;
  if (lower === 'inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return Number(text);
}
