/**
 * The verdict, read from the confidence intervals, never from the point
 * estimates alone: a PD ratio is "resolved" smaller (larger) than ReLU's when
 * its whole 95 % interval lies below (above) 1, and "not resolved" when the
 * interval contains 1. The target of the claim, ≤ 0.5× ReLU's PD, is
 * "reached" when the whole interval lies at or below 0.5, "excluded" when it
 * lies above 0.5, and "not excluded" otherwise. The eval loss change is read
 * the same way against 0.
 */
import type {Interval, RatioIntervals} from '../intervals/bootstrap';
import {PD_METRIC_LABELS, PDMetric} from '../metrics/example_pd';
import type {IntervalMethod} from '../intervals/group_t';

/** One activation against ReLU. */
export interface Comparison {
  /** The PD metric of {@link Comparison.pdRatio}. */
  metric: PDMetric;
  /** Mean PD / ReLU's mean PD (headline metric) with its 95 % interval. */
  pdRatio: Interval;
  /** The same for every PD metric measured. */
  pdRatios: Record<string, Interval>;
  /** 100·(eval loss − ReLU's)/ReLU's, with its 95 % interval. */
  lossChangePct: Interval;
  pd: 'smaller'|'larger'|'not resolved';
  halfTarget: 'reached'|'not excluded'|'excluded';
  loss: 'lower'|'higher'|'not resolved';
  sentence: string;
}

const fmtRatio = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
const fmtPct = (v: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}%` : 'n/a');

/**
 * Classifies an interval against a threshold: `below` when hi < t, `above` when lo > t, else `contains`.
 *
 * ```js
 * console.log(tfSmeluRepro.sideOf({estimate: 0.8, lo: 0.7, hi: 0.9}, 1));  // below
 * ```
 */
export function sideOf(interval: Interval, threshold: number): 'below'|'above'|'contains' {
  if (!(Number.isFinite(interval.lo) && Number.isFinite(interval.hi))) return 'contains';
  if (interval.hi < threshold) return 'below';
  if (interval.lo > threshold) return 'above';
  return 'contains';
}

/**
 * The comparison of one activation with ReLU, with its sentence.
 *
 * ```js
 * const c = tfSmeluRepro.comparisonVerdict('SmeLU β=1', 'relativePD', {
 *   pdRatio: {relativePD: {estimate: 0.8, lo: 0.7, hi: 0.9}},
 *   lossChangePct: {estimate: 0.3, lo: -0.1, hi: 0.7},
 * }, 4);
 * console.log(c.pd, c.halfTarget, c.loss);  // smaller excluded not resolved
 * ```
 * @param replicas Replicas per variant (per init group when there are several): with 2 and the
 *   `bootstrap` method the sentence says that the interval covers the eval examples only.
 * @param options `groups`: init groups (default 1); `method`: the interval method (default `bootstrap`).
 */
export function comparisonVerdict(
    label: string, metric: PDMetric, ratios: RatioIntervals, replicas: number,
    options: {groups?: number, method?: IntervalMethod} = {}): Comparison {
  const pdRatio = ratios.pdRatio[metric];
  const side = sideOf(pdRatio, 1);
  const pd = side === 'below' ? 'smaller' : side === 'above' ? 'larger' : 'not resolved';
  const half = pdRatio.hi <= 0.5 ? 'reached' : pdRatio.lo > 0.5 || !Number.isFinite(pdRatio.lo) ? 'excluded' : 'not excluded';
  const lossSide = sideOf(ratios.lossChangePct, 0);
  const loss = lossSide === 'below' ? 'lower' : lossSide === 'above' ? 'higher' : 'not resolved';
  const ci = `95% CI ${fmtRatio(pdRatio.lo)}–${fmtRatio(pdRatio.hi)}`;
  const pdText = pd === 'not resolved' ? 'not resolved (the interval contains 1)' :
                                         `resolved, ${pd} than ReLU's`;
  const halfText = half === 'reached' ? '≤ 0.5× reached (the whole interval is at or below 0.5)' :
                   half === 'excluded' ? '≤ 0.5× excluded (the interval lies above 0.5)' :
                                         '≤ 0.5× not excluded (the interval reaches below 0.5)';
  const l = ratios.lossChangePct;
  const lossText = `eval loss ${fmtPct(l.estimate)} vs ReLU (95% CI ${fmtPct(l.lo)} to ${fmtPct(l.hi)}), ` +
      (loss === 'not resolved' ? 'not resolved' : `resolved ${loss}`);
  // Resampling 2 replicas (of a group) with at least 2 distinct always draws the same pair.
  const caveat = replicas < 3 && (options.method ?? 'bootstrap') === 'bootstrap' ?
      ` [2 replicas${(options.groups ?? 1) > 1 ? ' per group' : ''}: the interval covers eval examples only]` : '';
  return {
    metric, pdRatio, pdRatios: ratios.pdRatio, lossChangePct: ratios.lossChangePct, pd, halfTarget: half, loss,
    sentence: `${label}: ${PD_METRIC_LABELS[metric]} ${fmtRatio(pdRatio.estimate)}× ReLU's (${ci}), ${pdText}; ` +
        `${halfText}; ${lossText}.${caveat}`,
  };
}

/**
 * The verdict lines of a run: one per activation compared with ReLU.
 *
 * ```js
 * // not run: `result` comes from runExperiment
 * console.log(result.verdict.join('\n'));
 * ```
 */
export function overallVerdict(
    variants: {label: string, vsRelu: Comparison|null, pd: Interval}[], relu: {pd: Interval}|null, metricLabel: string): string[] {
  if (relu == null) return ['ReLU is not in this run, so there are no ratios to ReLU.'];
  if (!(relu.pd.estimate > 0)) return [`ReLU's replicas agree exactly (${metricLabel} 0): there is no ratio to report.`];
  return variants.filter((v) => v.vsRelu != null).map((v) => v.vsRelu!.sentence);
}
