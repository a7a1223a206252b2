/** Argument checks shared by ops, kernels and layers: one wording everywhere. */

/**
 * Throws unless `beta` is a finite number > 0. `where` names the caller, e.g.
 * `'smelu'` or `'SmeLU layer'`, so the message says who rejected the value.
 */
export function assertValidBeta(beta: unknown, where: string, name = 'beta'): asserts beta is number {
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta <= 0) {
    throw new Error(
        `${where}: ${name} must be a finite number > 0, but got ${describeValue(beta)}.`);
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
    throw new Error(
        `${where}: ${name} must have dtype float32 or int32, but got dtype '${dtype}'.`);
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
