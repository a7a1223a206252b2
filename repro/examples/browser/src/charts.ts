/**
 * The page's charts: vega-lite specs compiled in the page and rendered as SVG
 * by a vega View, whose named data sets are updated in place as numbers arrive.
 */
import * as vega from 'vega';
import {compile, TopLevelSpec} from 'vega-lite';

import type {EpochReport} from './replicas';

const ACTIVATION_COLORS = {
  domain: ['smelu', 'relu', 'gelu', 'swish', 'softplus'],
  range: ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e'],
};

/** The two activations trained on the page, colored as in the curves chart. */
const TRAINED_COLORS = {
  domain: ACTIVATION_COLORS.domain.slice(0, 2),
  range: ACTIVATION_COLORS.range.slice(0, 2)
};

/**
 * Charts start empty and grow with their data: without `resize` vega keeps the
 * padding computed for the empty chart and clips the axis labels.
 */
const RESIZE_WITH_DATA = {
  type: 'pad',
  resize: true
} as const;

/** At most one tick per epoch (vega-lite's tickMinStep does not bound the tick count). */
const WHOLE_EPOCH_TICKS = {
  tickCount: {expr: 'min(ceil(width / 40), max(1, ceil(span(domain("x")))))'}
};

/** Renders a vega-lite spec into `container` and returns the live view. */
export async function renderChart(container: HTMLElement, spec: TopLevelSpec): Promise<vega.View> {
  const view = new vega.View(vega.parse(compile(spec).spec), {renderer: 'svg', container, hover: true});
  await view.runAsync();
  return view;
}

/** Replaces the rows of a named data set and re-renders. */
export async function replaceData(view: vega.View, name: string, rows: object[]): Promise<void> {
  view.change(name, vega.changeset().remove(() => true).insert(rows));
  await view.runAsync();
}

/** Activation values and derivatives, side by side, one line per activation. */
export function curvesSpec(): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    autosize: RESIZE_WITH_DATA,
    data: {name: 'curves'},
    facet: {column: {field: 'kind', type: 'nominal', title: null, sort: ['f(x)', 'f′(x)']}},
    spec: {
      width: 330,
      height: 240,
      encoding: {
        x: {field: 'x', type: 'quantitative', title: 'x'},
        y: {field: 'y', type: 'quantitative', title: null},
        color: {field: 'fn', type: 'nominal', title: 'activation', scale: ACTIVATION_COLORS},
      },
      // SmeLU drawn last and thicker so the other curves never hide it.
      layer: [
        {transform: [{filter: 'datum.fn !== "smelu"'}], mark: {type: 'line', strokeWidth: 1.6}},
        {transform: [{filter: 'datum.fn === "smelu"'}], mark: {type: 'line', strokeWidth: 3}},
      ],
    },
    resolve: {scale: {y: 'independent'}},
  } as TopLevelSpec;
}

/** Rows of the training charts, one per (epoch, activation, replica). */
export interface TrainingRow {
  epoch: number;
  activation: string;
  replica: string;
  loss: number;
  relativePD: number;
}

export function trainingRows(reports: EpochReport[]): TrainingRow[] {
  return reports.flatMap((r) => [0, 1].map((i) => ({
                                             epoch: r.epoch,
                                             activation: r.activation,
                                             replica: `replica ${i + 1}`,
                                             loss: r.metrics.loss[i],
                                             relativePD: r.metrics.relativePD,
                                           })));
}

/** Test loss per epoch: color = activation, dash = replica. */
export function lossSpec(): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    autosize: RESIZE_WITH_DATA,
    title: 'test loss (cross-entropy)',
    data: {name: 'training'},
    width: 330,
    height: 220,
    mark: {type: 'line', point: true},
    encoding: {
      x: {field: 'epoch', type: 'quantitative', title: 'epoch', axis: WHOLE_EPOCH_TICKS},
      // Log scale: the first epoch's drop would otherwise flatten the rest.
      y: {field: 'loss', type: 'quantitative', title: null, scale: {type: 'log', nice: false}},
      color: {field: 'activation', type: 'nominal', scale: TRAINED_COLORS},
      strokeDash: {field: 'replica', type: 'nominal'},
      tooltip: [{field: 'activation'}, {field: 'replica'}, {field: 'epoch'}, {field: 'loss', format: '.4f'}],
    },
  } as TopLevelSpec;
}

/** Relative PD between the two replicas per epoch, one line per activation. */
export function pdSpec(): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    autosize: RESIZE_WITH_DATA,
    title: 'relative PD between replicas',
    data: {name: 'training'},
    transform: [{filter: 'datum.replica === "replica 1"'}],
    width: 330,
    height: 220,
    mark: {type: 'line', point: true},
    encoding: {
      x: {field: 'epoch', type: 'quantitative', title: 'epoch', axis: WHOLE_EPOCH_TICKS},
      y: {field: 'relativePD', type: 'quantitative', title: null},
      color: {field: 'activation', type: 'nominal', scale: TRAINED_COLORS},
      tooltip: [{field: 'activation'}, {field: 'epoch'}, {field: 'relativePD', format: '.4f'}],
    },
  } as TopLevelSpec;
}
