/**
 * The seeds of replicas: which of them differ between replicas (the regime),
 * and independent init groups, all derived from one base seed.
 */
import {describeValue} from '../../../src/validate';
import {deriveSeed} from './random';

/** Whether a seed is shared by every replica (`same`) or drawn per replica (`different`). */
export type SeedRegime = 'same'|'different';

/** The seed regimes, for argument checks. */
export const SEED_REGIMES: readonly SeedRegime[] = ['same', 'different'];

/** Which seeds differ between replicas. */
export interface ReplicaRegime {
  /** `same`: every replica starts from the same weights; `different`: one init seed per replica. */
  init: SeedRegime;
  /** `same`: every replica sees the same batch order; `different`: one order seed per replica. */
  order: SeedRegime;
}

/** The seeds of one replica. */
export interface ReplicaSeeds {
  initSeed: number;
  orderSeed: number;
}

/**
 * Seeds of N replicas under a regime, derived from one base seed.
 *
 * ```js
 * replicaSeeds(3, 42, {init: 'same', order: 'different'});
 * // [{initSeed: a, orderSeed: b0}, {initSeed: a, orderSeed: b1}, {initSeed: a, orderSeed: b2}]
 * ```
 */
export function replicaSeeds(n: number, baseSeed: number, regime: ReplicaRegime): ReplicaSeeds[] {
  return Array.from({length: n}, (_, r) => ({
                                   initSeed: deriveSeed(baseSeed, 'init', regime.init === 'same' ? 0 : r),
                                   orderSeed: deriveSeed(baseSeed, 'order', regime.order === 'same' ? 0 : r),
                                 }));
}

/** The seeds of one replica of an init group (see {@link replicaGroupSeeds}). */
export interface GroupedReplicaSeeds extends ReplicaSeeds {
  /** The init group, 0..groups−1. */
  group: number;
  /** Seeds the group's base order (`dataSeed` of {@link epochOrder}): the group's base seed. */
  dataSeed: number;
}

/**
 * The base seed of init group `group` of a run with base seed `baseSeed`: the base seed
 * itself for group 0, so that a run with one group is the run it always was, and
 * `deriveSeed(baseSeed, 'group', group)` for the others.
 *
 * ```js
 * console.log(initGroupSeed(7, 0));  // 7
 * console.log(initGroupSeed(7, 1) === tfSmeluRepro.deriveSeed(7, 'group', 1));  // true
 * ```
 * @throws Error when group is not an integer ≥ 0.
 */
export function initGroupSeed(baseSeed: number, group: number): number {
  if (!Number.isInteger(group) || group < 0)
    throw new Error(`initGroupSeed: group must be an integer ≥ 0, but got ${describeValue(group)}.`);
  return group === 0 ? baseSeed : deriveSeed(baseSeed, 'group', group);
}

/**
 * Seeds of `groups` independent init groups of `replicasPerGroup` replicas each, in
 * group order. Group g is a run of its own with base seed `initGroupSeed(baseSeed, g)`:
 * its replicas' seeds are {@link replicaSeeds} of that base seed (so under `init: 'same'`
 * they share one initialization, the group's own), and its base order (`dataSeed`) is
 * that base seed too. With one group this is `replicaSeeds(replicasPerGroup, baseSeed,
 * regime)` with `dataSeed = baseSeed`: the seeds every run had before groups existed.
 *
 * ```js
 * const seeds = replicaGroupSeeds(2, 2, 42, {init: 'same', order: 'different'});
 * console.log(seeds.map((s) => s.group));  // [0, 0, 1, 1]
 * console.log(seeds[0].initSeed === seeds[1].initSeed, seeds[1].initSeed === seeds[2].initSeed);  // true false
 * ```
 * @throws Error when groups or replicasPerGroup is not an integer ≥ 1.
 */
export function replicaGroupSeeds(
    groups: number, replicasPerGroup: number, baseSeed: number, regime: ReplicaRegime): GroupedReplicaSeeds[] {
  for (const [name, v] of [['groups', groups], ['replicasPerGroup', replicasPerGroup]] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new Error(`replicaGroupSeeds: ${name} must be an integer ≥ 1, but got ${describeValue(v)}.`);
  }
  return Array
      .from(
          {length: groups},
          (_, group) => {
            const dataSeed = initGroupSeed(baseSeed, group);
            return replicaSeeds(replicasPerGroup, dataSeed, regime).map((s) => ({group, dataSeed, ...s}));
          })
      .flat();
}
