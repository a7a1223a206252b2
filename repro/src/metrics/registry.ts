/**
 * The PD metrics of an experiment, in one registry: what each measures, for
 * which outputs, how its per-example (or per-pair) values are computed, and
 * how the results show it. The aggregation (values, group means, intervals),
 * `compare`, the verdict, the results table, the plots and the report all
 * read it, so a new PD metric is one entry here (and its test).
 */
import {
  absolutePDPerExample,
  halfL1PerExample,
  regressionPDPerExample,
  relativePDPerExample,
  top1DisagreementPerExample,
  topKSwapRateHost,
  trueClassRelativePDPerExample,
} from './example_pd';

/**
 * What the experiment knows about a workload's outputs: `binary` (one
 * probability per example), `multiclass` (a distribution over classes) or
 * `regression` (one real-valued prediction per example, of any sign).
 */
export type OutputKind = 'binary'|'multiclass'|'regression';

/** The output kinds, for argument checks (compare's `task`). */
export const OUTPUT_KINDS: readonly OutputKind[] = ['binary', 'multiclass', 'regression'];

/** What a PD metric applies to: a kind of output, or `ranking` (a workload that ranks candidates for users). */
export type MetricScope = OutputKind|'ranking';

/** What the PD functions of one run know besides the two replicas' outputs. */
export interface PDContext {
  kind: OutputKind;
  /** Classes of a multiclass output; 1 for binary and regression. */
  numClasses: number;
  /** The eval labels: 0/1, class ids, or targets. */
  evalLabels: ArrayLike<number>;
  /** Regression: the eval labels' mean |y|, the relative PD's denominator; null otherwise. */
  regressionScale: number|null;
  /** Ranking workloads: the score matrix's shape and the k of the top-k swap rate (≤ candidates). */
  ranking: {users: number, candidates: number, k: number}|null;
}

/** A replica's eval outputs as the PD functions read them (see the experiment's ReplicaOutput). */
export interface PDOutputs {
  /** [n] P(y = 1), [n × classes] probabilities (row-major), or [n] predictions (regression). */
  probabilities: Float32Array;
  /** Ranking workloads: [users × candidates] scores. */
  ranking?: Float32Array;
}

/**
 * How the results show a metric besides results.json: `mean`, a column with
 * its mean over pairs; `interval`, a column with the mean and its 95 %
 * interval, one with its ratio to ReLU's (with its interval), a verdict line
 * per activation, and a plot. As a percentage (`percent` decimals) or a
 * number (`digits` decimals); only for the output kinds in `kinds` (default:
 * all it applies to).
 */
export interface MetricDisplay {
  show: 'mean'|'interval';
  percent?: number;
  digits?: number;
  kinds?: readonly OutputKind[];
}

/** One PD metric. Exactly one of `perExample` and `perPair` is given. */
export interface PDMetricDefinition {
  /** In prose, e.g. `relative PD`. */
  readonly label: string;
  /** The results table's column title (default: the label); a function of the run for titles with a setting in them. */
  readonly column?: string|((context: PDContext) => string);
  /** What it applies to: output kinds, and `ranking` for workloads that rank candidates. */
  readonly appliesTo: readonly MetricScope[];
  /** The kinds of output whose headline metric it is (the one the PD ratio, the main plot and the verdict use). */
  readonly headlineOf?: readonly OutputKind[];
  /**
   * One value per eval example for a pair of replicas (float64, [n]); its mean is the pair's PD. The bootstrap
   * resamples these (in blocks of eval examples).
   */
  readonly perExample?: (a: PDOutputs, b: PDOutputs, context: PDContext) => Float64Array;
  /**
   * One value per pair of replicas, for metrics that are not a mean over eval examples (the top-k swap rate: a
   * mean over users). Intervals then resample replicas or init groups only.
   */
  readonly perPair?: (a: PDOutputs, b: PDOutputs, context: PDContext) => number;
  /** How the table (and, for `interval`, the verdict and a plot) shows it besides the headline; absent: it does not. */
  readonly display?: MetricDisplay;
  /** Its definition in the report (HTML), or a function of the run. */
  readonly definition: string|((context: DefinitionContext) => string);
}

