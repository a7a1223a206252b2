/**
 * Values and first derivatives of the compared activations, computed with
 * tfjs on the active backend: SmeLU through this package's kernels and its
 * registered gradient, the others from stock tfjs ops, derivatives by tf.grad.
 */
import * as tf from '@tensorflow/tfjs';

import {smelu} from 'tfjs-smelu';

/** Activation names as the rest of the project spells them. */
export type ActivationName = 'smelu'|'relu'|'gelu'|'swish'|'softplus';

/** One point of a curve, shaped for the vega-lite chart. */
export interface CurvePoint {
  x: number;
  y: number;
  fn: ActivationName;
  kind: 'f(x)'|'f′(x)';
}

const SQRT1_2 = Math.SQRT1_2;

/**
 * The activation functions at smoothness β. β is SmeLU's half-width; Swish is
 * x·σ(βx) and Softplus log(1 + e^{βx})/β (both tend to ReLU as β grows, as
 * SmeLU does as β shrinks); GELU x·Φ(x) has no smoothness parameter.
 */
export function activationFns(beta: number): Record<ActivationName, (x: tf.Tensor) => tf.Tensor> {
  return {
    smelu: (x) => smelu(x, beta),
    relu: (x) => tf.relu(x),
    gelu: (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, SQRT1_2)))),
    swish: (x) => tf.mul(x, tf.sigmoid(tf.mul(x, beta))),
    softplus: (x) => tf.div(tf.softplus(tf.mul(x, beta)), beta),
  };
}

/** Evenly spaced x values from −range to +range. */
export function xGrid(range: number, points: number): Float32Array {
  const xs = new Float32Array(points);
  for (let i = 0; i < points; i++) xs[i] = -range + (2 * range * i) / (points - 1);
  return xs;
}

/**
 * f and f′ of every activation on the grid. One read-back for all of them:
 * the curves are stacked on the device and downloaded once.
 */
export async function computeCurves(beta: number, xs: Float32Array): Promise<CurvePoint[]> {
  const fns = activationFns(beta);
  const names = Object.keys(fns) as ActivationName[];
  const stacked = tf.tidy(() => {
    const x = tf.tensor1d(xs);
    const rows: tf.Tensor[] = [];
    for (const name of names) {
      rows.push(fns[name](x));
      // d/dx of Σ f(x) is f′ at each x (the activations are elementwise).
      rows.push(tf.grad((t: tf.Tensor) => tf.sum(fns[name](t)))(x));
    }
    return tf.stack(rows);
  });
  const values = await stacked.data();
  stacked.dispose();
  const points: CurvePoint[] = [];
  names.forEach((fn, n) => {
    for (let i = 0; i < xs.length; i++) {
      points.push({x: xs[i], y: values[(2 * n) * xs.length + i], fn, kind: 'f(x)'});
      points.push({x: xs[i], y: values[(2 * n + 1) * xs.length + i], fn, kind: 'f′(x)'});
    }
  });
  return points;
}
