/**
 * THE ACTIVATION REGISTRY of the reproducibility toolkit: every activation the
 * demo can compare, selectable by name (and β). To add one, call
 * {@link registerActivation} with an {@link ActivationSpec} (or add an entry to
 * `BUILT_IN_ACTIVATIONS` below); the CLI, the sweeps and the report pick it up.
 */
import {layers as tflLayers} from '@tensorflow/tfjs-layers';

import {GeneralizedSmeLU, SmeLU} from 'tfjs-smelu';
import {GELUBeta, SoftplusBeta, SwishBeta} from './beta_activations';

/** A layer that maps pre-activations to activations (same shape in and out). */
export type ActivationLayer = InstanceType<typeof tflLayers.Layer>;

/** How an activation's β behaves. */
export interface BetaSpec {
  /** β used when none is given. */
  readonly default: number;
  /** βs of the `--sweep` curve, ordered from least to most smooth. */
  readonly sweep: readonly number[];
  /** One line for `--help` and the report. */
  readonly meaning: string;
}

/** One entry of the registry. */
export interface ActivationSpec {
  /** Registry key used on the command line (lower case, e.g. `smelu`). */
  readonly name: string;
  /** Display name (e.g. `SmeLU`). */
  readonly label: string;
  /** The formula, for `--help` and the report. */
  readonly formula: string;
  /** null when the activation has no β (ReLU). */
  readonly beta: BetaSpec|null;
  /**
   * Creates a fresh activation layer. Layers with weights must initialize them
   * deterministically from `seed` so that replicas with equal seeds match.
   */
  createLayer(beta: number|undefined, seed: number): ActivationLayer;
}

const BUILT_IN_ACTIVATIONS: ActivationSpec[] = [
  {
    name: 'relu',
    label: 'ReLU',
    formula: 'max(x, 0)',
    beta: null,
    createLayer: () => tflLayers.reLU(),
  },
  {
    name: 'smelu',
    label: 'SmeLU',
    formula: '0 (x ≤ −β); (x+β)²/(4β) (|x| < β); x (x ≥ β)',
    beta: {default: 1, sweep: [0.25, 0.5, 1, 2, 4], meaning: 'half-width of the quadratic region; larger = smoother'},
    createLayer: (beta) => new SmeLU({beta: beta ?? 1}),
  },
  {
    name: 'gelu',
    label: 'GELU',
    formula: 'x·Φ(βx)',
    beta: {default: 1, sweep: [4, 2, 1, 0.5], meaning: 'sharpness; β = 1 is standard GELU; smaller = smoother'},
    createLayer: (beta) => new GELUBeta({beta: beta ?? 1}),
  },
  {
    name: 'swish',
    label: 'Swish',
    formula: 'x·σ(βx)',
    beta: {default: 1, sweep: [8, 4, 2, 1, 0.5], meaning: 'sharpness; β = 1 is SiLU; smaller = smoother'},
    createLayer: (beta) => new SwishBeta({beta: beta ?? 1}),
  },
  {
    name: 'softplus',
    label: 'Softplus',
    formula: 'log(1 + e^{βx})/β',
    beta: {default: 1, sweep: [8, 4, 2, 1, 0.5], meaning: 'sharpness; larger → ReLU; smaller = smoother'},
    createLayer: (beta) => new SoftplusBeta({beta: beta ?? 1}),
  },
  {
    name: 'smelu-learned',
    label: 'SmeLU (learned β)',
    formula: 'SmeLU whose β is trained with the weights (one β per layer), starting at β',
    beta: {default: 1, sweep: [0.25, 0.5, 1, 2, 4], meaning: 'starting half-width; training moves it'},
    createLayer: (beta) => new SmeLU({beta: beta ?? 1, learnBeta: true}),
  },
  {
    name: 'gsmelu',
    label: 'g-SmeLU (learned)',
    formula:
        'g₋(x+α)+t (x ≤ −α); quadratic (−α < x < β); g₊x + const (x ≥ β); α, β, g₋, g₊, t trained (one each per layer), starting as SmeLU(β)',
    beta: {default: 1, sweep: [0.25, 0.5, 1, 2, 4], meaning: 'starting half-widths α = β; training moves them'},
    createLayer: (beta) => new GeneralizedSmeLU({alpha: beta ?? 1, beta: beta ?? 1}),
  },
  {
    // A baseline, not a contender: what every smooth family tends to as β grows (SmeLU) or shrinks (the others).
    name: 'linear',
    label: 'Linear',
    formula: 'x (no nonlinearity)',
    beta: null,
    createLayer: () => tflLayers.activation({activation: 'linear'}),
  },
];

const registry = new Map<string, ActivationSpec>(BUILT_IN_ACTIVATIONS.map((s) => [s.name, s]));

/**
 * Adds (or replaces) an activation in the registry.
 *
 * ```js
 * tfSmeluRepro.registerActivation({
 *   name: 'elu', label: 'ELU', formula: 'x (x > 0); e^x − 1', beta: null,
 *   createLayer: () => tf.layers.elu(),
 * });
 * ```
 */
export function registerActivation(spec: ActivationSpec): void {
  if (!/^[a-z][a-z0-9_-]*$/.test(spec.name)) {
    throw new Error(`registerActivation: name must be lower case letters, digits, '-' or '_', but got '${spec.name}'.`);
  }
  registry.set(spec.name, spec);
}

/**
 * Looks up an activation by name; throws listing the known names if unknown.
 *
 * ```js
 * const spec = tfSmeluRepro.getActivation('smelu');
 * const layer = spec.createLayer(2, 0);  // a SmeLU layer with β = 2
 * ```
 */
export function getActivation(name: string): ActivationSpec {
  const spec = registry.get(name);
  if (spec == null) {
    throw new Error(`Unknown activation '${name}'. Known activations: ${activationNames().join(', ')}.`);
  }
  return spec;
}

/**
 * Names of every registered activation, in registration order.
 *
 * ```js
 * console.log(tfSmeluRepro.activationNames());  // ['relu', 'smelu', 'gelu', 'swish', 'softplus', ...]
 * ```
 */
export function activationNames(): string[] {
  return Array.from(registry.keys());
}
