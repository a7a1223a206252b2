/**
 * The interval methods of an experiment and, for each, what its intervals
 * resampled (see the folder's index.ts for the three methods).
 */

/** How an experiment's 95 % intervals are computed: `bootstrap`, `group-bootstrap` or `group-t`. */
export type IntervalMethod = 'bootstrap'|'group-bootstrap'|'group-t';

/**
 * The interval methods, for argument checks.
 *
 * ```js
 * console.log(INTERVAL_METHODS);  // ['bootstrap', 'group-bootstrap', 'group-t']
 * ```
 */
export const INTERVAL_METHODS: readonly IntervalMethod[] = ['bootstrap', 'group-bootstrap', 'group-t'];

/** What a method's intervals resampled, in words (results.json's `bootstrap.resampled`, the report, the CLI). */
export function resampledText(method: IntervalMethod, groups: number, replicasPerGroup: number): string {
  const blocks = 'eval examples (in fixed random blocks, the same draw for every activation and pair)';
  if (method === 'group-t') {
    return `nothing: a t-interval over the ${groups} init groups' means (${groups - 1} degrees of freedom; ` +
        'ratios: delta method on the log of the ratio of means, paired by group)';
  }
  if (method === 'group-bootstrap') {
    return `init groups (with replacement, each drawn group with all its ${replicasPerGroup} replicas and their ` +
        `pairs, the same draw for every activation) and ${blocks}, jointly in each draw`;
  }
  if (replicasPerGroup < 3) {
    return `eval examples only (in fixed random blocks): with 2 replicas${groups > 1 ? ' per group' : ''} there is a ` +
        `single pair${groups > 1 ? ' in each group' : ''}, so replica-to-replica variation is not covered`;
  }
  return groups > 1 ?
      `replicas within each of the ${groups} init groups (with replacement, the same draw for every activation) and ` +
          `${blocks}, jointly in each draw` :
      'replicas (with replacement, the same draw for every activation) and eval examples (in fixed random blocks, the ' +
          'same draw for every activation and pair), jointly in each draw';
}

/**
 * Whether a method's intervals of a per-pair metric (one value per replica pair, such as the top-k swap rate)
 * resample anything: not for `bootstrap` with 2 replicas per group, whose draws always hold the one pair.
 */
export function coversPairs(method: IntervalMethod, replicasPerGroup: number): boolean {
  return method !== 'bootstrap' || replicasPerGroup >= 3;
}
