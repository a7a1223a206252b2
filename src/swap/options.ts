/** Validation of `swapActivations` options into a {@link SwapPlan}. */
import {DEFAULT_SMELU_BETA} from '../ops/smelu';
import {assertValidBeta, describeValue, isPlainObject} from '../validate';
import {parseFromIdentifiers} from './activation_identifiers';
import type {SwapPlan} from './rewrite_topology';
import type {SwapActivationsOptions} from './types';

const WHERE = 'swapActivations';
const OPTION_KEYS = new Set(['from', 'beta', 'filter', 'to']);

/**
 * How the caller spells the options in error messages: `swapActivations`
 * says `options.beta`, the command line says `--beta`.
 */
export interface OptionSpelling {
  /** Who rejects the value, e.g. `'swapActivations'`. */
  where: string;
  /** The name of `options.beta`. */
  beta: string;
  /** The name of `options.from`. */
  from: string;
}

const API_SPELLING: OptionSpelling = {
  where: WHERE,
  beta: 'options.beta',
  from: 'options.from'
};

/** β and layer-forcing from `options.to` (`'smelu'` or a SmeLU layer config). */
function parseTo(to: unknown): {beta?: number, forceLayers: boolean} {
  if (to === undefined || to === 'smelu') return {forceLayers: false};
  const bad = () => new Error(
      `${WHERE}: options.to must be 'smelu' or a SmeLU layer config such ` +
      `as {beta: 1} or {className: 'SmeLU', config: {beta: 1}}, but got ${describeValue(to)}.`);
  if (!isPlainObject(to)) throw bad();
  let config: unknown = to;
  if ('className' in to) {
    if (to['className'] !== 'SmeLU' || Object.keys(to).some((k) => k !== 'className' && k !== 'config')) {
      throw bad();
    }
    config = to['config'] ?? {};
  }
  if (!isPlainObject(config) || Object.keys(config).some((k) => k !== 'beta')) throw bad();
  if (config['beta'] !== undefined) assertValidBeta(config['beta'], WHERE, 'options.to.beta');
  return {beta: config['beta'] as number | undefined, forceLayers: true};
}

/**
 * Checks every option (throwing an Error naming the option, as `spelling`
 * spells it, and the value) and builds the plan. The one place where swap
 * options are validated, for the API and the command line alike.
 */
export function parseSwapOptions(options: unknown, spelling: OptionSpelling = API_SPELLING): SwapPlan {
  if (options === undefined) options = {};
  if (!isPlainObject(options)) {
    throw new Error(`${WHERE}: options must be an object, but got ${describeValue(options)}.`);
  }
  const unknownKeys = Object.keys(options).filter((key) => !OPTION_KEYS.has(key));
  if (unknownKeys.length > 0) {
    throw new Error(
        `${WHERE}: unknown option(s) ${unknownKeys.map((k) => `'${k}'`).join(', ')}; ` +
        `expected ${[...OPTION_KEYS].join(', ')}.`);
  }
  const opts = options as SwapActivationsOptions;
  const from = parseFromIdentifiers(opts.from ?? ['relu'], spelling.where, spelling.from);
  if (opts.beta !== undefined) assertValidBeta(opts.beta, spelling.where, spelling.beta);
  if (opts.filter !== undefined && typeof opts.filter !== 'function') {
    throw new Error(`${WHERE}: options.filter must be a function, but got ${describeValue(opts.filter)}.`);
  }
  const to = parseTo(opts.to);
  if (opts.beta !== undefined && to.beta !== undefined && opts.beta !== to.beta) {
    throw new Error(
        `${WHERE}: options.beta (${opts.beta}) and options.to.beta (${to.beta}) disagree; ` +
        `give β once.`);
  }
  const beta = opts.beta ?? to.beta ?? DEFAULT_SMELU_BETA;
  return {
    from,
    beta,
    // The 'smelu' activation string has no parameters, so it can only mean the default β.
    inPlaceString: !to.forceLayers && beta === DEFAULT_SMELU_BETA,
    filter: opts.filter,
  };
}
