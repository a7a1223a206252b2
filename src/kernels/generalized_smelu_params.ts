/**
 * The g-SmeLU parameters as the kernels receive them (see kernel_names.ts):
 * each either a number attr or a tensor input. One reader for every backend,
 * so a malformed kernel call gets one wording everywhere.
 */
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {GENERALIZED_SMELU_PARAM_NAMES, GeneralizedSmeLUParamAttrs, GeneralizedSmeLUParamName} from '../kernel_names';
import {assertValidParamValue, describeValue, isWidthParam} from '../validate';

/** One parameter in a kernel: its value (a float32 number) or the tensor input that holds it. */
export type KernelParam = number|TensorInfo;

/** The five parameters of one kernel call. */
export type KernelParams = Record<GeneralizedSmeLUParamName, KernelParam>;

/** Whether parameter `name` is a tensor input in a call with these attrs (its attr null or absent). */
export function isTensorParam(attrs: GeneralizedSmeLUParamAttrs, name: GeneralizedSmeLUParamName): boolean {
  return attrs[name] == null;
}

/** The names of the tensor parameters, in input order. */
export function tensorParamNames(attrs: GeneralizedSmeLUParamAttrs): GeneralizedSmeLUParamName[] {
  return GENERALIZED_SMELU_PARAM_NAMES.filter((name) => attrs[name] == null);
}

/**
 * Reads a kernel call: `leading` tensors first (x; or dy and x), then one
 * tensor input per parameter whose attr is null. Number attrs are rounded to
 * float32 (as a tensor holding them would be) and checked (α, β > 0; all
 * finite). Throws when the inputs do not match the attrs.
 */
export function readKernelParams(
    inputs: readonly TensorInfo[], attrs: GeneralizedSmeLUParamAttrs, leading: number, where: string): KernelParams {
  if (!Array.isArray(inputs)) {
    const got = inputs != null && typeof inputs === 'object' ? `an object with keys ${Object.keys(inputs).join(', ')}` :
                                                               describeValue(inputs);
    throw new Error(`${where}: inputs must be an array [${
        leading === 1 ? 'x' : 'dy, x'}, ...the tensor parameters] (number parameters are attrs), but got ${got}.`);
  }
  // One parameter at a time by name (not a loop over names): this runs on every call.
  const reader = {inputs, next: leading, where};
  const params: KernelParams = {
    alpha: readParam(reader, 'alpha', attrs.alpha),
    beta: readParam(reader, 'beta', attrs.beta),
    gNeg: readParam(reader, 'gNeg', attrs.gNeg),
    gPos: readParam(reader, 'gPos', attrs.gPos),
    shift: readParam(reader, 'shift', attrs.shift),
  };
  if (reader.next !== inputs.length) {
    throw new Error(`${where}: expected ${reader.next} inputs (${
        leading === 1 ? 'x' : 'dy, x'} and the parameters without an attr value), but got ${inputs.length}.`);
  }
  return params;
}

function readParam(
    reader: {inputs: readonly TensorInfo[], next: number, where: string}, name: GeneralizedSmeLUParamName,
    value: unknown): KernelParam {
  if (value == null) {
    const input = reader.inputs[reader.next++];
    if (input == null) {
      throw new Error(`${reader.where}: parameter ${name} has no attr value, so it must be tensor input ${
          reader.next - 1}, but the call has ${reader.inputs.length} inputs.`);
    }
    return input;
  }
  if (typeof value !== 'number') {
    throw new Error(
        `${reader.where}: attr ${name} must be a number, or null for a tensor input, but got ${describeValue(value)}.`);
  }
  const rounded = Math.fround(value);
  // NaN fails both tests, and so do ±Infinity.
  if (isWidthParam(name) ? !(rounded > 0 && rounded < Infinity) : !(rounded - rounded === 0)) {
    assertValidParamValue(name, rounded, reader.where);
  }
  return rounded;
}

/** The five parameters of a call whose parameters are all numbers. */
export type NumberParams = Record<GeneralizedSmeLUParamName, number>;

/** Whether every parameter is a number (then the kernels need no parameter tensor at all). */
export function allNumbers(params: KernelParams): params is NumberParams {
  return typeof params.alpha === 'number' && typeof params.beta === 'number' && typeof params.gNeg === 'number' &&
      typeof params.gPos === 'number' && typeof params.shift === 'number';
}
