/**
 * Writes an experiment's output folder: `results.json`, `report.html` and SVG
 * plots rendered in Node with vega-lite + vega (no browser, no canvas).
 * Node-only. The folder appears whole or not at all: everything is written to
 * a temporary sibling folder that is renamed into place at the end.
 */
import * as fs from 'fs';
import * as path from 'path';

import type {ExperimentResult} from './experiment';
import {formatResultsMarkdown, summaryHeaders, summaryRows} from './summary';

/**
 * File names inside the output folder.
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
} as const;

/**
 * Fails early (before any training) if `outDir` cannot be created or written.
 *
 * ```js
 * tfSmeluRepro.assertWritableOutputDir('demo-output');
 * ```
 */
export function assertWritableOutputDir(outDir: string): void {
  const resolved = path.resolve(outDir);
  if (fs.existsSync(resolved) && !fs.statSync(resolved).isDirectory()) {
    throw new Error(`output dir '${outDir}' exists and is not a folder.`);
  }
  const parent = path.dirname(resolved);
  try {
    fs.mkdirSync(parent, {recursive: true});
    const probe = fs.mkdtempSync(path.join(parent, `.${path.basename(resolved)}.probe-`));
    fs.rmSync(probe, {recursive: true, force: true});
  } catch (e) {
    throw new Error(`output dir '${outDir}' is not writable: ${(e as Error).message}`);
  }
}

/** A Vega-Lite spec (kept loose: vega-lite's own types are not needed here). */
type VegaLiteSpec = Record<string, unknown>;

/**
 * The PD–loss plane: relative PD (y) against the % change of eval loss
 * relative to ReLU (x), one curve per activation family traced by its βs.
 * Without ReLU in the run, x is the eval loss itself.
 *
 * ```js
 * // not run: `result` comes from runExperiment (see there)
 * const {pdLossPlotSpec, renderVegaLiteSvg} = require('tfjs-smelu-repro/node');
 * const svg = await renderVegaLiteSvg(pdLossPlotSpec(result));
 * ```
 */
export function pdLossPlotSpec(result: ExperimentResult): VegaLiteSpec {
  const hasRelu = result.variants.some((v) => v.activation === 'relu');
  const values = result.variants.map((v, i) => ({
    family: v.label.replace(/ β=.*$/, ''),
    beta: v.beta == null ? '' : `β=${v.beta}`,
    x: hasRelu ? v.lossChangeVsReluPct : v.evalLoss.mean,
    pd: v.relativePD.mean,
    order: i,
  }));
  const xTitle = hasRelu ? '% change of eval log-loss vs ReLU (lower is better)' : 'eval log-loss';
  const relu = result.variants.find((v) => v.activation === 'relu');
  const encoding = {
    x: {field: 'x', type: 'quantitative', title: xTitle, scale: {zero: false}},
    y: {field: 'pd', type: 'quantitative', title: 'relative PD (mean over replica pairs)', scale: {zero: false}},
    color: {field: 'family', type: 'nominal', title: 'activation'},
  };
  const layer: object[] = [
    {data: {values}, encoding: {...encoding, order: {field: 'order', type: 'quantitative'}},
      mark: {type: 'line', point: {size: 60, filled: true}}},
    {data: {values}, encoding: {...encoding, text: {field: 'beta'}}, mark: {type: 'text', dx: 6, dy: -8, fontSize: 10, align: 'left'}},
  ];
  if (relu != null) {
    // The target of the claim: half of ReLU's relative PD.
    const half = {values: [{half: relu.relativePD.mean / 2, label: '½ × ReLU PD'}]};
    layer.push(
        {data: half, mark: {type: 'rule', strokeDash: [4, 4], color: 'gray'}, encoding: {y: {field: 'half', type: 'quantitative'}}},
        {data: half, mark: {type: 'text', align: 'left', dx: 4, dy: -6, color: 'gray', fontSize: 10, x: 0},
          encoding: {y: {field: 'half', type: 'quantitative'}, text: {field: 'label'}}});
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `Relative PD vs eval loss (${result.workload.name}, ${result.config.replicas} replicas)`,
    width: 520, height: 340,
    layer,
  };
}

/**
 * Relative PD per variant: mean (point) and the range over replica pairs (bar).
 *
 * ```js
 * // not run: `result` comes from runExperiment (see there)
 * const {pdPlotSpec, renderVegaLiteSvg} = require('tfjs-smelu-repro/node');
 * const svg = await renderVegaLiteSvg(pdPlotSpec(result));
 * ```
 */