/** What a metric's definition may mention about the run. */
export interface DefinitionContext {
  kind: OutputKind;
  /** Replicas per variant (per init group). */
  replicas: number;
  topK: number;
  /** Regression: the eval labels' mean |y|. */
  regressionScale: number|null;
}

const classification = (f: (p1: Float32Array, p2: Float32Array, numClasses: number) => Float64Array) =>
    (a: PDOutputs, b: PDOutputs, c: PDContext) => f(a.probabilities, b.probabilities, c.numClasses);

const pairsOf = (replicas: number) => replicas * (replicas - 1) / 2;
const formatScale = (v: number|null) => (v != null && Number.isFinite(v) ? String(Number(v.toPrecision(6))) : 'n/a');

/**
 * The name of a PD metric in {@link PD_METRICS} (and in results.json). A new
 * metric adds its name here and its entry there (the compiler checks that
 * they match).
 */
export type PDMetric = 'relativePD'|'absolutePD'|'halfL1'|'top1Disagreement'|'trueClassRelativePD'|'topKSwap';

/**
 * The PD metrics, by the name results.json uses, in the order they are
 * listed (after the headline). Relative PD is the source's headline for
 * binary outputs and regression; half-L1 (total variation) for class
 * distributions.
 *
 * ```js
 * const {PD_METRICS} = tfSmeluRepro;
 * console.log(PD_METRICS.halfL1.label, PD_METRICS.topKSwap.appliesTo);  // half-L1 PD ['ranking']
 * const d = PD_METRICS.absolutePD.perExample(
 *     {probabilities: new Float32Array([0.2, 0.5])}, {probabilities: new Float32Array([0.6, 0.5])},
 *     {kind: 'binary', numClasses: 1, evalLabels: [0, 1], regressionScale: null, ranking: null});
 * console.log(Array.from(d));  // [0.4, 0]
 * ```
 */
export const PD_METRICS: Readonly<Record<PDMetric, PDMetricDefinition>> = {
  relativePD: {
    label: 'relative PD',
    appliesTo: ['binary', 'multiclass', 'regression'],
    headlineOf: ['binary', 'regression'],
    perExample: (a, b, c) =>
        (c.regressionScale != null ? regressionPDPerExample(a.probabilities, b.probabilities, c.regressionScale) :
                                     relativePDPerExample(a.probabilities, b.probabilities, c.numClasses)),
    definition: ({kind, replicas, regressionScale}) => (
        kind === 'regression' ? `mean over held-out examples of |p₁ − p₂| / s, with s = ${
                                    formatScale(regressionScale)}, the eval labels' ` +
                `mean |y|, one constant for the whole run; averaged over all ${pairsOf(replicas)} replica pairs. A ` +
                'per-example denominator such as (p₁ + p₂)/2 is undefined for predictions of any sign and explodes near 0; ' +
                'with a constant s the ratio of two variants\' relative PD equals the ratio of their absolute PD, so the ' +
                'verdict does not depend on s, and for targets far from 0 (p ≈ y) it agrees with the classifiers\' definition.' :
                                'mean over held-out examples (and classes) of |p₁ − p₂| / ((p₁ + p₂)/2), the denominator clamped at 10⁻⁶ so ' +
                `that two predictions ≈ 0 count as agreeing; averaged over all ${pairsOf(replicas)} replica pairs.`),
  },
  absolutePD: {
    label: 'absolute PD',
    appliesTo: ['binary', 'multiclass', 'regression'],
    perExample: classification(absolutePDPerExample),
    display: {show: 'mean', digits: 4, kinds: ['regression']},
    definition: 'mean |p₁ − p₂| over held-out examples (and classes); for a regression, in the label\'s units.',
  },
  halfL1: {
    label: 'half-L1 PD',
    appliesTo: ['multiclass'],
    headlineOf: ['multiclass'],
    perExample: classification(halfL1PerExample),
    definition: '½ Σ_c |p₁[c] − p₂[c]| per example (total variation distance), averaged over examples and pairs.',
  },
  top1Disagreement: {
    label: 'top-1 disagreement',
    column: 'top-1 disagree',
    appliesTo: ['binary', 'multiclass'],
    perExample: classification(top1DisagreementPerExample),
    display: {show: 'mean', percent: 2},
    definition: 'share of held-out examples whose predicted class (or p &gt; 0.5) differs.',
  },
  trueClassRelativePD: {
    label: 'true-class relative PD',
    column: 'true-class rel. PD',
    appliesTo: ['multiclass'],
    perExample: (a, b, c) =>
        trueClassRelativePDPerExample(a.probabilities, b.probabilities, c.numClasses, c.evalLabels),
    display: {show: 'mean', digits: 4},
    definition: 'relative PD of the probability of each example\'s true class.',
  },
  topKSwap: {
    label: 'top-k swap rate',
    column: (c) => `top-${c.ranking?.k ?? 'k'} swap`,
    appliesTo: ['ranking'],
    perPair: (a, b, c) => {
      if (a.ranking == null || b.ranking == null || c.ranking == null) {
        throw new Error('topKSwap: the replicas have no ranking scores.');
      }
      return topKSwapRateHost(a.ranking, b.ranking, c.ranking.users, c.ranking.candidates, c.ranking.k);
    },
    display: {show: 'interval', percent: 1},
    definition: ({topK}) => `share of each user's top-${topK} recommendations (among the candidate items) that ` +
        'differ between two replicas, averaged over users; its intervals resample replicas or init groups (not users).',
  },
};

