/**
 * The results as text: the table (for the terminal and in Markdown) whose
 * PD columns follow the metric registry, and the verdict lines.
 */
import type {ExperimentResult} from '../experiment/types';
import type {Interval} from '../intervals/bootstrap';
import type {PairwiseStats} from '../metrics/pairwise_stats';
import {
  displayedMetrics,
  formatMetricValue,
  metricColumn,
  PD_METRIC_NAMES,
  PD_METRICS,
  PDContext,
  PDMetric,
  pdMetric,
} from '../metrics/registry';

const fmt = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const signed = (v: number, digits: number) =>
    (Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}` : 'n/a');
// One value (e.g. the single pair of two replicas) has no spread to show.
export const meanAndSd = (s: PairwiseStats, digits: number) =>
    (s.values.length < 2 ? fmt(s.mean, digits) : `${fmt(s.mean, digits)} ± ${fmt(s.std, digits)}`);
const meanAndSdOf = (s: PairwiseStats|undefined) => (s != null ? meanAndSd(s, 4) : 'n/a');
const withInterval = (i: Interval, show: (v: number) => string) =>
    (Number.isFinite(i.lo) ? `${show(i.estimate)} [${show(i.lo)}, ${show(i.hi)}]` : show(i.estimate));
// A ratio's interval with 1 degree of freedom can reach 1e16: such bounds in powers of ten, not 17 digits.
const ratio = (x: number) => (Number.isFinite(x) ? `${x >= 1000 ? x.toExponential(1) : fmt(x, 2)}×` : 'n/a');

/** The PD metrics a result holds: the headline first, then the others in registry order. */
export function measuredMetrics(result: ExperimentResult): PDMetric[] {
  return [
    result.primaryMetric,
    ...PD_METRIC_NAMES.filter((m) => m !== result.primaryMetric && result.variants.some((v) => v[m] != null))
  ];
}

/** What the registry's column titles need to know about a result. */
function contextOf(result: ExperimentResult): PDContext {
  return {
    kind: result.workload.kind,
    numClasses: 1,
    evalLabels: [],
    regressionScale: result.regression?.scale ?? null,
    ranking: {users: 0, candidates: 0, k: result.config.topK},
  };
}

/** A metric's name in a result's table, plots and verdict (e.g. `top-10 swap`). */
export function metricTitle(result: ExperimentResult, metric: PDMetric): string {
  return metricColumn(metric, contextOf(result));
}

/**
 * Column titles of the results table: activation, β, eval loss, the loss change vs ReLU, the quality metric, the
 * headline PD and its ratio to ReLU, then each other PD metric the registry shows for this kind of output (with its
 * interval and ratio to ReLU when it is shown with intervals).
 */
export function summaryHeaders(result: ExperimentResult): string[] {
  const kind = result.workload.kind;
  const quality = kind === 'binary' ? 'AUC' : kind === 'regression' ? 'R²' : 'accuracy';
  const head = [
    'activation', 'β', 'eval loss', 'Δloss vs ReLU [95% CI]', quality,
    `${PD_METRICS[result.primaryMetric].label} [95% CI]`, 'PD / ReLU [95% CI]'
  ];
  for (const m of displayedMetrics(measuredMetrics(result), kind)) {
    const title = metricTitle(result, m);
    if (pdMetric(m).display?.show === 'interval')
      head.push(`${title} [95% CI]`, `${title} / ReLU [95% CI]`);
    else
      head.push(title);
  }
  return head;
}

/**
 * The rows of the results table ({@link summaryHeaders}), one per variant: eval loss and quality as mean ± sd
 * over replicas, PD as mean over pairs [95 % interval], ratios to ReLU [95 % interval].
 */
export function summaryRows(result: ExperimentResult): string[][] {
  const kind = result.workload.kind;
  const others = displayedMetrics(measuredMetrics(result), kind);
  const compared = result.variants.some((o) => o.vsRelu != null);
  return result.variants.map((v) => {
    const row = [
      v.label.replace(/ β=.*$/, ''),
      v.beta == null ? '–' : String(v.beta),
      meanAndSd(v.evalLoss, 4),
      v.vsRelu != null ? withInterval(v.vsRelu.lossChangePct, (x) => `${signed(x, 2)}%`) :
          v.lossChangeVsReluPct == null ? 'n/a' :
                                          `${signed(v.lossChangeVsReluPct, 2)}%`,
      meanAndSdOf(v.auc ?? v.r2 ?? v.accuracy),
      withInterval(v.pd, (x) => fmt(x, 4)),
      v.vsRelu != null                        ? withInterval(v.vsRelu.pdRatio, ratio) :
          v.activation === 'relu' && compared ? '1×' :
                                                'n/a',
    ];
    for (const m of others) {
      const stats = v[m];
      if (pdMetric(m).display?.show !== 'interval') {
        row.push(stats != null ? formatMetricValue(m, stats.mean) : '–');
        continue;
      }
      const mean = v.intervals[result.interval.method]?.means.pd[m];
      const shown = (x: number) => formatMetricValue(m, x);
      row.push(mean != null ? withInterval(mean, shown) : stats != null ? shown(stats.mean) : '–');
      const vs = v.vsReluByMetric?.[m];
      row.push(vs != null ? withInterval(vs.pdRatio, ratio) : v.activation === 'relu' && compared ? '1×' : 'n/a');
    }
    return row;
  });
}

/**
 * A fixed-width text table of the results, for the terminal.
 *
 * ```js
 * // not run: `result` comes from runExperiment (see there)
 * console.log(tfSmeluRepro.formatResultsTable(result));
 * ```
 */
export function formatResultsTable(result: ExperimentResult): string {
  const rows = summaryRows(result);
  const head = summaryHeaders(result);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
      cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * The same table in Markdown (for READMEs and issues).
 *
 * ```js
 * // not run: `result` comes from runExperiment (see there)
 * fs.writeFileSync('table.md', tfSmeluRepro.formatResultsMarkdown(result));
 * ```
 */
export function formatResultsMarkdown(result: ExperimentResult): string {
  const head = summaryHeaders(result);
  const rows = summaryRows(result).map((r) => `| ${r.join(' | ')} |`);
  return [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`, ...rows].join('\n');
}
