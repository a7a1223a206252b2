/**
 * Checks shared by the `tensorflow` g-SmeLU kernels, with the cpu kernels'
 * wording (src/validate.ts), and the translation of the fused ops' parameter
 * errors into that wording.
 */
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {GENERALIZED_SMELU_PARAM_NAMES, GeneralizedSmeLUInputs, GeneralizedSmeLUParamName} from '../../kernel_names';
import {assertParamShapeFits, assertRealDtype, assertValidParamValue, assertValidParamValues} from '../../validate';
import type {TensorflowBackendLike} from './tensorflow_backend_types';

/** dtypes of x (and dy) and the parameters' shapes against x's channel axis. */
export function checkGeneralizedSmeLUInputs(
    inputs: GeneralizedSmeLUInputs&{dy?: TensorInfo}, axis: number, where: string): void {
  assertRealDtype(inputs.x.dtype, where, 'x');
  if (inputs.dy != null) assertRealDtype(inputs.dy.dtype, where, 'dy');
  for (const name of GENERALIZED_SMELU_PARAM_NAMES) {
    assertRealDtype(inputs[name].dtype, where, name);
    assertParamShapeFits(name, inputs[name].shape, inputs.x.shape, axis, where);
  }
}

/**
 * The parameters' values (α, β > 0; all finite), read back as the cpu kernels
 * read them: on this backend a parameter tensor is a handful of host-side
 * values, so the check costs microseconds. (The fused ops check in C++.)
 */
export function checkGeneralizedSmeLUParamValues(
    backend: TensorflowBackendLike, inputs: GeneralizedSmeLUInputs, where: string): void {
  for (const name of GENERALIZED_SMELU_PARAM_NAMES) {
    assertValidParamValues(name, backend.readSync(inputs[name].dataId), where);
  }
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
