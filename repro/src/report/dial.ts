/**
 * The shuffling dial's report: a table and a verdict per window W, and the
 * headline PD ratio and eval-loss change to ReLU plotted against W with the
 * intervals the verdict reads. Node-only (files, SVG).
 */
import * as path from 'path';

import {version} from '../../package.json';
import type {DialResult} from '../experiment/dial';
import {PD_METRICS} from '../metrics/registry';
import {inspectOutputFolder, writeOutputFiles} from '../util/output_folder';
import {DIAL_CONTENT_FILES, DIAL_REPORT_FILES, EVERY_REPORT_FILE} from './files';
import {assertNotPartialDir} from './partial';
import {intervalsName} from './plots';
import {summaryHeaders, summaryRows} from './tables';
import {renderVegaLiteSvg} from './write';

export {DIAL_REPORT_FILES} from './files';

/**
 * The dial's table: the results table of every window (see summaryRows), one block of rows
 * per window, with the window in the first column.
 *
 * ```js
 * // not run: `dial` comes from a dial run (tfjs-smelu-repro demo)
 * const {headers, rows} = dialTable(dial);
 * ```
 */
export function dialTable(dial: Pick<DialResult, 'windows'|'runs'>): {headers: string[], rows: string[][]} {
  const headers = ['window W', ...summaryHeaders(dial.runs[0])];
  const rows = dial.runs.flatMap((r, i) => summaryRows(r).map((row) => [dial.windows[i].label, ...Object.values(row)]));
  return {headers, rows};
}

/**
 * The dial's table as fixed-width text, for the terminal.
 *
 * ```js
 * // not run: `dial` comes from a dial run
 * console.log(formatDialTable(dial));
 * ```
 */
export function formatDialTable(dial: Pick<DialResult, 'windows'|'runs'>): string {
  const {headers, rows} = dialTable(dial);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
      cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [line(headers), widths.map((w) => '-'.repeat(w)).join('  ')];
  rows.forEach((r, i) => {
    if (i > 0 && r[0] !== rows[i - 1][0]) out.push('');
    out.push(line(r));
  });
  return out.join('\n');
}

/**
 * The dial's table in Markdown, with the windows' descriptions and the verdict.
 *
 * ```js
 * // not run: `dial` comes from a dial run
 * fs.writeFileSync('table.md', formatDialMarkdown(dial));
 * ```
 */
export function formatDialMarkdown(dial: Pick<DialResult, 'windows'|'runs'|'verdict'>): string {
  const {headers, rows} = dialTable(dial);
  const table = [
    `| ${headers.join(' | ')} |`, `|${headers.map((_, i) => (i < 3 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`)
  ].join('\n');
  const windows = dial.windows.map((w) => `- W = ${w.label}: ${w.description}`).join('\n');
  const first = dial.runs[0];
  const method = first.interval?.method ?? 'bootstrap';
  const intervals =
      `Intervals: ${intervalsName(first)} (\`--interval ${method}\`); resampled: ${first.bootstrap.resampled}.`;
  return `${table}\n\n${intervals}\n\nWindows (batch ${first.config.batchSize}):\n\n${windows}\n\n${
      dial.verdict.map((v) => `- ${v}`).join('\n')}\n`;
}

const finiteOr = (v: number, fallback: number) => (Number.isFinite(v) ? v : fallback);

/**
 * The dial's plot: the headline PD as a ratio to ReLU's (top) and the % change of eval loss
 * vs ReLU (bottom) against the window W, one line per activation, with the intervals the
 * verdict reads as error bars.
 *
 * ```js
 * // not run: `dial` comes from a dial run
 * const svg = await renderVegaLiteSvg(dialPlotSpec(dial));
 * ```
 */