/** The registry entry of a metric. */
export function pdMetric(name: PDMetric): PDMetricDefinition {
  return PD_METRICS[name];
}

/** The names of the registry, in its order. */
export const PD_METRIC_NAMES = Object.keys(PD_METRICS) as PDMetric[];

/**
 * The PD metrics measured for a workload's outputs, the headline first, then
 * the others that apply in registry order (`ranking`: the workload ranks
 * candidates, so the ranking metrics apply too).
 */
export function pdMetricsFor(kind: OutputKind, ranking = false): PDMetric[] {
  const applies = (m: PDMetric) => {
    const scopes = pdMetric(m).appliesTo;
    return scopes.includes(kind) || (ranking && scopes.includes('ranking'));
  };
  const headline = PD_METRIC_NAMES.find((m) => pdMetric(m).headlineOf?.includes(kind));
  if (headline == null) throw new Error(`pdMetricsFor: no headline PD metric for outputs of kind '${kind}'.`);
  return [headline, ...PD_METRIC_NAMES.filter((m) => m !== headline && applies(m))];
}

/** The metric's column title in a run with this context. */
export function metricColumn(name: PDMetric, context: PDContext): string {
  const column = pdMetric(name).column;
  return typeof column === 'function' ? column(context) : column ?? pdMetric(name).label;
}

/** The metrics the table shows next to the headline, in order, for a run of this kind. */
export function displayedMetrics(metrics: readonly PDMetric[], kind: OutputKind): PDMetric[] {
  return metrics.slice(1).filter((m) => {
    const display = pdMetric(m).display;
    return display != null && (display.kinds == null || display.kinds.includes(kind));
  });
}

/** A metric's value as its display says (percent or decimals); `n/a` when not finite. */
export function formatMetricValue(name: PDMetric, value: number): string {
  const display = pdMetric(name).display;
  if (!Number.isFinite(value)) return 'n/a';
  return display?.percent != null ? `${(100 * value).toFixed(display.percent)}%` : value.toFixed(display?.digits ?? 4);
}

/** A metric's definition (HTML) for a run. */
export function metricDefinition(name: PDMetric, context: DefinitionContext): string {
  const definition = pdMetric(name).definition;
  return typeof definition === 'function' ? definition(context) : definition;
}
