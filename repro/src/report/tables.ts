/** Text renderings of an experiment's results (console table, Markdown table, verdict, compare's swap report and metrics). */
import type {Interval} from '../intervals/bootstrap';
import {PD_METRIC_LABELS} from '../metrics/example_pd';
import type {ExperimentResult, VariantResult} from '../experiment/experiment';
import type {PairwiseStats} from '../metrics/tensor_pd';

/** One row of the results table, as strings. */
export interface SummaryRow {
  activation: string;
  beta: string;
  evalLoss: string;
  /** Δloss vs ReLU with its 95 % interval. */
  lossVsRelu: string;
  quality: string;
  /** The headline PD metric: mean over pairs with its 95 % interval. */
  pd: string;
  /** Headline PD / ReLU's with its 95 % interval. */
  pdVsRelu: string;
  /** Classifiers: top-1 disagreement; regression: absolute PD (label units). */
  top1: string;
  /**
   * Recommenders: top-k swap rate; multiclass: relative PD of the true-class
   * probability. Absent for regression and for binary workloads without a ranking.
   */
  extra?: string;
}

const fmt = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const signed = (v: number, digits: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}` : 'n/a');
// One value (e.g. the single pair of two replicas) has no spread to show.
const pm = (s: PairwiseStats, digits: number) =>
    (s.values.length < 2 ? fmt(s.mean, digits) : `${fmt(s.mean, digits)} ± ${fmt(s.std, digits)}`);
const withInterval = (i: Interval, show: (v: number) => string) =>
    (Number.isFinite(i.lo) ? `${show(i.estimate)} [${show(i.lo)}, ${show(i.hi)}]` : show(i.estimate));

/** Whether the table has its last column: top-k swap (recommenders) or true-class relative PD (multiclass). */
const hasExtraColumn = (result: ExperimentResult) =>
  result.workload.kind === 'multiclass' || result.variants.some((v) => v.topKSwap != null);

/**
 * Rows of the summary table: activation, β, eval loss (mean ± sd over
 * replicas), loss change vs ReLU [95 % interval], AUC, accuracy or R² (mean ±
 * sd), the headline PD (mean over pairs [95 % interval]), its ratio to ReLU's
 * [95 % interval], top-1 disagreement (regression: absolute PD), and the
 * top-k swap rate (recommenders) or the true-class relative PD (multiclass).
 *
 * ```js
 * // not run: `result` comes from runExperiment (see there)
 * console.table(tfSmeluRepro.summaryRows(result));
 * ```
 */
export function summaryRows(result: ExperimentResult): SummaryRow[] {
  const extra = hasExtraColumn(result);
  return result.variants.map((v: VariantResult) => ({
    activation: v.label.replace(/ β=.*$/, ''),
    beta: v.beta == null ? '–' : String(v.beta),
    evalLoss: pm(v.evalLoss, 4),
    lossVsRelu: v.vsRelu != null ? withInterval(v.vsRelu.lossChangePct, (x) => `${signed(x, 2)}%`) :
        v.lossChangeVsReluPct == null ? 'n/a' : `${signed(v.lossChangeVsReluPct, 2)}%`,
    quality: v.auc != null ? pm(v.auc, 4) : v.r2 != null ? pm(v.r2, 4) : v.accuracy != null ? pm(v.accuracy, 4) : 'n/a',
    pd: withInterval(v.pd, (x) => fmt(x, 4)),
    pdVsRelu: v.vsRelu != null ? withInterval(v.vsRelu.pdRatio, (x) => (Number.isFinite(x) ? `${fmt(x, 2)}×` : 'n/a')) :
        v.activation === 'relu' && result.variants.some((o) => o.vsRelu != null) ? '1×' : 'n/a',
    top1: v.top1Disagreement != null ? `${fmt(100 * v.top1Disagreement.mean, 2)}%` : fmt(v.absolutePD.mean, 4),
    ...(extra ? {extra: v.topKSwap != null ? `${fmt(100 * v.topKSwap.mean, 1)}%` :
        v.trueClassRelativePD != null ? fmt(v.trueClassRelativePD.mean, 4) : '–'} : {}),
  }));
}

/**
 * Column titles matching {@link summaryRows}.
 *
 * ```js
 * // not run: `result` comes from runExperiment (see there)
 * console.log(tfSmeluRepro.summaryHeaders(result).join(' | '));
 * ```
 */
export function summaryHeaders(result: ExperimentResult): string[] {
  const kind = result.workload.kind;
  const pdName = PD_METRIC_LABELS[result.primaryMetric];
  const head = ['activation', 'β', 'eval loss', 'Δloss vs ReLU [95% CI]', kind === 'binary' ? 'AUC' : kind === 'regression' ? 'R²' : 'accuracy',
    `${pdName} [95% CI]`, 'PD / ReLU [95% CI]', kind === 'regression' ? 'absolute PD' : 'top-1 disagree'];
  if (hasExtraColumn(result)) head.push(kind === 'binary' ? `top-${result.config.topK} swap` : 'true-class rel. PD');
  return head;
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
  const rows = summaryRows(result).map((r) => Object.values(r));
  const head = summaryHeaders(result);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
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
  const rows = summaryRows(result).map((r) => `| ${Object.values(r).join(' | ')} |`);
  return [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`, ...rows].join('\n');
}

/**
 * The metrics of a `compare` run (the compile config's, or the task's) as a
 * table: one row per variant, mean ± sd over replicas. Empty without them.
 *
 * ```js
 * // not run: `result` comes from compareActivations
 * const {headers, rows} = tfSmeluRepro.compareMetricsTable(result);
 * ```
 */
export function compareMetricsTable(result: ExperimentResult): {headers: string[], rows: string[][]} {
  const names = result.compare?.metrics.names ?? [];
  if (names.length === 0) return {headers: [], rows: []};
  const title: Record<string, string> = {accuracy: 'accuracy', auc: 'AUC', mse: 'MSE', mae: 'MAE', rmse: 'RMSE', r2: 'R²'};
  return {
    headers: ['variant', ...names.map((n) => title[n] ?? n)],
    rows: result.variants.map((v) => [v.label, ...names.map((n) => (v.metrics?.[n] != null ? pm(v.metrics[n], 4) : 'n/a'))]),
  };
}

/**
 * The per-layer activation swap of a `compare` run, as text lines: for each
 * SmeLU variant, every layer changed (before → after) and every ReLU-family
 * activation left alone, with the reason.
 *
 * ```js
 * // not run: `result` comes from compareActivations
 * console.log(tfSmeluRepro.swapReportLines(result).join('\n'));
 * ```
 */
export function swapReportLines(result: ExperimentResult): string[] {
  const swap = result.compare?.swap ?? [];
  const lines: string[] = [];
  const where = (modelPath: string[], layer: string) => [...modelPath, layer].join('/');
  for (const v of swap) {
    if (v.activation === 'relu') {
      lines.push(`${v.label}: the model as saved (nothing swapped).`);
      continue;
    }
    lines.push(`${v.label}: ${v.replaced.length} activation(s) replaced by swapActivations` +
        `${v.skipped.length > 0 ? `, ${v.skipped.length} left alone` : ''}:`);
    for (const r of v.replaced) lines.push(`  ${where(r.modelPath, r.layer)} (${r.className}): ${r.before} → ${r.after}`);
    for (const s of v.skipped) lines.push(`  skipped ${where(s.modelPath, s.layer)} (${s.className}, ${s.activation}): ${s.reason}`);
  }
  return lines;
}
