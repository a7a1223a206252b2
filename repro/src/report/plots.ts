/**
 * The report's plots as Vega-Lite specs (plain data; rendering them to SVG is
 * write.ts's job): the PD–loss plane of the headline metric, and each PD
 * metric shown with intervals per variant.
 */
import type {ExperimentResult} from '../experiment/types';
import {intervalWords} from '../intervals/methods';
import {displayedMetrics, PD_METRICS, PDMetric, pdMetric} from '../metrics/registry';
import {measuredMetrics, metricTitle} from './tables';

/** A Vega-Lite spec (kept loose: vega-lite's own types are not needed here). */
export type VegaLiteSpec = Record<string, unknown>;

/** One point of a plot with its interval on each axis. */
interface PlotPoint {
  family: string;
  beta: string;
  x: number;
  xlo: number;
  xhi: number;
  y: number;
  ylo: number;
  yhi: number;
  order: number;
}

const finiteOr = (v: number, fallback: number) => (Number.isFinite(v) ? v : fallback);

/** The intervals the verdict reads, in a few words (plot titles, captions). */
export function intervalsName(result: ExperimentResult): string {
  return `95% ${intervalWords(result.interval?.method ?? 'bootstrap', result.layout.groups)}`;
}

/**
 * The PD–loss plane: the headline PD as a ratio to ReLU's (y) against the %
 * change of eval loss relative to ReLU (x), with the verdict's 95 % intervals as
 * error bars on both axes, one curve per activation family traced by its βs,
 * and reference lines at 1× and ½× ReLU's PD. Without ReLU in the run, the
 * axes are the PD and the eval loss themselves (still with their intervals).
 *
 * ```js
 * // not run: `result` comes from runExperiment (see there)
 * const svg = await renderVegaLiteSvg(pdLossPlotSpec(result));
 * ```
 */
export function pdLossPlotSpec(result: ExperimentResult): VegaLiteSpec {
  const relu = result.variants.find((v) => v.activation === 'relu');
  const ratios = relu != null && relu.pd.estimate > 0;
  const metric = PD_METRICS[result.primaryMetric].label;
  const values: PlotPoint[] = result.variants.map((v, i) => {
    const base = {family: v.label.replace(/ β=.*$/, ''), beta: v.beta == null ? '' : `β=${v.beta}`, order: i};
    if (ratios) {
      const x = v.vsRelu?.lossChangePct ?? {estimate: 0, lo: 0, hi: 0};
      const y = v.vsRelu?.pdRatio ?? {estimate: 1, lo: 1, hi: 1};
      return {
        ...base,
        x: x.estimate,
        xlo: finiteOr(x.lo, x.estimate),
        xhi: finiteOr(x.hi, x.estimate),
        y: y.estimate,
        ylo: finiteOr(y.lo, y.estimate),
        yhi: finiteOr(y.hi, y.estimate)
      };
    }
    return {
      ...base,
      x: v.loss.estimate,
      xlo: finiteOr(v.loss.lo, v.loss.estimate),
      xhi: finiteOr(v.loss.hi, v.loss.estimate),
      y: v.pd.estimate,
      ylo: finiteOr(v.pd.lo, v.pd.estimate),
      yhi: finiteOr(v.pd.hi, v.pd.estimate)
    };
  });
  const xTitle = ratios ? '% change of eval log-loss vs ReLU (lower is better)' : 'eval log-loss';
  const yTitle = ratios ? `${metric} / ReLU's (95% CI bars)` : `${metric} (mean over replica pairs)`;
  const color = {field: 'family', type: 'nominal', title: 'activation'};
  const x = {field: 'x', type: 'quantitative', title: xTitle, scale: {zero: false}};
  const y = {field: 'y', type: 'quantitative', title: yTitle, scale: {zero: ratios}};
  const layer: object[] = [
    {
      data: {values},
      mark: {type: 'rule', strokeWidth: 1.5},
      encoding: {x, y: {field: 'ylo', type: 'quantitative'}, y2: {field: 'yhi'}, color}
    },
    {
      data: {values},
      mark: {type: 'rule', strokeWidth: 1.5},
      encoding: {y, x: {field: 'xlo', type: 'quantitative'}, x2: {field: 'xhi'}, color}
    },
    {
      data: {values},
      encoding: {x, y, color, order: {field: 'order', type: 'quantitative'}},
      mark: {type: 'line', point: {size: 60, filled: true}}
    },
    {
      data: {values},
      encoding: {x, y, color, text: {field: 'beta'}},
      mark: {type: 'text', dx: 6, dy: -8, fontSize: 10, align: 'left'}
    },
  ];
  if (ratios) {
    // The target of the claim: half of ReLU's PD; and ReLU's own level.
    const lines = {values: [{y: 0.5, label: '½ × ReLU PD'}, {y: 1, label: 'ReLU'}]};
    layer.push(
        {
          data: lines,
          mark: {type: 'rule', strokeDash: [4, 4], color: 'gray'},
          encoding: {y: {field: 'y', type: 'quantitative'}}
        },
        {
          data: lines,
          mark: {type: 'text', align: 'left', dx: 4, dy: -6, color: 'gray', fontSize: 10, x: 0},
          encoding: {y: {field: 'y', type: 'quantitative'}, text: {field: 'label'}}
        });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `${metric} vs eval loss (${result.workload.name}, ${
        result.layout.groups > 1 ? `${result.layout.groups} init groups × ` :
                                   ''}${result.config.replicas} replicas, ${intervalsName(result)})`,
    width: 520,
    height: 340,
    layer,
  };
}

