/**
 * Entry point of the browser demo page (bundled by ../build.ts).
 *
 * URL parameters: `backend` (default `webgl`, falling back to `cpu`) and
 * `epochs` (the epochs field's initial value).
 */
import * as tf from '@tensorflow/tfjs';
import type {View} from 'vega';

import {SmeLUGradKernelName, SmeLUKernelName} from 'tfjs-smelu';
import {curvesSpec, lossSpec, pdSpec, renderChart, replaceData, TrainingRow, trainingRows} from './charts';
import {computeCurves, CurvePoint, xGrid} from './curves';
import {DigitsData, loadDigits} from './digits';
import {DEFAULT_CONFIG, EpochReport, trainReplicas} from './replicas';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const CURVE_X = xGrid(4, 161);
/** Points of the value table under the chart. */
const PROBE_X = Float32Array.from([-1, 0, 0.5, 1]);

/** Sets the tfjs backend: the requested one if it initializes, else `cpu`. */
async function chooseBackend(requested: string): Promise<string> {
  if (await tf.setBackend(requested)) return requested;
  if (!(await tf.setBackend('cpu'))) throw new Error('Neither the requested backend nor cpu could start.');
  return 'cpu';
}

function showBackend(requested: string, active: string): void {
  const badge = $('backend');
  badge.textContent = active;
  badge.dataset.backend = active;
  const note = $('backend-note');
  if (active === 'webgl') {
    note.textContent = `(WebGL ${tf.env().getNumber('WEBGL_VERSION')})`;
  } else if (active !== requested) {
    note.textContent = `(${requested} could not start here; fell back to cpu)`;
  }
  const registered = [SmeLUKernelName, SmeLUGradKernelName].filter((k) => tf.getKernel(k, active) != null);
  $('smelu-kernel').textContent = registered.length === 2 ?
      `native ${active} kernels registered` :
      `missing for ${active} (${registered.join(', ') || 'none'} registered)`;
}

function showError(error: unknown): void {
  const box = $('error');
  box.hidden = false;
  box.textContent = `Error: ${error instanceof Error ? error.message : String(error)}`;
  document.body.dataset.state = 'error';
}

/** Section 1: re-plots the curves whenever β moves; renders are serialized. */
async function setUpCurves(): Promise<void> {
  const slider = $<HTMLInputElement>('beta');
  const chartEl = $('curves-chart');
  const beta = () => Number(slider.value);
  let view: View|undefined;
  let rendering = false;
  let pending = false;
  const render = async () => {
    if (rendering) {
      pending = true;
      return;
    }
    rendering = true;
    try {
      do {
        pending = false;
        const b = beta();
        $('beta-value').textContent = b.toFixed(1);
        const points = await computeCurves(b, CURVE_X);
        if (view == null) {
          view = await renderChart(chartEl, curvesSpec());
        }
        await replaceData(view, 'curves', points);
        showProbe(await computeCurves(b, PROBE_X));
        // Set last: the e2e test waits on it before reading the chart and the table.
        chartEl.dataset.beta = String(b);
      } while (pending);
    } catch (e) {
      showError(e);
      throw e;
    } finally {
      rendering = false;
    }
  };
  slider.addEventListener('input', () => void render());
  await render();
}

/** The value table under the curves: one row per activation, f and f′ at PROBE_X. */
function showProbe(points: CurvePoint[]): void {
  const table = $('curve-probe');
  const kinds: CurvePoint['kind'][] = ['f(x)', 'f′(x)'];
  const header = document.createElement('tr');
  header.append(...['activation',
                    ...kinds.flatMap((k) => Array.from(PROBE_X, (x) => k.replace('x', String(x).replace('-', '−'))))]
                    .map((text) => {
                      const th = document.createElement('th');
                      th.textContent = text;
                      return th;
                    }));
  table.querySelector('thead')!.replaceChildren(header);
  const fns = [...new Set(points.map((p) => p.fn))];
  table.querySelector('tbody')!.replaceChildren(...fns.map((fn) => {
    const row = document.createElement('tr');
    row.dataset.fn = fn;
    const name = document.createElement('td');
    name.textContent = fn;
    row.append(name, ...kinds.flatMap((kind) => points.filter((p) => p.fn === fn && p.kind === kind).map((p) => {
      const td = document.createElement('td');
      td.textContent = fmt(p.y);
      Object.assign(td.dataset, {kind, x: String(p.x), value: String(p.y)});
      return td;
    })));
    return row;
  }));
}

function fmt(value: number, digits = 4): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

function logEpoch(reports: EpochReport[]): void {
  const item = document.createElement('li');
  item.dataset.epoch = String(reports[0].epoch);
  item.textContent = `epoch ${fmt(reports[0].epoch, 2)}: ` +
      reports
          .map(
              (r) => `${r.activation} loss ${fmt(r.metrics.loss[0])}/${fmt(r.metrics.loss[1])}, ` +
                  `relative PD ${fmt(r.metrics.relativePD)}`)
          .join(' · ');
  $('epoch-log').appendChild(item);
}

