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
import type {IntervalMethod} from '../intervals/methods';
import {PD_METRICS, PDMetric} from '../metrics/registry';

/** One activation against ReLU on one PD metric. */
export interface MetricComparison {
  /** The PD metric of {@link MetricComparison.pdRatio}. */
  metric: PDMetric;
  /** Mean PD / ReLU's mean PD with its 95 % interval. */
  pdRatio: Interval;
  pd: 'smaller'|'larger'|'not resolved';
  halfTarget: 'reached'|'not excluded'|'excluded';
  sentence: string;
}

/** One activation against ReLU: the headline metric's ratio, every metric's ratio, and the eval loss. */
export interface Comparison extends MetricComparison {
  /** The same ratio for every PD metric measured. */
  pdRatios: Record<string, Interval>;
  /** 100·(eval loss − ReLU's)/ReLU's, with its 95 % interval. */
  lossChangePct: Interval;
  loss: 'lower'|'higher'|'not resolved';
}

const fmtRatio = (v: number) => (Number.isFinite(v) ? (v >= 1000 ? v.toExponential(1) : v.toFixed(2)) : 'n/a');
const fmtPct = (v: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(2)}%` : 'n/a');

/**
 * Classifies an interval against a threshold: `below` when hi < t, `above` when lo > t, else `contains`.
 *
 * ```js
 * console.log(sideOf({estimate: 0.8, lo: 0.7, hi: 0.9}, 1));  // below
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
 * const c = comparisonVerdict('SmeLU β=1', 'relativePD', {
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
  const {pdRatio, pd, halfTarget, text} = ratioVerdict(ratios.pdRatio[metric]);
  const lossSide = sideOf(ratios.lossChangePct, 0);
  const loss = lossSide === 'below' ? 'lower' : lossSide === 'above' ? 'higher' : 'not resolved';
  const l = ratios.lossChangePct;
  const lossText = `eval loss ${fmtPct(l.estimate)} vs ReLU (95% CI ${fmtPct(l.lo)} to ${fmtPct(l.hi)}), ` +
      (loss === 'not resolved' ? 'not resolved' : `resolved ${loss}`);
  // Resampling 2 replicas (of a group) with at least 2 distinct always draws the same pair.
  const caveat = replicas < 3 && (options.method ?? 'bootstrap') === 'bootstrap' ?
      ` [2 replicas${(options.groups ?? 1) > 1 ? ' per group' : ''}: the interval covers eval examples only]` :
      '';
  return {
    metric,
    pdRatio,
    pdRatios: ratios.pdRatio,
    lossChangePct: ratios.lossChangePct,
    pd,
    halfTarget,
    loss,
    sentence: `${label}: ${PD_METRICS[metric].label} ${text}; ${lossText}.${caveat}`,
  };
}

/**
 * The comparison of one activation with ReLU on a metric other than the headline (one the results show with its
 * interval, such as the top-k swap rate): its ratio, read the same way, in a sentence of its own.
 * `metricName` is how the sentence names it (e.g. `top-10 swap`). A ratio without an interval is not resolved, and
 * says why: with `pairsResampled` false (the bootstrap of 2 replicas per group, which draws the same pair every
 * time), that the method resampled nothing this metric varies with; otherwise, that a value of 0 left the ratio
 * undefined somewhere.
 */
export function metricVerdict(
    label: string, metric: PDMetric, metricName: string, ratio: Interval,
    options: {pairsResampled?: boolean} = {}): MetricComparison {
  if (options.pairsResampled === false && Number.isFinite(ratio.estimate) && !Number.isFinite(ratio.lo)) {
    return {
      metric,
      pdRatio: ratio,
      pd: 'not resolved',
      halfTarget: 'not excluded',
      sentence: `${label}: ${metricName} ${fmtRatio(ratio.estimate)}× ReLU's, not resolved (no interval: one value ` +
          'per replica pair, and the bootstrap of 2 replicas draws the same pair every time; use 3 or more replicas, ' +
          'or init groups).',
    };
  }
  const {pdRatio, pd, halfTarget, text} = ratioVerdict(ratio);
  return {metric, pdRatio, pd, halfTarget, sentence: `${label}: ${metricName} ${text}.`};
}

/** A PD ratio read against 1 and against the target ½, and its words. */
function ratioVerdict(pdRatio: Interval): Pick<MetricComparison, 'pdRatio'|'pd'|'halfTarget'>&{text: string} {
  if (![pdRatio.estimate, pdRatio.lo, pdRatio.hi].every(Number.isFinite)) {
    // A value of 0 (ReLU's in a group or a resampled draw, or a group's own under group-log-t) leaves the ratio or
    // its interval undefined: nothing can be said against 1 or ½.
    return {
      pdRatio,
      pd: 'not resolved',
      halfTarget: 'not excluded',
      text: `${fmtRatio(pdRatio.estimate)}× ReLU's (no 95% interval: a value of 0 leaves the ratio undefined in an ` +
          'init group or a resampled draw), not resolved; ≤ 0.5× not decided',
    };
  }
  const side = sideOf(pdRatio, 1);
  const pd = side === 'below' ? 'smaller' : side === 'above' ? 'larger' : 'not resolved';
  const half = pdRatio.hi <= 0.5 ? 'reached' : pdRatio.lo > 0.5 ? 'excluded' : 'not excluded';
  const ci = `95% CI ${fmtRatio(pdRatio.lo)}–${fmtRatio(pdRatio.hi)}`;
  const pdText = pd === 'not resolved' ? 'not resolved (the interval contains 1)' : `resolved, ${pd} than ReLU's`;
  const halfText = half === 'reached' ? '≤ 0.5× reached (the whole interval is at or below 0.5)' :
      half === 'excluded'             ? '≤ 0.5× excluded (the interval lies above 0.5)' :
                                        '≤ 0.5× not excluded (the interval reaches below 0.5)';
  return {pdRatio, pd, halfTarget: half, text: `${fmtRatio(pdRatio.estimate)}× ReLU's (${ci}), ${pdText}; ${halfText}`};
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
    variants: {
      label: string,
      vsRelu: Comparison|null,
      pd: Interval,
      vsReluByMetric?: Partial<Record<PDMetric, MetricComparison>>,
    }[],
    relu: {pd: Interval}|null, metricLabel: string): string[] {
  if (relu == null) return ['ReLU is not in this run, so there are no ratios to ReLU.'];
  if (!(relu.pd.estimate > 0)) {
    return [`ReLU's replicas agree exactly (${metricLabel} 0): there is no ratio to report.`];
  }
  return variants.filter((v) => v.vsRelu != null)
      .flatMap((v) => [v.vsRelu!.sentence, ...Object.values(v.vsReluByMetric ?? {}).map((c) => c!.sentence)]);
}
