/** Text renderings of an experiment's results (console table, Markdown table). */
import type {ExperimentResult, VariantResult} from './experiment';
import type {PairwiseStats} from './metrics';

/** One row of the results table, as strings. */
export interface SummaryRow {
  activation: string;
  beta: string;
  evalLoss: string;
  lossVsRelu: string;
  quality: string;
  relativePD: string;
  pdVsRelu: string;
  top1: string;
  /** Recommenders: top-k swap rate; classifiers: half-L1 distance of the class distributions. */
  topK: string;
}

const fmt = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
// One value (e.g. the single pair of two replicas) has no spread to show.
const pm = (s: PairwiseStats, digits: number) =>
    (s.values.length < 2 ? fmt(s.mean, digits) : `${fmt(s.mean, digits)} ± ${fmt(s.std, digits)}`);

/**
 * Rows of the summary table: activation, β, eval loss (mean ± sd over
 * replicas), loss change vs ReLU, AUC or accuracy, relative PD (mean ± sd over
 * pairs), PD ratio vs ReLU, top-1 disagreement, top-k swap rate.
 *
 * ```js
 * // not run: `result` comes from runExperiment (see there)
 * console.table(tfSmeluRepro.summaryRows(result));
 * ```
 */
export function summaryRows(result: ExperimentResult): SummaryRow[] {
  return result.variants.map((v: VariantResult) => ({
    activation: result.variants.length > 0 ? labelWithoutBeta(v) : v.label,
    beta: v.beta == null ? '–' : String(v.beta),
    evalLoss: pm(v.evalLoss, 4),
    lossVsRelu: v.lossChangeVsReluPct == null ? 'n/a' : `${v.lossChangeVsReluPct >= 0 ? '+' : ''}${fmt(v.lossChangeVsReluPct, 2)}%`,
    quality: v.auc != null ? pm(v.auc, 4) : pm(v.accuracy, 4),
    relativePD: pm(v.relativePD, 4),
    pdVsRelu: v.relativePDRatioVsRelu == null ? 'n/a' : `${fmt(v.relativePDRatioVsRelu, 2)}×`,
    top1: `${fmt(100 * v.top1Disagreement.mean, 2)}%`,
    topK: v.topKSwap != null ? `${fmt(100 * v.topKSwap.mean, 1)}%` : v.halfL1 != null ? pm(v.halfL1, 4) : '–',
  }));
}

function labelWithoutBeta(v: VariantResult): string {
  return v.label.replace(/ β=.*$/, '');
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
  return ['activation', 'β', 'eval loss', 'Δloss vs ReLU', binary ? 'AUC' : 'accuracy', 'relative PD', 'PD / ReLU',
    'top-1 disagree', binary ? `top-${result.config.topK} swap` : 'half-L1'];
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
