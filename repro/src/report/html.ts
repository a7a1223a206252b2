/**
 * The report as one self-contained HTML page: verdict, table, plots inline,
 * settings, how the intervals were computed, the definitions of the metrics
 * measured (from the registry), and what a command adds (its sections).
 */
import type {ExperimentResult} from '../experiment/types';
import {metricDefinition, PD_METRICS} from '../metrics/registry';
import {intervalsName} from './plots';
import {measuredMetrics, summaryHeaders, summaryRows} from './tables';

/** Escapes text for HTML. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The file name of results.json in a report folder (the page links to it). */
export const RESULTS_FILE = 'results.json';

/** The plots of a report, as SVG: the PD–loss plane, the headline PD, and each other metric shown with intervals. */
export interface ReportSvgs {
  pdLoss: string;
  pd: string;
  /** By metric name (see intervalMetrics). */
  metrics?: Record<string, string>;
}

/**
 * What a command adds to the experiment's report: `settingsHtml` replaces the
 * settings paragraph, `sectionsHtml` comes after the plots (HTML, escaped by
 * the command).
 */
export interface ReportExtras {
  settingsHtml?: string;
  sectionsHtml?: string;
}

/**
 * The self-contained HTML report: verdict, table, plots inline, settings,
 * intervals, definitions, and a command's own sections.
 */
export function reportHtml(result: ExperimentResult, svgs: ReportSvgs, extras: ReportExtras = {}): string {
  const rows = summaryRows(result);
  const head = summaryHeaders(result);
  const c = result.config;
  const b = result.bootstrap;
  const metric = PD_METRICS[result.primaryMetric].label;
  const definitions = {
    kind: result.workload.kind,
    replicas: c.replicas,
    topK: c.topK,
    regressionScale: result.regression?.scale ?? null,
  };
  const definitionItems =
      measuredMetrics(result)
          .map((m) => `<li><b>${escapeHtml(PD_METRICS[m].label)}</b>: ${metricDefinition(m, definitions)}</li>\n`)
          .join('') +
      (result.workload.kind === 'regression' ?
           '<li><b>R²</b>: 1 − Σ(y − p)² / Σ(y − ȳ)² on the held-out split.</li>\n' :
           '');
  const configuration = {config: c, workload: result.workload.settings ?? {}, run: result.run ?? {}};
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tfjs-smelu reproducibility report</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;font-size:14px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
td:first-child,th:first-child,td:nth-child(2){text-align:left}th{background:#f4f4f4}
code,pre{background:#f4f4f4;padding:1px 4px}pre{padding:8px;overflow-x:auto;font-size:12px}figure{margin:1.5em 0}
</style></head><body>
<h1>Reproducibility report: ${escapeHtml(result.workload.name)}</h1>
<p>${escapeHtml(result.workload.description)}.</p>
<p>Data: ${escapeHtml(result.workload.source)}. Backend: <code>${escapeHtml(result.backend)}</code>.
Run started ${escapeHtml(result.startedAt)}, took ${result.seconds.toFixed(1)} s.</p>
${
      extras.settingsHtml ??
      `<p>Settings: ${c.replicas} replicas per activation, ${c.epochs} epochs, batch ${c.batchSize}, Adam lr ${
          c.learningRate},
seed ${c.seed}; initialization <b>${c.regime.init}</b> across replicas, data order <b>${c.regime.order}</b>,
shuffle <b>${c.shuffle}</b>, hidden-layer normalization <b>${c.norm}</b>${
          c.norm === 'none' ? '' : ` (${c.normPlacement} the activation)`}.</p>`}
<h2>Verdict</h2>
<ul>
${result.verdict.map((v) => `<li>${escapeHtml(v)}</li>`).join('\n')}
</ul>
<p>Read from the 95% intervals: a ratio is <i>resolved</i> smaller (larger) than ReLU's when its whole interval lies
below (above) 1, and <i>not resolved</i> when it contains 1; the claim's target, ≤ 0.5× ReLU's PD, is <i>reached</i> only
when the whole interval is at or below 0.5.</p>
<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>
${rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>
<figure>${svgs.pdLoss}<figcaption>${escapeHtml(metric)} as a ratio to ReLU's against the change of eval loss relative to
ReLU, with ${
      escapeHtml(intervalsName(result))} on both axes; each curve sweeps one activation's β (down and to the left is
better).</figcaption></figure>
<figure>${svgs.pd}</figure>
${Object.values(svgs.metrics ?? {}).map((svg) => `<figure>${svg}</figure>\n`).join('')}${extras.sectionsHtml ?? ''}
<h2>Confidence intervals</h2>
${
      result.interval?.method === 'group-t' || result.interval?.method === 'group-log-t' ?
          `<p>The verdict reads t-intervals over the ${result.layout.groups} init groups'
means (${result.layout.groups - 1} degrees of freedom; ratios ${
              result.interval.method === 'group-t' ?
                  'by the delta method on the log of the ratio of means' :
                  'as the geometric mean of the groups\' own ratios, with the t-interval of their logs'}, paired by
group). results.json also holds the bootstrap intervals, described next.</p>\n` :
          ''}<p>Percentile bootstrap, ${b.draws} seeded draws (seed ${b.seed}), level ${b.level * 100}%. Resampled: ${
      escapeHtml(b.resampled)}.
The eval examples are cut into ${b.blocks} fixed random blocks. In each draw every activation's mean PD and mean loss
are recomputed and divided by ReLU's from the same draw. Replicas are the resampled units rather than pairs because the
${c.replicas * (c.replicas - 1) / 2} pairs share replicas; the paired draw (same replicas and examples for every
activation) keeps what the activations share out of the ratios' spread.</p>
<h2>Definitions</h2>
<ul>
${definitionItems}<li><b>Linear</b> (the control): the same model with the identity as activation. With hidden-layer normalization on, the
normalization layers stay, so the control removes the activation's nonlinearity, not every nonlinearity.</li>
<li><b>eval loss</b>: mean log-loss on the held-out split (± standard deviation over replicas); Δloss is relative to
ReLU's mean.</li>
</ul>
<h2>Final configuration</h2>
<pre>${escapeHtml(JSON.stringify(configuration, null, 2))}</pre>
<p>Raw numbers: <a href="${RESULTS_FILE}">${RESULTS_FILE}</a>.</p>
</body></html>
`;
}