/**
 * The headline PD per variant: mean over replica pairs (point) and its 95 %
 * interval (bar).
 *
 * ```js
 * // not run: `result` comes from runExperiment (see there)
 * const svg = await renderVegaLiteSvg(pdPlotSpec(result));
 * ```
 */
export function pdPlotSpec(result: ExperimentResult): VegaLiteSpec {
  return metricPlotSpec(result, result.primaryMetric);
}

/**
 * One PD metric per variant: mean over replica pairs (point) and its 95 %
 * interval by the run's interval method (bar); for the headline metric, the
 * variants' `pd`.
 */
export function metricPlotSpec(result: ExperimentResult, metric: PDMetric): VegaLiteSpec {
  const title = metric === result.primaryMetric ? PD_METRICS[metric].label : metricTitle(result, metric);
  const values = result.variants.map((v) => {
    const i = metric === result.primaryMetric ?
        v.pd :
        v.intervals[result.interval.method]?.means.pd[metric] ?? {estimate: v[metric]?.mean ?? NaN, lo: NaN, hi: NaN};
    return {
      variant: v.label,
      family: v.label.replace(/ β=.*$/, ''),
      mean: i.estimate,
      lo: finiteOr(i.lo, i.estimate),
      hi: finiteOr(i.hi, i.estimate),
    };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `${title} per activation (point: mean over replica pairs; bar: ${
        intervalsName(result).replace('intervals', 'interval')})`,
    width: Math.max(320, 48 * values.length),
    height: 300,
    data: {values},
    encoding: {
      x: {field: 'variant', type: 'nominal', sort: null, title: null, axis: {labelAngle: -35}},
      color: {field: 'family', type: 'nominal', title: 'activation'},
    },
    layer: [
      {
        mark: {type: 'rule', strokeWidth: 2},
        encoding: {y: {field: 'lo', type: 'quantitative', title, scale: {zero: true}}, y2: {field: 'hi'}}
      },
      {mark: {type: 'point', filled: true, size: 80}, encoding: {y: {field: 'mean', type: 'quantitative'}}},
    ],
  };
}

/** The other metrics a run's results show with intervals (a table column, a verdict line and a plot each). */
export function intervalMetrics(result: ExperimentResult): PDMetric[] {
  return displayedMetrics(measuredMetrics(result), result.workload.kind)
      .filter((m) => pdMetric(m).display?.show === 'interval');
}
