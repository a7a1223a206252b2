/**
 * Writes an experiment's output folder: `results.json`, `report.html`,
 * `table.md` and SVG plots rendered in Node with vega-lite + vega (no
 * browser, no canvas), and the manifest that names them. Node-only. The
 * folder must be missing, empty or hold an earlier report; a report replaces
 * only the files the earlier one wrote, whole or not at all (see
 * output_folder.ts).
 */
import * as path from 'path';

import type {ExperimentResult} from './experiment';
import {PD_METRIC_LABELS} from './example_metrics';
import {compareMetricsTable, formatResultsMarkdown, summaryHeaders, summaryRows} from './summary';
import {nodeRequire} from './node_require';
import {inspectOutputFolder, REPORT_MANIFEST, writeOutputFiles} from './output_folder';
import {version} from '../package.json';

/**
 * File names inside the output folder (`manifest` names the others, with
 * their SHA-256).
 *
 * ```js
 * const {REPORT_FILES} = require('tfjs-smelu-repro/node');
 * console.log(REPORT_FILES.results, REPORT_FILES.html);  // results.json report.html
 * ```
 */
export const REPORT_FILES = {
  results: 'results.json',
  html: 'report.html',
  pdLossPlot: 'pd_vs_loss.svg',
  pdPlot: 'pd_by_activation.svg',
  table: 'table.md',
  manifest: REPORT_MANIFEST,
} as const;

/** The files a report writes itself (the manifest is added by writeOutputFiles). */
const REPORT_CONTENT_FILES = Object.values(REPORT_FILES).filter((f) => f !== REPORT_MANIFEST);

/**
 * Fails early (before any training, writing nothing) unless `outDir` is
 * missing (and can be created), empty, or holds an earlier report of this
 * toolkit whose files are unchanged (see {@link inspectOutputFolder}).
 *
 * ```js
 * tfSmeluRepro.assertWritableOutputDir('demo-output');  // a new folder: fine (nothing is created)
 * ```
 * @param name How the message names the folder (default `output folder`; the commands say `--out`).
 * @throws OutputFolderError in one line naming the folder and a few of the files in the way.
 */
export function assertWritableOutputDir(outDir: string, name?: string): void {
  inspectOutputFolder(outDir, REPORT_CONTENT_FILES, name);
}

/** A Vega-Lite spec (kept loose: vega-lite's own types are not needed here). */
type VegaLiteSpec = Record<string, unknown>;

/** One point of a plot with its interval on each axis. */
interface PlotPoint {
  family: string;
  beta: string;
  x: number; xlo: number; xhi: number;
  y: number; ylo: number; yhi: number;
  order: number;
}

const finiteOr = (v: number, fallback: number) => (Number.isFinite(v) ? v : fallback);

/** The intervals the verdict reads, in a few words (plot titles, captions). */
function intervalsName(result: ExperimentResult): string {
  const method = result.interval?.method ?? 'bootstrap';
  return method === 'group-t' ? `95% t-intervals over ${result.layout.groups} init groups` :
      method === 'group-bootstrap' ? `95% group-bootstrap intervals (${result.layout.groups} init groups)` : '95% bootstrap intervals';
}

/**
 * The PD–loss plane: the headline PD as a ratio to ReLU's (y) against the %
 * change of eval loss relative to ReLU (x), with 95 % bootstrap intervals as
 * error bars on both axes, one curve per activation family traced by its βs,
 * and reference lines at 1× and ½× ReLU's PD. Without ReLU in the run, the
 * axes are the PD and the eval loss themselves (still with their intervals).
 *
 * ```js
 * // not run: `result` comes from runExperiment (see there)
 * const {pdLossPlotSpec, renderVegaLiteSvg} = require('tfjs-smelu-repro/node');
 * const svg = await renderVegaLiteSvg(pdLossPlotSpec(result));
 * ```
 */
