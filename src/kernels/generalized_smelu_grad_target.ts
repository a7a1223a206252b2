/**
 * The `wrt` attr of the GeneralizedSmeLUGrad kernel, checked the same way on
 * every backend.
 */
import type {TensorInfo} from '@tensorflow/tfjs-core';

import type {GeneralizedSmeLUGradInputs} from '../kernel_names';

/** The error for a `wrt` that is neither `'x'` nor a parameter name. */
export function invalidGradTargetError(wrt: unknown, where: string): Error {
  return new Error(`${where}: attr wrt must be one of x, alpha, beta, gNeg, gPos, shift, but got '${String(wrt)}'.`);
}

/** The parameter input that `wrt` (not `'x'`) names; throws {@link invalidGradTargetError} for anything else. */
export function gradTargetParam(inputs: GeneralizedSmeLUGradInputs, wrt: string, where: string): TensorInfo {
  const param = (inputs as Record<string, TensorInfo|undefined>)[wrt];
  if (wrt === 'x' || wrt === 'dy' || param == null) throw invalidGradTargetError(wrt, where);
  return param;
}
