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

/**
 * A piece of user text (a CSV value, a column name) for one error line:
 * control characters escaped, cut to `max` characters with `…`.
 */
export function boundedText(text: string, max = 40): string {
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length <= max ? escaped : `${escaped.slice(0, max - 1)}…`;
}

/**
 * A list of names for one error line: each quoted and bounded, the first
 * few up to about `budget` characters, then "and N more"
 * (`['a', 'b', 'c']` with budget 8: `'a', 'b' and 1 more`).
 */
export function boundedList(items: readonly string[], budget = 160, quote = "'"): string {
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
