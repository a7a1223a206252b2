/**
 * What `compare` adds to the experiment's report: its settings paragraph, the
 * model and data, the compile config's metrics, the per-layer activation
 * swap and the notes (report.html), and the same as text for the terminal.
 */
import {QUALITY_METRIC_TITLES, QualityMetric} from '../metrics/quality';
import type {ReportExtras} from '../report/html';
import {escapeHtml} from '../report/html';
import {meanAndSd} from '../report/tables';
import type {CompareResult} from './types';

/**
 * The metrics of a `compare` run (the compile config's, or the task's) as a
 * table: one row per variant, mean ± sd over replicas. Empty without them.
 */
export function compareMetricsTable(result: CompareResult): {headers: string[], rows: string[][]} {
  const names = result.compare.metrics.names;
  if (names.length === 0) return {headers: [], rows: []};
  return {
    headers: ['variant', ...names.map((n) => QUALITY_METRIC_TITLES[n as QualityMetric] ?? n)],
    rows: result.variants.map(
        (v) => [v.label, ...names.map((n) => (v.metrics?.[n] != null ? meanAndSd(v.metrics[n], 4) : 'n/a'))]),
  };
}

/**
 * The per-layer activation swap of a `compare` run, as text lines: for each
 * SmeLU variant, every layer changed (before → after) and every ReLU-family
 * activation left alone, with the reason.
 */
export function swapReportLines(result: CompareResult): string[] {
  const lines: string[] = [];
  const where = (modelPath: string[], layer: string) => [...modelPath, layer].join('/');
  for (const v of result.compare.swap) {
    if (v.activation === 'relu') {
      lines.push(`${v.label}: the model as saved (nothing swapped).`);
      continue;
    }
    lines.push(
        `${v.label}: ${v.replaced.length} activation(s) replaced by swapActivations` +
        `${v.skipped.length > 0 ? `, ${v.skipped.length} left alone` : ''}:`);
    for (const r of v.replaced)
      lines.push(`  ${where(r.modelPath, r.layer)} (${r.className}): ${r.before} → ${r.after}`);
    for (const s of v.skipped)
      lines.push(`  skipped ${where(s.modelPath, s.layer)} (${s.className}, ${s.activation}): ${s.reason}`);
  }
  return lines;
}

/** compare's settings paragraph and sections of report.html. */
export function compareReportExtras(result: CompareResult): ReportExtras {
  const c = result.config;
  const start =
      result.compare.start === 'saved weights' ? 'the saved weights' : `re-initialized weights (init ${c.regime.init})`;
  return {
    settingsHtml: `<p>Settings: ${c.replicas} replicas per variant, ${c.epochs} epochs, batch ${c.batchSize}, Adam lr ${
        c.learningRate},
seed ${c.seed}; replicas start from <b>${start}</b>, data order <b>${c.regime.order}</b>, shuffle <b>${
        c.shuffle}</b>.</p>`,
    sectionsHtml: compareSectionsHtml(result),
  };
}

/** The sections of a `compare` run: model and data, the compile config's metrics, the per-layer swap, the notes. */
function compareSectionsHtml(result: CompareResult): string {
  const d = result.compare;
  const table = (head: string[], rows: string[][]) =>
      `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>${rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`;
  const m = d.model;
  const metrics = compareMetricsTable(result);
  const swapRows: string[][] = [];
  for (const v of d.swap) {
    if (v.activation === 'relu') continue;
    for (const r of v.replaced)
      swapRows.push([v.label, [...r.modelPath, r.layer].join('/'), r.className, r.before, r.after]);
    for (const s of v.skipped)
      swapRows.push(
          [v.label, [...s.modelPath, s.layer].join('/'), s.className, s.activation, `left alone: ${s.reason}`]);
  }
  const activations = escapeHtml(m.activations.join(', ') || 'none');
  const loss = d.loss.source === 'compile config' ? `the compile config's '${escapeHtml(d.loss.identifier ?? '')}'` :
                                                    'derived from the task';
  const optimizer = d.compiledOptimizer != null ? ` Compiled optimizer: ${escapeHtml(d.compiledOptimizer)}.` : '';
  const evalData = d.data.eval != null ? `<code>${escapeHtml(d.data.eval)}</code>` :
                                         `${d.data.evalFraction} of the training file held out`;
  const scaling = d.data.standardized ? '(standardized with the training split\'s mean and sd)' : '(as in the file)';
  const classCounts =
      d.data.trainClassCounts != null ? `; training rows per class: ${d.data.trainClassCounts.join(', ')}` : '';
  const metricsSource = d.metrics.source === 'compile config' ? 'from the compile config' : `the ${d.task} task's`;
  const metricsHtml = metrics.rows.length > 0 ?
      `<h2>Metrics (${metricsSource}; mean ± sd over replicas)</h2>\n${table(metrics.headers, metrics.rows)}` :
      '';
  const swapHtml = swapRows.length > 0 ? table(['variant', 'layer', 'class', 'before', 'after'], swapRows) :
                                         '<p>Nothing was swapped.</p>';
  return `<h2>Model and data</h2>
<ul>
<li>Model: <code>${escapeHtml(m.path)}</code>, ${escapeHtml(m.className)}, ${m.layers} layers, ${
      m.parameters} parameters;
input width ${m.inputWidth}; output layer <code>${escapeHtml(m.outputLayer)}</code> (${m.outputWidth} unit(s),
activation <code>${escapeHtml(m.outputActivation)}</code>). Activations: ${activations}.</li>
<li>Task: <b>${d.task}</b> (from ${escapeHtml(d.taskSource)}); loss <code>${escapeHtml(d.loss.name)}</code>
(${loss});
outputs read as ${d.outputMode}.${optimizer}</li>
<li>Data: training <code>${escapeHtml(d.data.train)}</code> (${d.data.numTrain} rows), eval
${evalData}
(${d.data.numEval} rows); label <code>${escapeHtml(d.data.label)}</code>; ${d.data.features.length} features
${scaling}${classCounts}.</li>
</ul>
<ul>${d.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('\n')}</ul>
${metricsHtml}
<h2>Activation swap (swapActivations, per layer)</h2>
<p>ReLU is the model as saved. Each SmeLU variant replaces the layers below; everything else is unchanged.</p>
${swapHtml}`;
}