export function pdLossPlotSpec(result: ExperimentResult): VegaLiteSpec {
  const relu = result.variants.find((v) => v.activation === 'relu');
  const ratios = relu != null && relu.pd.estimate > 0;
  const metric = PD_METRIC_LABELS[result.primaryMetric];
  const values: PlotPoint[] = result.variants.map((v, i) => {
    const base = {family: v.label.replace(/ β=.*$/, ''), beta: v.beta == null ? '' : `β=${v.beta}`, order: i};
    if (ratios) {
      const x = v.vsRelu?.lossChangePct ?? {estimate: 0, lo: 0, hi: 0};
      const y = v.vsRelu?.pdRatio ?? {estimate: 1, lo: 1, hi: 1};
      return {...base, x: x.estimate, xlo: finiteOr(x.lo, x.estimate), xhi: finiteOr(x.hi, x.estimate),
        y: y.estimate, ylo: finiteOr(y.lo, y.estimate), yhi: finiteOr(y.hi, y.estimate)};
    }
    return {...base, x: v.loss.estimate, xlo: finiteOr(v.loss.lo, v.loss.estimate), xhi: finiteOr(v.loss.hi, v.loss.estimate),
      y: v.pd.estimate, ylo: finiteOr(v.pd.lo, v.pd.estimate), yhi: finiteOr(v.pd.hi, v.pd.estimate)};
  });
  const xTitle = ratios ? '% change of eval log-loss vs ReLU (lower is better)' : 'eval log-loss';
  const yTitle = ratios ? `${metric} / ReLU's (95% CI bars)` : `${metric} (mean over replica pairs)`;
  const color = {field: 'family', type: 'nominal', title: 'activation'};
  const x = {field: 'x', type: 'quantitative', title: xTitle, scale: {zero: false}};
  const y = {field: 'y', type: 'quantitative', title: yTitle, scale: {zero: ratios}};
  const layer: object[] = [
    {data: {values}, mark: {type: 'rule', strokeWidth: 1.5}, encoding: {x, y: {field: 'ylo', type: 'quantitative'}, y2: {field: 'yhi'}, color}},
    {data: {values}, mark: {type: 'rule', strokeWidth: 1.5}, encoding: {y, x: {field: 'xlo', type: 'quantitative'}, x2: {field: 'xhi'}, color}},
    {data: {values}, encoding: {x, y, color, order: {field: 'order', type: 'quantitative'}},
      mark: {type: 'line', point: {size: 60, filled: true}}},
    {data: {values}, encoding: {x, y, color, text: {field: 'beta'}}, mark: {type: 'text', dx: 6, dy: -8, fontSize: 10, align: 'left'}},
  ];
  if (ratios) {
    // The target of the claim: half of ReLU's PD; and ReLU's own level.
    const lines = {values: [{y: 0.5, label: '½ × ReLU PD'}, {y: 1, label: 'ReLU'}]};
    layer.push(
        {data: lines, mark: {type: 'rule', strokeDash: [4, 4], color: 'gray'}, encoding: {y: {field: 'y', type: 'quantitative'}}},
        {data: lines, mark: {type: 'text', align: 'left', dx: 4, dy: -6, color: 'gray', fontSize: 10, x: 0},
          encoding: {y: {field: 'y', type: 'quantitative'}, text: {field: 'label'}}});
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `${metric} vs eval loss (${result.workload.name}, ${result.layout.groups > 1 ? `${result.layout.groups} init groups × ` : ''}` +
        `${result.config.replicas} replicas, ${intervalsName(result)})`,
    width: 520, height: 340,
    layer,
  };
}

/**
 * The headline PD per variant: mean over replica pairs (point) and its 95 %
 * bootstrap interval (bar).
 *
 * ```js
 * // not run: `result` comes from runExperiment (see there)
 * const {pdPlotSpec, renderVegaLiteSvg} = require('tfjs-smelu-repro/node');
 * const svg = await renderVegaLiteSvg(pdPlotSpec(result));
 * ```
 */
