/**
 * Argument checks and the renderings of bad values in error messages, one
 * wording for both packages: the plugin's ops, kernels and layers, and the
 * toolkit (tfjs-smelu-repro imports this module by its path and bundles it;
 * it is not part of the plugin's public API).
 */
import type {Tensor} from '@tensorflow/tfjs-core';

import type {GeneralizedSmeLUParamName} from './kernel_names';

/**
 * Throws unless `beta` is a finite number > 0. `where` names the caller, e.g.
 * `'smelu'` or `'SmeLU layer'`, so the message says who rejected the value.
 */
export function assertValidBeta(beta: unknown, where: string, name = 'beta'): asserts beta is number {
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta <= 0) {
    throw new Error(`${where}: ${name} must be a finite number > 0, but got ${describeValue(beta)}.`);
  }
}

/** Throws unless `value` is a finite number (slopes, shifts). */
export function assertFinite(value: unknown, where: string, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${where}: ${name} must be a finite number, but got ${describeValue(value)}.`);
  }
}

/** Dtypes SmeLU accepts; int32 is computed in float32. */
export function assertRealDtype(dtype: string, where: string, name = 'x'): void {
  if (dtype !== 'float32' && dtype !== 'int32') {
    throw new Error(`${where}: ${name} must have dtype float32 or int32, but got dtype '${dtype}'.`);
  }
}

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

/** α and β are half-widths and must be > 0; the slopes and the shift only finite. */
export function isWidthParam(name: GeneralizedSmeLUParamName): boolean {
  return name === 'alpha' || name === 'beta';
}

/** One value check with the shared wording; `label` may carry an index, e.g. `beta[3]`. */
export function assertValidParamValue(
    name: GeneralizedSmeLUParamName, value: unknown, where: string, label: string = name): void {
  if (isWidthParam(name)) {
    assertValidBeta(value, where, label);
  } else {
    assertFinite(value, where, label);
  }
}

/** Checks every value of a parameter (a handful: one or one per channel). */
export function assertValidParamValues(
    name: GeneralizedSmeLUParamName, values: ArrayLike<number>, where: string): void {
  for (let i = 0; i < values.length; ++i) {
    assertValidParamValue(name, values[i], where, values.length === 1 ? name : `${name}[${i}]`);
  }
}

/** Normalizes `axis` against `rank`; throws naming the op when it is out of range. */
export function normalizeChannelAxis(axis: unknown, rank: number, where: string): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis) || axis < -Math.max(rank, 1) || axis >= Math.max(rank, 1)) {
    throw new Error(`${where}: axis must be an integer in [${- Math.max(rank, 1)}, ${
        Math.max(rank, 1)}) for an input of rank ${rank}, but got ${describeValue(axis)}.`);
  }
  return axis < 0 ? axis + Math.max(rank, 1) : axis;
}

/**
 * Throws unless a parameter of shape `paramShape` fits an input of shape
 * `xShape`: one value (any rank), or a 1-D tensor of `xShape[axis]` values.
 */
export function assertParamShapeFits(
    name: string, paramShape: readonly number[], xShape: readonly number[], axis: number, where: string,
    rawAxis: number = axis): void {
  const size = paramShape.reduce((a, b) => a * b, 1);
  if (size === 1) return;
  if (xShape.length === 0) {
    throw new Error(`${where}: ${name} has ${size} values (shape [${
        paramShape}]) but the input is a scalar, which has no channel axis; pass a single value.`);
  }
  const channels = xShape[axis];
  if (paramShape.length !== 1 || size !== channels) {
    throw new Error(`${where}: ${name} has ${size} values (shape [${
        paramShape}]) but must hold 1 value or one per channel: the input (shape [${xShape}]) has ${
        channels} channels along axis ${rawAxis}.`);
  }
}

/** A plain JSON-like object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value != null && typeof value === 'object' && !Array.isArray(value);
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

// eslint-disable-next-line no-control-regex -- matching control characters (to escape them) is its job
const UNPRINTABLE = /[\u0000-\u001f\u007f\u2028\u2029]/g;

/**
 * A piece of user text (a CSV value, a column name) for one error line:
 * control characters escaped, cut to `max` characters with `…`.
 */
export function boundedText(text: string, max = 40): string {
  const escaped = text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length <= max ? escaped : `${escaped.slice(0, max - 1)}…`;
}

/**
 * A list of names for one error line: each quoted and bounded, the first
 * few up to about `budget` characters, then "and N more"
 * (`['a', 'b', 'c']` with budget 8: `'a', 'b' and 1 more`).
 */
export function boundedList(items: readonly string[], budget = 160, quote = '\''): string {
  const shown: string[] = [];
  let used = 0;
  for (const item of items) {
    const text = `${quote}${boundedText(item, 40)}${quote}`;
    if (shown.length > 0 && used + text.length + 2 > budget) break;
    shown.push(text);
    used += text.length + 2;
  }
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest.toLocaleString('en-US')} more` : shown.join(', ');
}
