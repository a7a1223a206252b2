/** Order statistics for timing samples (no timing logic here). */

/** Linear-interpolated quantile of unsorted numbers; NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** (Q3 − Q1) / median: how much the samples disagree, as a fraction. */
export function relativeSpread(values: readonly number[]): number {
  const m = median(values);
  return m > 0 ? (quantile(values, 0.75) - quantile(values, 0.25)) / m : NaN;
}

/**
 * Median of the per-round ratios a[i] / b[i]. Samples taken in the same round
 * share the machine's load at that moment, so pairing cancels most of the
 * noise that a ratio of two independent medians would keep.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; ++i) ratios.push(a[i] / b[i]);
  return median(ratios);
}

/** (Q3 − Q1) / median of the per-round ratios a[i] / b[i]: how much the rounds disagree on the ratio. */
export function pairedRatioSpread(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; ++i) ratios.push(a[i] / b[i]);
  return relativeSpread(ratios);
}