export function pdPlotSpec(result: ExperimentResult): VegaLiteSpec {
  const metric = PD_METRIC_LABELS[result.primaryMetric];
  const values = result.variants.map((v) => ({
    variant: v.label, family: v.label.replace(/ β=.*$/, ''),
    mean: v.pd.estimate, lo: finiteOr(v.pd.lo, v.pd.estimate), hi: finiteOr(v.pd.hi, v.pd.estimate),
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `${metric} per activation (point: mean over replica pairs; bar: ${intervalsName(result).replace('intervals', 'interval')})`,
    width: Math.max(320, 48 * values.length), height: 300,
    data: {values},
    encoding: {
      x: {field: 'variant', type: 'nominal', sort: null, title: null, axis: {labelAngle: -35}},
      color: {field: 'family', type: 'nominal', title: 'activation'},
    },
    layer: [
      {mark: {type: 'rule', strokeWidth: 2}, encoding: {
        y: {field: 'lo', type: 'quantitative', title: metric, scale: {zero: true}}, y2: {field: 'hi'}}},
      {mark: {type: 'point', filled: true, size: 80}, encoding: {y: {field: 'mean', type: 'quantitative'}}},
    ],
  };
}

/**
 * Renders a Vega-Lite spec to an SVG string in Node.
 *
 * ```js
 * const svg = await tfSmeluRepro.renderVegaLiteSvg({mark: 'point', data: {values: [{a: 1}]}, encoding: {x: {field: 'a'}}});
 * ```
 */
export async function renderVegaLiteSvg(spec: VegaLiteSpec): Promise<string> {
  // Loaded on demand: only report writing needs them.
  const vegaLite = nodeRequire('vega-lite') as {compile(spec: unknown): {spec: unknown}};
  const vega = nodeRequire('vega') as {
    parse(spec: unknown): unknown,
    View: new (runtime: unknown, options: {renderer: string}) => {toSVG(): Promise<string>, finalize(): void},
  };
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), {renderer: 'none'});
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fmtNumber = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : 'n/a');

