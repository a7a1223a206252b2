/**
 * The `wrt` attr of the GeneralizedSmeLUGrad kernel, checked the same way on
 * every backend.
 */
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {GENERALIZED_SMELU_PARAM_NAMES, GeneralizedSmeLUParamName} from '../kernel_names';
import type {KernelParams} from './generalized_smelu_params';

/** The error for a `wrt` that is neither `'x'` nor a parameter name. */
export function invalidGradTargetError(wrt: unknown, where: string): Error {
  return new Error(`${where}: attr wrt must be one of x, alpha, beta, gNeg, gPos, shift, but got '${String(wrt)}'.`);
}

/**
 * The parameter that `wrt` (not `'x'`) names, with its tensor input; throws
 * {@link invalidGradTargetError} for anything else, and a clear error when
 * that parameter is a number attr (a number has no gradient).
 */
export function gradTargetParam(
    params: KernelParams, wrt: string, where: string): {name: GeneralizedSmeLUParamName, tensor: TensorInfo} {
  if (!(GENERALIZED_SMELU_PARAM_NAMES as readonly string[]).includes(wrt)) throw invalidGradTargetError(wrt, where);
  const name = wrt as GeneralizedSmeLUParamName;
  const tensor = params[name];
  if (typeof tensor === 'number') {
    throw new Error(
        `${where}: attr wrt is '${name}', but ${name} is a number attr, not a tensor input: it has no gradient.`);
  }
  return {name, tensor};
}
