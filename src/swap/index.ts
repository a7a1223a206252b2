export {SWAPPABLE_IDENTIFIERS} from './activation_identifiers';
export type {SwappableIdentifier} from './activation_identifiers';
export {swapActivations} from './swap_activations';
export type {
  ActivationReplacement,
  SkippedActivation,
  SmeLULayerTarget,
  SwapActivationsOptions,
  SwapActivationsResult,
  SwapLayerInfo,
} from './types';