export function pdPlotSpec(result: ExperimentResult): VegaLiteSpec {
  const values = result.variants.map((v) => ({
    variant: v.label, family: v.label.replace(/ β=.*$/, ''),
    mean: v.relativePD.mean, lo: v.relativePD.min, hi: v.relativePD.max, std: v.relativePD.std,
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'Relative PD per activation (point: mean; bar: min–max over replica pairs)',
    width: Math.max(320, 48 * values.length), height: 300,
    data: {values},
    encoding: {
      x: {field: 'variant', type: 'nominal', sort: null, title: null, axis: {labelAngle: -35}},
      color: {field: 'family', type: 'nominal', title: 'activation'},
    },
    layer: [
      {mark: {type: 'rule', strokeWidth: 2}, encoding: {
        y: {field: 'lo', type: 'quantitative', title: 'relative PD', scale: {zero: true}}, y2: {field: 'hi'}}},
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
  const vegaLite = require('vega-lite') as {compile(spec: unknown): {spec: unknown}};
  const vega = require('vega') as {
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
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tfjs-smelu reproducibility report</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;font-size:14px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
td:first-child,th:first-child,td:nth-child(2){text-align:left}th{background:#f4f4f4}
code{background:#f4f4f4;padding:1px 4px}figure{margin:1.5em 0}
</style></head><body>
<h1>Reproducibility report: ${escapeHtml(result.workload.name)}</h1>
<p>${escapeHtml(result.workload.description)}.</p>
<p>Data: ${escapeHtml(result.workload.source)}. Backend: <code>${escapeHtml(result.backend)}</code>.
Run started ${escapeHtml(result.startedAt)}, took ${result.seconds.toFixed(1)} s.</p>
<p>Settings: ${c.replicas} replicas per activation, ${c.epochs} epochs, batch ${c.batchSize}, Adam lr ${c.learningRate},
seed ${c.seed}; initialization <b>${c.regime.init}</b> across replicas, data order <b>${c.regime.order}</b>,
shuffle <b>${c.shuffle}</b>, hidden-layer normalization <b>${c.norm}</b>.</p>
<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>
${rows.map((r) => `<tr>${Object.values(r).map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>
<figure>${svgs.pdLoss}<figcaption>Relative PD against the change of eval loss relative to ReLU; each curve sweeps one
activation's β (down and to the left is better).</figcaption></figure>
<figure>${svgs.pd}</figure>
<h2>Definitions</h2>
<ul>
<li><b>relative PD</b>: mean over held-out examples (and classes) of |p₁ − p₂| / ((p₁ + p₂)/2), the denominator clamped
at 10⁻⁶ so that two predictions ≈ 0 count as agreeing; averaged over all ${c.replicas * (c.replicas - 1) / 2} replica
pairs (± sample standard deviation over pairs).</li>
<li><b>top-1 disagreement</b>: share of held-out examples whose predicted class (or p &gt; 0.5) differs.</li>
<li><b>top-k swap</b> (recommenders): share of each user's top-${c.topK} recommendations (among the candidate movies)
that differ between two replicas. <b>half-L1</b> (classifiers): ½ Σ|p₁ − p₂| over classes, averaged over examples.</li>
<li><b>eval loss</b>: mean log-loss on the held-out split (± standard deviation over replicas); Δloss is relative to
ReLU's mean.</li>
</ul>
<p>Raw numbers: <a href="${REPORT_FILES.results}">${REPORT_FILES.results}</a>.</p>
</body></html>
`;
}

/**
 * Writes results.json, report.html, table.md and the SVG plots to `outDir`,
 * atomically (temporary folder, then rename). An existing `outDir` is replaced.
 *
 * ```js
 * // not run: `result` comes from runExperiment (see there)
 * const files = await tfSmeluRepro.writeReport(result, 'demo-output');
 * console.log(files.html);  // demo-output/report.html
 * ```
 */
export async function writeReport(result: ExperimentResult, outDir: string): Promise<{dir: string, html: string, json: string}> {
  const dir = path.resolve(outDir);
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new Error(`output dir '${outDir}' exists and is not a folder.`);
  fs.mkdirSync(path.dirname(dir), {recursive: true});
  const svgs = {pdLoss: await renderVegaLiteSvg(pdLossPlotSpec(result)), pd: await renderVegaLiteSvg(pdPlotSpec(result))};
  const tmp = fs.mkdtempSync(path.join(path.dirname(dir), `.${path.basename(dir)}.tmp-`));
  try {
    fs.writeFileSync(path.join(tmp, REPORT_FILES.results), `${JSON.stringify(result, null, 2)}\n`);
    fs.writeFileSync(path.join(tmp, REPORT_FILES.pdLossPlot), svgs.pdLoss);
    fs.writeFileSync(path.join(tmp, REPORT_FILES.pdPlot), svgs.pd);
    fs.writeFileSync(path.join(tmp, REPORT_FILES.table), `${formatResultsMarkdown(result)}\n`);
    fs.writeFileSync(path.join(tmp, REPORT_FILES.html), reportHtml(result, svgs));
    if (fs.existsSync(dir)) {
      const old = `${tmp}.old`;
      fs.renameSync(dir, old);
      fs.renameSync(tmp, dir);
      fs.rmSync(old, {recursive: true, force: true});
    } else {
      fs.renameSync(tmp, dir);
    }
  } catch (e) {
    fs.rmSync(tmp, {recursive: true, force: true});
    throw e;
  }
  return {dir, html: path.join(dir, REPORT_FILES.html), json: path.join(dir, REPORT_FILES.results)};
}
