/**
 * The interval methods of an experiment and, for each, what its intervals
 * resampled (see the folder's index.ts for the three methods).
 */

/**
 * How an experiment's 95 % intervals are computed: `bootstrap`, `group-bootstrap`, `group-t` or `group-log-t` (see
 * the folder's index.ts).
 */
export type IntervalMethod = 'bootstrap'|'group-bootstrap'|'group-t'|'group-log-t';

/**
 * The interval methods, for argument checks.
 *
 * ```js
 * console.log(INTERVAL_METHODS);  // ['bootstrap', 'group-bootstrap', 'group-t', 'group-log-t']
 * ```
 */
export const INTERVAL_METHODS: readonly IntervalMethod[] = ['bootstrap', 'group-bootstrap', 'group-t', 'group-log-t'];

/**
 * A method's intervals in a few words, for plot titles, captions and the printed verdict.
 *
 * ```js
 * console.log(intervalWords('group-log-t', 4));
 * // t-intervals over 4 init groups (group-log-t: ratios are geometric means)
 * ```
 */
export function intervalWords(method: IntervalMethod, groups: number): string {
  return method === 'group-t' ? `t-intervals over ${groups} init groups (group-t: ratios of means)` :
      method === 'group-log-t' ? `t-intervals over ${groups} init groups (group-log-t: ratios are geometric means)` :
      method === 'group-bootstrap' ? `group-bootstrap intervals (${groups} init groups)` :
                                     'bootstrap intervals';
}

/** What a method's intervals resampled, in words (results.json's `bootstrap.resampled`, the report, the CLI). */
export function resampledText(method: IntervalMethod, groups: number, replicasPerGroup: number): string {
  const blocks = 'eval examples (in fixed random blocks, the same draw for every activation and pair)';
  const df = `${groups - 1} degree${groups - 1 === 1 ? '' : 's'} of freedom`;
  if (method === 'group-log-t') {
    return `nothing (a t-interval over the ${groups} init groups' means, ${df}; ratios: the geometric mean of the ` +
        'groups\' own ratios, t-interval of their logs, paired by group)';
  }
  if (method === 'group-t') {
    return `nothing (a t-interval over the ${groups} init groups' means, ${df}; ratios: delta method on the log of ` +
        'the ratio of means, paired by group)';
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
