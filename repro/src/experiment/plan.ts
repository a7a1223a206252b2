/**
 * Planning: a configuration checked once (errors name the setting, or its
 * flag) and turned into the list of replica tasks with their seeds.
 */
import {describeValue} from '../../../src/validate';
import {getActivation} from '../activations/registry';
import {INTERVAL_METHODS} from '../intervals/methods';
import {replicaGroupSeeds, SEED_REGIMES} from '../training/seeds';
import {validateShuffleMode} from '../training/shuffle';
import {NORM_MODES, NORM_PLACEMENTS} from '../workloads/workload';
import type {ExperimentConfig, ExperimentPlan, SettingNames} from './types';

/**
 * Bootstrap draws when the config gives none.
 *
 * ```js
 * console.log(DEFAULT_BOOTSTRAP_DRAWS);  // 2000
 * ```
 */
export const DEFAULT_BOOTSTRAP_DRAWS = 2000;

/**
 * Checks a configuration; throws a clear error naming the bad setting (with
 * the names given in `names`, e.g. command-line flags).
 *
 * ```js
 * // not run: a fragment; `config` is yours
 * validateExperimentConfig({...config, replicas: 1});  // throws: replicas must be an integer ≥ 2
 * ```
 * @throws Error naming the first bad setting and its value.
 */
export function validateExperimentConfig(config: ExperimentConfig, names: SettingNames = {}): void {
  const label = (key: string) => names[key]?.name ?? key;
  const shown = (key: string, v: unknown) => (names[key]?.text != null ? `'${names[key]!.text}'` : describeValue(v));
  const intAtLeast = (key: keyof ExperimentConfig, min: number, what = key as string) => {
    const v = config[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      throw new Error(`${names[key]?.name ?? what} must be an integer ≥ ${min}, but got ${shown(key, v)}.`);
    }
  };
  const oneOf = (key: string, v: unknown, allowed: readonly string[]) => {
    if (typeof v !== 'string' || !allowed.includes(v)) {
      throw new Error(`${label(key)} must be one of ${allowed.join(', ')}, but got ${shown(key, v)}.`);
    }
  };
  intAtLeast('replicas', 2);
  if (config.groups !== undefined) intAtLeast('groups', 1);
  intAtLeast('epochs', 1);
  intAtLeast('batchSize', 1, 'batch size');
  intAtLeast('topK', 1, 'top-k');
  if (config.bootstrapDraws !== undefined) intAtLeast('bootstrapDraws', 1, 'bootstrap draws');
  if (typeof config.learningRate !== 'number' || !(config.learningRate > 0 && Number.isFinite(config.learningRate))) {
    throw new Error(`${names.learningRate?.name ?? 'learning rate'} must be a finite number > 0, but got ${
        shown('learningRate', config.learningRate)}.`);
  }
  intAtLeast('seed', 0);
  validateShuffleMode(config.shuffle, label('shuffle'), names.shuffle?.text);
  if (config.interval !== undefined) oneOf('interval', config.interval, INTERVAL_METHODS);
  if (config.interval != null && config.interval !== 'bootstrap' && (config.groups ?? 1) < 2) {
    throw new Error(
        `${label('interval')} ${config.interval} needs ${label('groups')} ≥ 2 (independent init groups), ` +
        `but got ${label('groups')} ${config.groups ?? '1 (the default)'}.`);
  }
  oneOf('norm', config.norm, NORM_MODES);
  if (config.normPlacement !== undefined) oneOf('normPlacement', config.normPlacement, NORM_PLACEMENTS);
  if (config.regime == null || typeof config.regime !== 'object')
    throw new Error(`regime must be {init, order}, but got ${describeValue(config.regime)}.`);
  for (const k of ['init', 'order'] as const) oneOf(k, config.regime[k], SEED_REGIMES);
  if (!Array.isArray(config.variants) || config.variants.length === 0)
    throw new Error('at least one activation is needed.');
  config.variants.forEach((v, i) => {
    const spec = getActivation(v.activation);
    if (v.beta !== undefined) {
      if (spec.beta == null) throw new Error(`activation '${v.activation}' takes no β, but got β = ${v.beta}.`);
      if (typeof v.beta !== 'number' || !Number.isFinite(v.beta) || v.beta <= 0) {
        throw new Error(
            `${names[`beta:${i}`]?.name ?? `β of activation '${v.activation}'`} must be a finite number > 0, ` +
            `but got ${shown(`beta:${i}`, v.beta)}.`);
      }
    }
  });
}

/**
 * Validates a configuration (once) and lists its replica tasks. The plan is
 * plain data: {@link runExperiment} and the Node worker runner take it as is.
 *
 * ```js
 * const plan = tfSmeluRepro.planExperiment({
 *   variants: [{activation: 'relu'}, {activation: 'smelu', beta: 1}], replicas: 2, epochs: 1, batchSize: 32,
 *   learningRate: 1e-3, seed: 1, regime: {init: 'same', order: 'different'}, shuffle: 'batch', norm: 'none', topK: 10,
 * });
 * console.log(plan.tasks.length, plan.variants[1].label);  // 4 SmeLU β=1
 * ```
 * @throws Error naming the first bad setting (as `names` calls it) and its value.
 */
export function planExperiment(config: ExperimentConfig, names: SettingNames = {}): ExperimentPlan {
  validateExperimentConfig(config, names);
  const variants = config.variants.map((v) => {
    const spec = getActivation(v.activation);
    const beta = spec.beta == null ? null : (v.beta ?? spec.beta.default);
    return {activation: v.activation, beta, label: beta == null ? spec.label : `${spec.label} β=${beta}`};
  });
  const groups = config.groups ?? 1;
  const seeds = replicaGroupSeeds(groups, config.replicas, config.seed, config.regime);
  const tasks = variants.flatMap((_, variant) => seeds.map((s, replica) => ({
                                                             id: variant * seeds.length + replica,
                                                             variant,
                                                             replica,
                                                             group: s.group,
                                                             initSeed: s.initSeed,
                                                             orderSeed: s.orderSeed,
                                                             dataSeed: s.dataSeed,
                                                           })));
  return {
    config: {
      ...config,
      variants: config.variants.map((v) => ({...v})),
      regime: {...config.regime},
      normPlacement: config.normPlacement ?? 'before',
      bootstrapDraws: config.bootstrapDraws ?? DEFAULT_BOOTSTRAP_DRAWS,
      groups,
      interval: config.interval ?? 'bootstrap',
    },
    variants,
    tasks,
  };
}
