/** Public types of `swapActivations` (kept apart so the CLI can import them cheaply). */
import type {LayersModel} from '@tensorflow/tfjs-layers';

import type {SwappableIdentifier} from './activation_identifiers';

/** What `options.filter` sees of each candidate layer. */
export interface SwapLayerInfo {
  /** The layer's name. */
  name: string;
  /** Its class name, e.g. `'Dense'`, `'ReLU'`, `'Activation'`. */
  className: string;
  /** A copy of its JSON config (snake_case keys, as in model.json). */
  config: Record<string, unknown>;
  /** Names of the nested models that contain it, outermost first ([] at the top level). */
  modelPath: string[];
}

/** The SmeLU layer config accepted by `options.to`. */
export type SmeLULayerTarget = {
  /** SmeLU's β; a finite number > 0. */
  beta?: number,
}|{
  /** Always `'SmeLU'` (a serialized layer config). */
  className: 'SmeLU',
  /** The layer's config. */
  config?: {
    /** SmeLU's β; a finite number > 0. */
    beta?: number,
  },
};

/** Options of {@link swapActivations}. */
export interface SwapActivationsOptions {
  /**
   * Activation identifiers to replace: `'relu'` (default), `'relu6'`
   * (`activation: 'relu6'` and `ReLU({maxValue: 6})`), `'leakyReLU'` (`LeakyReLU` layers).
   */
  from?: Array<SwappableIdentifier|string>;
  /** SmeLU's β; a finite number > 0. Defaults to 2 (the `'smelu'` activation string's β). */
  beta?: number;
  /** Only layers for which this returns true are replaced; the others are reported as skipped. */
  filter?: (layer: SwapLayerInfo) => boolean;
  /**
   * `'smelu'` (default): set `activation: 'smelu'` in place when β = 2, else set
   * `activation: 'linear'` and insert a `SmeLU` layer right after. A SmeLU layer
   * config (`{beta}`) always inserts `SmeLU` layers.
   */
  to?: 'smelu'|SmeLULayerTarget;
}

/** One change made by {@link swapActivations}. */
export interface ActivationReplacement {
  /** Name of the layer that changed (kept in the new model). */
  layerName: string;
  /** Its class name before the swap. */
  className: string;
  /** Names of the nested models that contain it, outermost first. */
  modelPath: string[];
  /** The activation before, e.g. `activation 'relu'` or `ReLU()`. */
  before: string;
  /** The activation after, e.g. `activation 'smelu' (beta=2)` or `SmeLU(beta=1)`. */
  after: string;
  /** Name of the `SmeLU` layer inserted after this layer, when one was. */
  insertedLayerName?: string;
}

/** A ReLU-family activation left alone, with the reason. */
export interface SkippedActivation {
  /** Name of the layer left alone. */
  layerName: string;
  /** Its class name, e.g. `'ReLU'`. */
  className: string;
  /** Names of the nested models that contain it, outermost first. */
  modelPath: string[];
  /** The activation found, e.g. `ReLU(max_value=6)`. */
  activation: string;
  /** Why it was not replaced, e.g. that a ReLU with `maxValue` is not a plain ReLU. */
  reason: string;
}

/** Result of {@link swapActivations}. */
export interface SwapActivationsResult {
  /** The new model (the input model is not modified). */
  model: LayersModel;
  /** Every activation that was replaced, in model order. */
  replaced: ActivationReplacement[];
  /** Every ReLU-family activation that was left alone, with the reason. */
  skipped: SkippedActivation[];
  /** Whether the new model was compiled like the original (false when the original was not compiled). */
  compiled: boolean;
}