/** Section 3: the PD table of the last reports. */
function showTable(reports: EpochReport[], beta: number): void {
  const cell = (text: string, metric?: string, value?: number) => {
    const td = document.createElement('td');
    td.textContent = text;
    if (metric != null) td.dataset.metric = metric;
    if (value != null) td.dataset.value = String(value);
    return td;
  };
  const body = $('pd-table').querySelector('tbody')!;
  body.replaceChildren(...reports.map(({activation, epoch, metrics: m}) => {
    const row = document.createElement('tr');
    row.dataset.activation = activation;
    row.append(
        cell(activation), cell(activation === 'smelu' ? fmt(beta, 1) : '—'), cell(fmt(epoch, 2), 'epochs', epoch),
        cell(`${fmt(m.loss[0])} / ${fmt(m.loss[1])}`, 'loss', (m.loss[0] + m.loss[1]) / 2),
        cell(`${fmt(m.accuracy[0], 3)} / ${fmt(m.accuracy[1], 3)}`, 'accuracy', (m.accuracy[0] + m.accuracy[1]) / 2),
        cell(fmt(m.relativePD), 'relativePD', m.relativePD),
        cell(fmt(m.top1Disagreement), 'top1Disagreement', m.top1Disagreement));
    return row;
  }));
  $('pd-table').hidden = false;
  const pd = (a: string) => reports.find((r) => r.activation === a)!.metrics.relativePD;
  const ratio = pd('smelu') / pd('relu');
  const summary = $('pd-summary');
  summary.dataset.ratio = String(ratio);
  summary.textContent = Number.isFinite(ratio) ?
      `SmeLU's relative PD is ${fmt(ratio, 2)}× ReLU's on this run (one pair of replicas each; ` +
          'rerun with other seeds for the spread).' :
      'ReLU replicas agree exactly, so there is no ratio to report.';
}

/** Section 2: the start/stop button, charts and log. */
function setUpTraining(data: DigitsData): void {
  const button = $<HTMLButtonElement>('train');
  const status = $('train-status');
  const epochsInput = $<HTMLInputElement>('epochs');
  if (params.has('epochs')) epochsInput.value = params.get('epochs')!;
  let running = false;
  let stopRequested = false;
  let views: View[]|undefined;

  button.addEventListener('click', async () => {
    if (running) {
      stopRequested = true;
      button.disabled = true;
      status.textContent = 'stopping after this batch…';
      return;
    }
    const epochs = Number(epochsInput.value);
    if (!Number.isInteger(epochs) || epochs < 1) {
      showError(new Error(`epochs must be a whole number ≥ 1, got "${epochsInput.value}"`));
      return;
    }
    const beta = Number($<HTMLInputElement>('beta').value);
    running = true;
    stopRequested = false;
    button.textContent = 'Stop';
    document.body.dataset.state = 'training';
    $('pd-table').hidden = true;
    $('epoch-log').replaceChildren();
    const rows: TrainingRow[] = [];
    try {
      views ??= [await renderChart($('loss-chart'), lossSpec()), await renderChart($('pd-chart'), pdSpec())];
      await Promise.all(views.map((v) => replaceData(v, 'training', [])));
      status.textContent = `training epoch 1 of ${epochs}…`;
      const started = performance.now();
      const last = await trainReplicas(data, {...DEFAULT_CONFIG, beta, epochs}, (reports) => {
        logEpoch(reports);
        rows.push(...trainingRows(reports));
        for (const v of views!) void replaceData(v, 'training', rows);
        status.textContent = `epoch ${fmt(reports[0].epoch, 2)} of ${epochs} done`;
      }, () => stopRequested);
      await Promise.all(views.map((v) => replaceData(v, 'training', rows)));
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      status.textContent = `${stopRequested ? 'stopped' : 'finished'} after ${fmt(last[0].epoch, 2)} epochs ` +
          `(${seconds} s on ${tf.getBackend()})`;
      showTable(last, beta);
      document.body.dataset.state = 'done';
    } catch (e) {
      showError(e);
      throw e;
    } finally {
      running = false;
      button.disabled = false;
      button.textContent = 'Start training';
    }
  });
  button.disabled = false;
  status.textContent = `ready: ${data.train.count} training and ${data.test.count} test images`;
}

async function main(): Promise<void> {
  const requested = params.get('backend') ?? 'webgl';
  const active = await chooseBackend(requested);
  showBackend(requested, active);
  const [data] = await Promise.all([loadDigits('data/digits.csv.gz'), setUpCurves()]);
  setUpTraining(data);
  document.body.dataset.state = 'ready';
}

main().catch((e) => {
  showError(e);
  throw e;
});
