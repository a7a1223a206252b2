/**
 * The verdict's reading of a ratio's interval for a metric beside the
 * headline (the top-k swap rate): against 1 and against ½ when the interval
 * exists, and without a claim when a value of 0 left the ratio or its
 * interval undefined.
 */
import {metricVerdict} from '../../../repro/src/experiment/verdict';

describe('metricVerdict', () => {
  const read = (estimate: number, lo: number, hi: number, pairsResampled?: boolean) =>
      metricVerdict('SmeLU β=1', 'topKSwap', 'top-10 swap', {estimate, lo, hi}, {pairsResampled});

  test('an interval below ½ reaches the target; one above ½ excludes it; one across 1 is not resolved', () => {
    expect(read(0.3, 0.2, 0.45)).toMatchObject({pd: 'smaller', halfTarget: 'reached'});
    expect(read(0.8, 0.7, 0.9)).toMatchObject({pd: 'smaller', halfTarget: 'excluded'});
    expect(read(0.9, 0.4, 1.2)).toMatchObject({pd: 'not resolved', halfTarget: 'not excluded'});
    expect(read(0.8, 0.7, 0.9).sentence)
        .toBe(
            'SmeLU β=1: top-10 swap 0.80× ReLU\'s (95% CI 0.70–0.90), resolved, smaller than ReLU\'s; ' +
            '≤ 0.5× excluded (the interval lies above 0.5).');
  });

  test('bounds of 1,000 and more in powers of ten (1 degree of freedom can give 1e16)', () => {
    expect(read(0.04, 0.001, 1.17e16).sentence).toContain('(95% CI 0.00–1.2e+16), not resolved');
  });

  test('no ratio (ReLU\'s value 0 somewhere): not resolved, and nothing said of 1 or ½', () => {
    for (const [estimate, lo, hi] of [[NaN, NaN, NaN], [0, NaN, NaN], [Infinity, NaN, NaN], [0.5, 0.1, NaN]]) {
      const v = read(estimate, lo, hi);
      expect(v.pd).toBe('not resolved');
      expect(v.sentence).toContain('(no 95% interval: a value of 0 leaves the ratio undefined');
      expect(v.sentence).toContain('≤ 0.5× not decided');
      expect(v.sentence).not.toMatch(/excluded|reached|contains 1/);
    }
  });

  test('the bootstrap of 2 replicas per group: says that it resampled no pairs', () => {
    const v = read(0.4, NaN, NaN, false);
    expect(v.pd).toBe('not resolved');
    expect(v.sentence)
        .toBe(
            'SmeLU β=1: top-10 swap 0.40× ReLU\'s, not resolved (no interval: one value per replica pair, and the ' +
            'bootstrap of 2 replicas draws the same pair every time; use 3 or more replicas, or init groups).');
  });
});
