/** Small argument checks of the toolkit, with the plugin's wording. */
import type {Tensor} from '@tensorflow/tfjs-core';

/** A short, unambiguous rendering of a bad value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined) return String(value);
  try {
    return `${typeof value} ${JSON.stringify(value)}`;
  } catch {
    return typeof value;
  }
}

/** Throws unless `beta` is a finite number > 0; `where` names the caller. */
export function assertValidBeta(beta: unknown, where: string, name = 'beta'): asserts beta is number {
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta <= 0) {
    throw new Error(`${where}: ${name} must be a finite number > 0, but got ${describeValue(beta)}.`);
  }
}

/** The single tensor a one-input layer receives (tfjs passes one or a list). */
export function singleInput(inputs: Tensor|Tensor[], layerName: string): Tensor {
  if (Array.isArray(inputs)) {
    if (inputs.length !== 1) {
      throw new Error(`${layerName} expects exactly one input tensor, but got ${inputs.length}.`);
    }
    return inputs[0];
  }
  return inputs;
}
