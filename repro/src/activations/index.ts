/**
 * Activations: the registry of the activations an experiment compares
 * (relu, smelu, gelu, swish, softplus, smelu-learned, gsmelu, linear, and any
 * you register), each a name, a label, an optional β with its default and
 * sweep, and a layer factory; and the β-parameterized Swish, Softplus and
 * GELU layers behind them (beta_activations.ts, registered for
 * serialization).
 *
 * In: a name (and β). Out: a layer for a workload's hidden tower.
 */
export {activationNames, getActivation, registerActivation} from './registry';
export type {ActivationLayer, ActivationSpec, BetaSpec} from './registry';