export function dialPlotSpec(dial: Pick<DialResult, 'windows'|'runs'>, title?: string): Record<string, unknown> {
  const first = dial.runs[0];
  const metric = PD_METRICS[first.primaryMetric].label;
  const values: object[] = [];
  const hasSwap = dial.runs.some((r) => r.variants.some((v) => v.vsReluByMetric?.topKSwap != null));
  dial.runs.forEach((r, i) => {
    r.variants.forEach((v, order) => {
      const family = v.label;
      const pd = v.vsRelu?.pdRatio ?? (v.activation === 'relu' ? {estimate: 1, lo: 1, hi: 1} : null);
      const loss = v.vsRelu?.lossChangePct ?? (v.activation === 'relu' ? {estimate: 0, lo: 0, hi: 0} : null);
      if (pd == null || loss == null) return;
      // The ranking workloads' top-k swap rate, a ratio to ReLU's with its own interval (absent elsewhere).
      const swap = v.vsReluByMetric?.topKSwap?.pdRatio ??
          (v.activation === 'relu' && hasSwap ? {estimate: 1, lo: 1, hi: 1} : null);
      values.push({
        window: dial.windows[i].label,
        windowOrder: i,
        activation: family,
        order,
        pd: pd.estimate,
        pdLo: finiteOr(pd.lo, pd.estimate),
        pdHi: finiteOr(pd.hi, pd.estimate),
        loss: loss.estimate,
        lossLo: finiteOr(loss.lo, loss.estimate),
        lossHi: finiteOr(loss.hi, loss.estimate),
        ...(swap != null ? {
          swap: swap.estimate,
          swapLo: finiteOr(swap.lo, swap.estimate),
          swapHi: finiteOr(swap.hi, swap.estimate)
        } :
                           {}),
      });
    });
  });
  const x = {
    field: 'window',
    type: 'ordinal',
    sort: dial.windows.map((w) => w.label),
    axis: {labelAngle: 0},
    title: `shuffle window W (examples; batch ${first.config.batchSize})`
  };
  const color = {field: 'activation', type: 'nominal', sort: first.variants.map((v) => v.label), title: 'activation'};
  const xOffset = {field: 'activation', type: 'nominal', sort: first.variants.map((v) => v.label)};
  const panel = (y: string, lo: string, hi: string, yTitle: string, reference: number) => ({
    width: 520,
    height: 220,
    layer: [
      {
        data: {values: [{y: reference}]},
        mark: {type: 'rule', strokeDash: [4, 4], color: 'gray'},
        encoding: {y: {field: 'y', type: 'quantitative'}}
      },
      {
        data: {values},
        mark: {type: 'rule', strokeWidth: 1.5},
        encoding: {
          x,
          xOffset,
          color,
          y: {field: lo, type: 'quantitative', title: yTitle, scale: {zero: false}},
          y2: {field: hi}
        }
      },
      {
        data: {values},
        mark: {type: 'point', filled: true, size: 50},
        encoding: {x, xOffset, color, y: {field: y, type: 'quantitative'}}
      },
    ],
  });
  const what = intervalsName(first);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: title ?? `${metric} / ReLU's and eval-loss change vs the shuffle window (${first.workload.name}; ${what})`,
    vconcat: [
      panel('pd', 'pdLo', 'pdHi', `${metric} / ReLU's`, 1),
      ...(hasSwap ? [panel('swap', 'swapLo', 'swapHi', `top-${first.config.topK} swap rate / ReLU's`, 1)] : []),
      panel('loss', 'lossLo', 'lossHi', '% change of eval loss vs ReLU', 0),
    ],
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The dial's self-contained HTML report: the plot, the verdict and each window's table.
 *
 * ```js
 * // not run: `dial` comes from a dial run
 * fs.writeFileSync('report.html', dialReportHtml(dial, await renderVegaLiteSvg(dialPlotSpec(dial))));
 * ```
 */
export function dialReportHtml(dial: DialResult, svg: string): string {
  const first = dial.runs[0];
  const c = first.config;
  const {headers, rows} = dialTable(dial);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tfjs-smelu shuffling dial</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;font-size:14px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
td:nth-child(-n+3),th:nth-child(-n+3){text-align:left}th{background:#f4f4f4}
code,pre{background:#f4f4f4;padding:1px 4px}pre{padding:8px;overflow-x:auto;font-size:12px}
</style></head><body>
<h1>The shuffling dial: ${escapeHtml(first.workload.name)}</h1>
<p>${escapeHtml(first.workload.description)}. Data: ${escapeHtml(first.workload.source)}. Backend <code>${
      escapeHtml(dial.backend)}</code>;
started ${escapeHtml(dial.startedAt)}, took ${dial.seconds.toFixed(1)} s.</p>
<p>Each epoch draws one base order of the training set, shared by the replicas of an init group; each replica then
reshuffles only within consecutive windows of W examples, with its own seed (W = full: every example reshuffled).
Every window is a complete run with the same seeds: ${first.layout.groups} init group(s) × ${
      first.layout.replicasPerGroup}
replicas per activation, ${c.epochs} epoch(s), batch ${c.batchSize}, Adam ${c.learningRate}, initialization
<b>${c.regime.init}</b> within a group, normalization <b>${c.norm}</b>${
      c.norm === 'none' ? '' : ` (${c.normPlacement} the activation)`}.</p>
<ul>${dial.windows.map((w) => `<li>W = ${escapeHtml(w.label)}: ${escapeHtml(w.description)}</li>`).join('\n')}</ul>
<figure>${svg}</figure>
<h2>Verdict</h2>
<p>Intervals: ${escapeHtml(intervalsName(first))} (<code>--interval ${
      escapeHtml(
          first.interval?.method ?? 'bootstrap')}</code>); resampled: ${escapeHtml(first.bootstrap.resampled)}.</p>
<ul>
${dial.verdict.map((v) => `<li>${escapeHtml(v)}</li>`).join('\n')}
</ul>
<table><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>
${rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('\n')}
</tbody></table>
<h2>Final configuration</h2>
<pre>${
      escapeHtml(JSON.stringify(
          {config: c, windows: dial.windows, workload: first.workload.settings ?? {}, run: dial.run ?? {}}, null,
          2))}</pre>
<p>Raw numbers (every window's complete results): <a href="${DIAL_REPORT_FILES.results}">${
      DIAL_REPORT_FILES.results}</a>.</p>
</body></html>
`;
}

/**
 * Fails early (before any training, writing nothing) unless `outDir` may take a dial report
 * (missing, empty, or an earlier report; see assertWritableOutputDir).
 *
 * ```js
 * assertWritableDialOutputDir('dial-output');  // a new folder: fine (nothing is created)
 * ```
 * @throws OutputFolderError in one line naming the folder and what is in the way.
 */
export function assertWritableDialOutputDir(outDir: string, name?: string): void {
  inspectOutputFolder(outDir, DIAL_CONTENT_FILES, name, EVERY_REPORT_FILE);
  assertNotPartialDir(outDir, name);
}

/**
 * Writes a dial's results.json, table.md, report.html, the plot and the manifest to `outDir`
 * (all together or not at all; only files an earlier report wrote are replaced).
 *
 * ```js
 * // not run: `dial` comes from a dial run
 * const files = await writeDialReport(dial, 'demo-output');
 * ```
 * @throws OutputFolderError when the folder may not be written (nothing was written or deleted).
 */
export async function writeDialReport(
    dial: DialResult, outDir: string, name?: string): Promise<{dir: string, html: string, json: string}> {
  assertWritableDialOutputDir(outDir, name);
  const svg = await renderVegaLiteSvg(dialPlotSpec(dial));
  // A signal that came while the plot rendered is acted on now, before the commit (as writeReport does).
  await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
  const dir = writeOutputFiles(
      outDir, {
        [DIAL_REPORT_FILES.results]: `${JSON.stringify(dial, null, 2)}\n`,
        [DIAL_REPORT_FILES.plot]: svg,
        [DIAL_REPORT_FILES.table]: formatDialMarkdown(dial),
        [DIAL_REPORT_FILES.html]: dialReportHtml(dial, svg),
      },
      {writtenBy: `tfjs-smelu-repro ${version}`, replaces: EVERY_REPORT_FILE, ...(name !== undefined ? {name} : {})});
  return {dir, html: path.join(dir, DIAL_REPORT_FILES.html), json: path.join(dir, DIAL_REPORT_FILES.results)};
}
