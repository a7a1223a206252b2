/** Text renderings of an experiment's results (console table, Markdown table, verdict). */
import type {Interval} from './bootstrap';
import {PD_METRIC_LABELS} from './example_metrics';
import type {ExperimentResult, VariantResult} from './experiment';
import type {PairwiseStats} from './metrics';

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
  top1: string;
  /** Recommenders: top-k swap rate; classifiers: relative PD of the true-class probability. */
  extra: string;
}

const fmt = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const signed = (v: number, digits: number) => (Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}` : 'n/a');
// One value (e.g. the single pair of two replicas) has no spread to show.
const pm = (s: PairwiseStats, digits: number) =>
    (s.values.length < 2 ? fmt(s.mean, digits) : `${fmt(s.mean, digits)} ± ${fmt(s.std, digits)}`);
const withInterval = (i: Interval, show: (v: number) => string) =>
    (Number.isFinite(i.lo) ? `${show(i.estimate)} [${show(i.lo)}, ${show(i.hi)}]` : show(i.estimate));

/**
 * Rows of the summary table: activation, β, eval loss (mean ± sd over
 * replicas), loss change vs ReLU [95 % interval], AUC or accuracy (mean ± sd),
 * the headline PD (mean over pairs [95 % interval]), its ratio to ReLU's
 * [95 % interval], top-1 disagreement, and the top-k swap rate (recommenders)
 * or the true-class relative PD (classifiers).
 *
 * ```js
 * // not run: `result` comes from runExperiment (see there)
 * console.table(tfSmeluRepro.summaryRows(result));
 * ```
 */
export function summaryRows(result: ExperimentResult): SummaryRow[] {
  return result.variants.map((v: VariantResult) => ({
    activation: v.label.replace(/ β=.*$/, ''),
    beta: v.beta == null ? '–' : String(v.beta),
    evalLoss: pm(v.evalLoss, 4),
    lossVsRelu: v.vsRelu != null ? withInterval(v.vsRelu.lossChangePct, (x) => `${signed(x, 2)}%`) :
        v.lossChangeVsReluPct == null ? 'n/a' : `${signed(v.lossChangeVsReluPct, 2)}%`,
    quality: v.auc != null ? pm(v.auc, 4) : pm(v.accuracy, 4),
    pd: withInterval(v.pd, (x) => fmt(x, 4)),
    pdVsRelu: v.vsRelu != null ? withInterval(v.vsRelu.pdRatio, (x) => `${fmt(x, 2)}×`) :
        v.activation === 'relu' && result.variants.some((o) => o.vsRelu != null) ? '1×' : 'n/a',
    top1: `${fmt(100 * v.top1Disagreement.mean, 2)}%`,
    extra: v.topKSwap != null ? `${fmt(100 * v.topKSwap.mean, 1)}%` :
        v.trueClassRelativePD != null ? fmt(v.trueClassRelativePD.mean, 4) : '–',
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
  const binary = result.workload.kind === 'binary';
  const pdName = PD_METRIC_LABELS[result.primaryMetric];
  return ['activation', 'β', 'eval loss', 'Δloss vs ReLU [95% CI]', binary ? 'AUC' : 'accuracy',
    `${pdName} [95% CI]`, 'PD / ReLU [95% CI]', 'top-1 disagree',
    binary ? `top-${result.config.topK} swap` : 'true-class rel. PD'];
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
