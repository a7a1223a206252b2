/**
 * The ReLU-family identifiers `swapActivations` understands, and how a layer's
 * JSON config is classified against them.
 */
import {describeValue} from '../validate';

/**
 * Identifiers accepted in `options.from` (case-insensitive).
 *
 * ```js
 * console.log(tfSmelu.SWAPPABLE_IDENTIFIERS);  // ['relu', 'relu6', 'leakyReLU']
 * ```
 */
export const SWAPPABLE_IDENTIFIERS = ['relu', 'relu6', 'leakyReLU'] as const;
/** One of {@link SWAPPABLE_IDENTIFIERS}: `'relu' | 'relu6' | 'leakyReLU'`. */
export type SwappableIdentifier = typeof SWAPPABLE_IDENTIFIERS[number];

/**
 * tfjs activations that are not ReLU-like: named in the error for a `from`
 * entry, so a user asking for 'sigmoid' learns why it is refused.
 */
const NON_RELU_ACTIVATIONS = new Set([
  'linear', 'sigmoid', 'hardsigmoid', 'tanh', 'softmax', 'logsoftmax', 'softsign', 'softplus', 'elu', 'selu', 'gelu',
  'gelu_new', 'swish', 'mish'
]);

/** Validates and canonicalises `options.from`; throws naming the bad entry. */
export function parseFromIdentifiers(from: unknown, where: string, label = 'options.from'): Set<SwappableIdentifier> {
  if (!Array.isArray(from) || from.length === 0) {
    throw new Error(
        `${where}: ${label} must be a non-empty list of activation identifiers ` +
        `(${SWAPPABLE_IDENTIFIERS.join(', ')}), but got ${describeValue(from)}.`);
  }
  const result = new Set<SwappableIdentifier>();
  for (const entry of from) {
    const canonical = typeof entry === 'string' ?
        SWAPPABLE_IDENTIFIERS.find((id) => id.toLowerCase() === entry.trim().toLowerCase()) :
        undefined;
    if (canonical == null) {
      const lower = typeof entry === 'string' ? entry.trim().toLowerCase() : '';
      const why = lower === 'smelu'       ? 'it is already SmeLU' :
          NON_RELU_ACTIVATIONS.has(lower) ? 'it is not a ReLU-family activation' :
                                            'it is not a known activation identifier';
      throw new Error(
          `${where}: ${label} contains ${describeValue(entry)}, which cannot be ` +
          `swapped: ${why}. Supported: ${SWAPPABLE_IDENTIFIERS.join(', ')}.`);
    }
    result.add(canonical);
  }
  return result;
}

/** What a layer's config says about its ReLU-family activation, if any. */
export interface ActivationCandidate {
  /** Where the activation lives: the `activation` field, or the layer itself. */
  site: 'activation-field'|'layer';
  /** The identifier that selects it, or null when none can (see `reason`). */
  identifier: SwappableIdentifier|null;
  /** Human-readable description of the current activation, e.g. `activation 'relu'`. */
  description: string;
  /** Why no identifier can select it (only when `identifier` is null). */
  reason?: string;
}

/** Layers computing their `activation` inside a recurrence, not as the last op. */
export const RECURRENT_CLASS_NAMES = new Set([
  'SimpleRNN',
  'LSTM',
  'GRU',
  'ConvLSTM2D',
  'SimpleRNNCell',
  'LSTMCell',
  'GRUCell',
  'ConvLSTM2DCell',
]);

function isZeroOrAbsent(value: unknown): boolean {
  return value == null || value === 0;
}

/**
 * Classifies one layer config (pythonic JSON, as `model.toJSON` writes it).
 * Returns null when the layer has no ReLU-family activation at all.
 */
export function classifyLayer(className: string, config: Record<string, unknown>): ActivationCandidate|null {
  if (className === 'ReLU') {
    const maxValue = config['max_value'];
    const negativeSlope = config['negative_slope'];
    const threshold = config['threshold'];
    if (!isZeroOrAbsent(negativeSlope) || !isZeroOrAbsent(threshold)) {
      return {
        site: 'layer',
        identifier: null,
        description: `ReLU(max_value=${String(maxValue ?? null)}, negative_slope=${
            String(negativeSlope ?? 0)}, threshold=${String(threshold ?? 0)})`,
        reason: 'a ReLU with negative_slope or threshold is not a plain ReLU; no `from` ' +
            'identifier selects it',
      };
    }
    if (maxValue == null) return {site: 'layer', identifier: 'relu', description: 'ReLU()'};
    if (maxValue === 6) {
      return {site: 'layer', identifier: 'relu6', description: 'ReLU(max_value=6)'};
    }
    return {
      site: 'layer',
      identifier: null,
      description: `ReLU(max_value=${String(maxValue)})`,
      reason: `a ReLU capped at max_value=${String(maxValue)} is not a plain ReLU; no \`from\` ` +
          'identifier selects it',
    };
  }
  if (className === 'LeakyReLU') {
    return {
      site: 'layer',
      identifier: 'leakyReLU',
      description: `LeakyReLU(alpha=${String(config['alpha'] ?? 0.3)})`,
    };
  }
  const activation = config['activation'];
  if (typeof activation !== 'string') return null;
  const identifier = SWAPPABLE_IDENTIFIERS.find((id) => id.toLowerCase() === activation.toLowerCase());
  if (identifier == null) return null;
  if (className === 'Activation') {
    return {site: 'layer', identifier, description: `Activation('${activation}')`};
  }
  return {site: 'activation-field', identifier, description: `activation '${activation}'`};
}