/** The sections of a `compare` run: model and data, the compile config's metrics, the per-layer swap, the notes. */
function compareSectionsHtml(result: ExperimentResult): string {
  const d = result.compare;
  if (d == null) return '';
  const table = (head: string[], rows: string[][]) => `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`;
  const m = d.model;
  const metrics = compareMetricsTable(result);
  const swapRows: string[][] = [];
  for (const v of d.swap) {
    if (v.activation === 'relu') continue;
    for (const r of v.replaced) swapRows.push([v.label, [...r.modelPath, r.layer].join('/'), r.className, r.before, r.after]);
    for (const s of v.skipped) swapRows.push([v.label, [...s.modelPath, s.layer].join('/'), s.className, s.activation, `left alone: ${s.reason}`]);
  }
  return `<h2>Model and data</h2>
<ul>
<li>Model: <code>${escapeHtml(m.path)}</code>, ${escapeHtml(m.className)}, ${m.layers} layers, ${m.parameters} parameters;
input width ${m.inputWidth}; output layer <code>${escapeHtml(m.outputLayer)}</code> (${m.outputWidth} unit(s),
activation <code>${escapeHtml(m.outputActivation)}</code>). Activations: ${escapeHtml(m.activations.join(', ') || 'none')}.</li>
<li>Task: <b>${d.task}</b> (from ${escapeHtml(d.taskSource)}); loss <code>${escapeHtml(d.loss.name)}</code>
(${d.loss.source === 'compile config' ? `the compile config's '${escapeHtml(d.loss.identifier ?? '')}'` : 'derived from the task'});
outputs read as ${d.outputMode}.${d.compiledOptimizer != null ? ` Compiled optimizer: ${escapeHtml(d.compiledOptimizer)}.` : ''}</li>
<li>Data: training <code>${escapeHtml(d.data.train)}</code> (${d.data.numTrain} rows), eval
${d.data.eval != null ? `<code>${escapeHtml(d.data.eval)}</code>` : `${d.data.evalFraction} of the training file held out`}
(${d.data.numEval} rows); label <code>${escapeHtml(d.data.label)}</code>; ${d.data.features.length} features
${d.data.standardized ? '(standardized with the training split\'s mean and sd)' : '(as in the file)'}${d.data.trainClassCounts != null ?
    `; training rows per class: ${d.data.trainClassCounts.join(', ')}` : ''}.</li>
</ul>
<ul>${d.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('\n')}</ul>
${metrics.rows.length > 0 ? `<h2>Metrics (${d.metrics.source === 'compile config' ? 'from the compile config' : `the ${d.task} task's`}; mean ± sd over replicas)</h2>
${table(metrics.headers, metrics.rows)}` : ''}
<h2>Activation swap (swapActivations, per layer)</h2>
<p>ReLU is the model as saved. Each SmeLU variant replaces the layers below; everything else is unchanged.</p>
${swapRows.length > 0 ? table(['variant', 'layer', 'class', 'before', 'after'], swapRows) : '<p>Nothing was swapped.</p>'}`;
}

/**
 * The self-contained HTML report (table, plots inline, settings, definitions).
 *
 * ```js
 * // not run: `result` comes from runExperiment (see there)
 * const {pdLossPlotSpec, pdPlotSpec, renderVegaLiteSvg, reportHtml} = require('tfjs-smelu-repro/node');
 * const svgs = {
 *   pdLoss: await renderVegaLiteSvg(pdLossPlotSpec(result)),
 *   pd: await renderVegaLiteSvg(pdPlotSpec(result)),
 * };
 * fs.writeFileSync('report.html', reportHtml(result, svgs));
 * ```
 */
export function reportHtml(result: ExperimentResult, svgs: {pdLoss: string, pd: string}): string {
  const rows = summaryRows(result);
  const head = summaryHeaders(result);
  const c = result.config;
  const b = result.bootstrap;
  const metric = PD_METRIC_LABELS[result.primaryMetric];
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
${result.compare != null ? `<p>Settings: ${c.replicas} replicas per variant, ${c.epochs} epochs, batch ${c.batchSize}, Adam lr ${c.learningRate},
seed ${c.seed}; replicas start from <b>${result.compare.start === 'saved weights' ? 'the saved weights' :
    `re-initialized weights (init ${c.regime.init})`}</b>, data order <b>${c.regime.order}</b>, shuffle <b>${c.shuffle}</b>.</p>` :
`<p>Settings: ${c.replicas} replicas per activation, ${c.epochs} epochs, batch ${c.batchSize}, Adam lr ${c.learningRate},
seed ${c.seed}; initialization <b>${c.regime.init}</b> across replicas, data order <b>${c.regime.order}</b>,
shuffle <b>${c.shuffle}</b>, hidden-layer normalization <b>${c.norm}</b>${c.norm === 'none' ? '' : ` (${c.normPlacement} the activation)`}.</p>`}
<h2>Verdict</h2>
<ul>
${result.verdict.map((v) => `<li>${escapeHtml(v)}</li>`).join('\n')}
</ul>
<p>Read from the 95% intervals: a ratio is <i>resolved</i> smaller (larger) than ReLU's when its whole interval lies
below (above) 1, and <i>not resolved</i> when it contains 1; the claim's target, ≤ 0.5× ReLU's PD, is <i>reached</i> only
when the whole interval is at or below 0.5.</p>
<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>
${rows.map((r) => `<tr>${Object.values(r).map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>
<figure>${svgs.pdLoss}<figcaption>${escapeHtml(metric)} as a ratio to ReLU's against the change of eval loss relative to
ReLU, with ${escapeHtml(intervalsName(result))} on both axes; each curve sweeps one activation's β (down and to the left is
better).</figcaption></figure>
<figure>${svgs.pd}</figure>
${compareSectionsHtml(result)}
<h2>Confidence intervals</h2>
${result.interval?.method === 'group-t' ? `<p>The verdict reads t-intervals over the ${result.layout.groups} init groups'
means (${result.layout.groups - 1} degrees of freedom; ratios by the delta method on the log of the ratio of means,
paired by group). results.json also holds the bootstrap intervals, described next.</p>\n` : ''}<p>Percentile bootstrap, ${b.draws} seeded draws (seed ${b.seed}), level ${b.level * 100}%. Resampled: ${escapeHtml(b.resampled)}.
The eval examples are cut into ${b.blocks} fixed random blocks. In each draw every activation's mean PD and mean loss
are recomputed and divided by ReLU's from the same draw. Replicas are the resampled units rather than pairs because the
${c.replicas * (c.replicas - 1) / 2} pairs share replicas; the paired draw (same replicas and examples for every
activation) keeps what the activations share out of the ratios' spread.</p>
<h2>Definitions</h2>
<ul>
${result.workload.kind === 'regression' ? `<li><b>relative PD</b> (regression): mean over held-out examples of
|p₁ − p₂| / s, with s = ${fmtNumber(result.regression?.scale ?? NaN)}, the eval labels' mean |y|, one constant for the
whole run; averaged over all ${c.replicas * (c.replicas - 1) / 2} replica pairs. A per-example denominator such as
(p₁ + p₂)/2 is undefined for predictions of any sign and explodes near 0; with a constant s the ratio of two variants'
relative PD equals the ratio of their absolute PD, so the verdict does not depend on s, and for targets far from 0
(p ≈ y) it agrees with the classifiers' definition. <b>absolute PD</b>: mean |p₁ − p₂| in the label's units.
<b>R²</b>: 1 − Σ(y − p)² / Σ(y − ȳ)² on the held-out split.</li>` :
`<li><b>relative PD</b>: mean over held-out examples (and classes) of |p₁ − p₂| / ((p₁ + p₂)/2), the denominator clamped
at 10⁻⁶ so that two predictions ≈ 0 count as agreeing; averaged over all ${c.replicas * (c.replicas - 1) / 2} replica
pairs.</li>`}
<li><b>half-L1 PD</b> (classifiers): ½ Σ_c |p₁[c] − p₂[c]| per example (total variation distance), averaged over examples
and pairs. <b>true-class relative PD</b>: relative PD of the probability of each example's true class.</li>
<li><b>top-1 disagreement</b>: share of held-out examples whose predicted class (or p &gt; 0.5) differs.</li>
<li><b>Linear</b> (the control): the same model with the identity as activation. With hidden-layer normalization on, the
normalization layers stay, so the control removes the activation's nonlinearity, not every nonlinearity.</li>
<li><b>top-k swap</b> (recommenders): share of each user's top-${c.topK} recommendations (among the candidate movies)
that differ between two replicas.</li>
<li><b>eval loss</b>: mean log-loss on the held-out split (± standard deviation over replicas); Δloss is relative to
ReLU's mean.</li>
</ul>
<h2>Final configuration</h2>
<pre>${escapeHtml(JSON.stringify(configuration, null, 2))}</pre>
<p>Raw numbers: <a href="${REPORT_FILES.results}">${REPORT_FILES.results}</a>.</p>
</body></html>
`;
}

/**
 * Writes results.json, report.html, table.md, the SVG plots and the manifest
 * to `outDir`: a missing or empty folder, or one holding an earlier report,
 * whose files (and only those) are replaced, all together or not at all.
 *
 * ```js
 * // not run: `result` comes from runExperiment (see there)
 * const files = await tfSmeluRepro.writeReport(result, 'demo-output');
 * console.log(files.html);  // demo-output/report.html
 * ```
 */
export async function writeReport(result: ExperimentResult, outDir: string, name?: string):
    Promise<{dir: string, html: string, json: string}> {
  assertWritableOutputDir(outDir, name);  // before the plots are rendered
  const svgs = {pdLoss: await renderVegaLiteSvg(pdLossPlotSpec(result)), pd: await renderVegaLiteSvg(pdPlotSpec(result))};
  // A signal that came while the plots rendered (in promise callbacks, where it cannot be handled) is acted on
  // now, before the commit: the loop turns twice, so that its poll phase reads the queued signal.
  await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
  const dir = writeOutputFiles(outDir, {
    [REPORT_FILES.results]: `${JSON.stringify(result, null, 2)}\n`,
    [REPORT_FILES.pdLossPlot]: svgs.pdLoss,
    [REPORT_FILES.pdPlot]: svgs.pd,
    [REPORT_FILES.table]: `${formatResultsMarkdown(result)}\n\n${result.verdict.map((v) => `- ${v}`).join('\n')}\n`,
    [REPORT_FILES.html]: reportHtml(result, svgs),
  }, {writtenBy: `tfjs-smelu-repro ${version}`, ...(name !== undefined ? {name} : {})});
  return {dir, html: path.join(dir, REPORT_FILES.html), json: path.join(dir, REPORT_FILES.results)};
}
