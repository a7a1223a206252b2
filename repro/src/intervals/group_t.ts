/**
 * The t-intervals over init groups: each group's means (groupMeans) and a
 * t-interval with G − 1 degrees of freedom over them, for the ratios to ReLU
 * either on the log of the ratio of means (groupTIntervals, the `group-t`
 * method) or over the groups' own log ratios (groupLogTIntervals,
 * `group-log-t`). The eval examples are not resampled: they cover what a
 * rerun with a new base seed changes, on the same eval set.
 */
import jStat from 'jstat';

import type {BlockSums, Interval, MeanIntervals, RatioIntervals} from './bootstrap';
import {replicaPairs, weightedMeans} from './bootstrap';

/** One activation's means in each init group. */
export interface GroupMeans {
  /** For each PD metric: [groups] the mean PD over the group's replica pairs and the eval examples. */
  pd: Record<string, number[]>;
  /** [groups] the mean eval loss over the group's replicas and the eval examples. */
  loss: number[];
}

/**
 * Each init group's mean PD (per metric) and mean eval loss, from one
 * activation's block sums (groups of consecutive replicas, `sums.groups` of
 * them; pairs within groups, as {@link replicaPairs} orders them). Every
 * group has the same number of pairs and replicas, so the mean of the group
 * means is the overall mean.
 *
 * ```js
 * // 2 groups of 2 replicas (pairs (0,1) and (2,3)), 1 block of 2 examples.
 * const sums = {pd: {m: Float64Array.from([0.2, 0.6])}, loss: Float64Array.from([1, 3, 2, 2]), groups: 2};
 * const g = groupMeans(sums, Int32Array.from([2]), 4);
 * console.log(g.pd.m, g.loss);  // [0.1, 0.3] [1, 1]
 * ```
 * @throws Error when the groups do not divide the replicas.
 */
export function groupMeans(sums: BlockSums, blockSizes: Int32Array, replicas: number): GroupMeans {
  const groups = sums.groups ?? 1;
  const pairs = replicaPairs(replicas, groups);
  const size = replicas / groups, pairsPerGroup = pairs.length / groups;
  const blocks = new Float64Array(blockSizes.length).fill(1);
  const metrics = [...Object.keys(sums.pd), ...Object.keys(sums.pairValues ?? {})];
  const out: GroupMeans = {pd: Object.fromEntries(metrics.map((m) => [m, []])), loss: []};
  for (let g = 0; g < groups; g++) {
    const replicaWeights = Float64Array.from({length: replicas}, (_, r) => (Math.floor(r / size) === g ? 1 : 0));
    const pairWeights = Float64Array.from(pairs, (_, p) => (Math.floor(p / pairsPerGroup) === g ? 1 : 0));
    const m = weightedMeans(sums, blockSizes, replicaWeights, blocks, pairWeights);
    for (const metric of metrics) out.pd[metric].push(m.pd[metric]);
    out.loss.push(m.loss);
  }
  return out;
}

/**
 * The two-sided `level` quantile of Student's t distribution with `df` degrees
 * of freedom: t such that P(|T| ≤ t) = level (jStat's inverse CDF).
 *
 * ```js
 * console.log(studentTCritical(7).toFixed(4));  // 2.3646
 * ```
 * @throws Error when df is not a number > 0 or level is not in (0, 1).
 */
export function studentTCritical(df: number, level = 0.95): number {
  if (!(typeof df === 'number' && df > 0 && Number.isFinite(df)))
    throw new Error(`studentTCritical: df must be a finite number > 0, but got ${df}.`);
  if (!(level > 0 && level < 1)) throw new Error(`studentTCritical: level must be in (0, 1), but got ${level}.`);
  return jStat.studentt.inv(1 - (1 - level) / 2, df);
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** x̄ ± t·s/√G over the values of G groups. */
function tInterval(values: readonly number[], t: number): Interval {
  const m = mean(values), g = values.length;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (g - 1));
  return {estimate: m, lo: m - t * sd / Math.sqrt(g), hi: m + t * sd / Math.sqrt(g)};
}

/**
 * The ratio of means Ā/B̄ over G paired groups with a delta-method t-interval
 * on its logarithm: log(Ā/B̄) ± t(G−1)·se, se² = Σ z_g² / (G(G − 1)), where
 * z_g = a_g/Ā − b_g/B̄ is the group's linearized log ratio; exponentiated.
 * Paired: group g of both activations shares its seeds, so what the groups
 * share cancels in z_g.
 */
function logRatioInterval(a: readonly number[], b: readonly number[], t: number): Interval {
  const ma = mean(a), mb = mean(b), g = a.length;
  const ratio = ma / mb;
  let ss = 0;
  for (let i = 0; i < g; i++) ss += (a[i] / ma - b[i] / mb) ** 2;
  const se = Math.sqrt(ss / (g * (g - 1)));
  if (!(ratio > 0 && Number.isFinite(se))) return {estimate: ratio, lo: NaN, hi: NaN};
  return {estimate: ratio, lo: ratio * Math.exp(-t * se), hi: ratio * Math.exp(t * se)};
}

/**
 * The geometric mean of the paired groups' ratios a_g/b_g with the t-interval
 * of their logarithms (t(G−1)·sd/√G), exponentiated. Unlike the delta method
 * on a ratio of means, one group far from the others moves it by its log, not
 * by its size, which matters where group PDs span orders of magnitude
 * (ReLU's within a batch, where some groups' replicas diverge). A group whose
 * ratio is 0, infinite or undefined (a PD of exactly 0: identical replicas)
 * has no logarithm: the estimate is then exp of the mean of the logs (0, ∞ or
 * NaN) and the bounds NaN.
 */
function meanLogRatioInterval(a: readonly number[], b: readonly number[], t: number): Interval {
  const logs = a.map((x, i) => Math.log(x / b[i]));
  const m = mean(logs);
  if (!logs.every(Number.isFinite)) return {estimate: Math.exp(m), lo: NaN, hi: NaN};
  const {lo, hi} = tInterval(logs, t);
  return {estimate: Math.exp(m), lo: Math.exp(lo), hi: Math.exp(hi)};
}

/** How a ratio interval is formed from two activations' paired group values. */
type RatioInterval = (a: readonly number[], b: readonly number[], t: number) => Interval;

function intervalsOverGroups(
    name: string, groups: GroupMeans[], options: {reference?: number, level?: number},
    ratioInterval: RatioInterval): {means: MeanIntervals[], ratios: (RatioIntervals|null)[]} {
  const g = groups[0]?.loss.length ?? 0;
  if (g < 2) throw new Error(`${name}: needs at least 2 init groups, but got ${g}.`);
  if (groups.some((x) => x.loss.length !== g))
    throw new Error(`${name}: every activation needs the same number of groups.`);
  const t = studentTCritical(g - 1, options.level ?? 0.95);
  const metrics = Object.keys(groups[0].pd);
  const means = groups.map((x) => ({
                             pd: Object.fromEntries(metrics.map((m) => [m, tInterval(x.pd[m], t)])),
                             loss: tInterval(x.loss, t),
                           }));
  const ref = options.reference;
  const ratios = groups.map((x) => {
    if (ref == null) return null;
    const loss = ratioInterval(x.loss, groups[ref].loss, t);
    const pct = (v: number) => 100 * (v - 1);
    return {
      pdRatio: Object.fromEntries(metrics.map((m) => [m, ratioInterval(x.pd[m], groups[ref].pd[m], t)])),
      lossChangePct: {estimate: pct(loss.estimate), lo: pct(loss.lo), hi: pct(loss.hi)},
    };
  });
  return {means, ratios};
}

/**
 * Intervals from the init groups' means (at least 2 groups), in the shape
 * {@link bootstrapIntervals} returns: each activation's mean PD and mean eval
 * loss with a t-interval over groups (mean ± t(G−1)·sd/√G), and, when
 * `reference` is given, its PD ratio and eval-loss change to the reference
 * activation with the delta-method t-interval of the log ratio of means
 * (G − 1 degrees of freedom; the loss change is 100·(ratio − 1)). The point
 * estimates are the plain ratios of the means, as in the bootstrap. The
 * `group-t` interval method.
 *
 * ```js
 * const relu = {pd: {m: [0.2, 0.3, 0.25]}, loss: [1, 1, 1]};
 * const other = {pd: {m: [0.1, 0.18, 0.14]}, loss: [1, 1, 1]};
 * const {ratios} = groupTIntervals([relu, other], {reference: 0});
 * console.log(ratios[1].pdRatio.m.estimate.toFixed(3));  // 0.560
 * ```
 * @throws Error when there are fewer than 2 groups, or the activations have different numbers of groups.
 */
export function groupTIntervals(groups: GroupMeans[], options: {reference?: number, level?: number} = {}):
    {means: MeanIntervals[], ratios: (RatioIntervals|null)[]} {
  return intervalsOverGroups('groupTIntervals', groups, options, logRatioInterval);
}

/**
 * Intervals from the init groups' means (at least 2 groups), as
 * {@link groupTIntervals} gives them, except the ratios to the reference
 * activation: the geometric mean of the G paired groups' ratios with the
 * t-interval of their logarithms (G − 1 degrees of freedom), exponentiated
 * (the loss change is 100·(ratio − 1)). The estimate is therefore a
 * geometric mean of group ratios, not the ratio of the means. A group with a
 * ratio of 0 or an undefined one (a PD of exactly 0) leaves the interval's
 * bounds NaN. The `group-log-t` interval method.
 *
 * ```js
 * const relu = {pd: {m: [0.2, 0.4]}, loss: [1, 1]};
 * const other = {pd: {m: [0.1, 0.4]}, loss: [1, 1]};
 * const {ratios} = groupLogTIntervals([relu, other], {reference: 0});
 * console.log(ratios[1].pdRatio.m.estimate.toFixed(4));  // 0.7071 (√(0.5 · 1))
 * ```
 * @throws Error when there are fewer than 2 groups, or the activations have different numbers of groups.
 */
export function groupLogTIntervals(groups: GroupMeans[], options: {reference?: number, level?: number} = {}):
    {means: MeanIntervals[], ratios: (RatioIntervals|null)[]} {
  return intervalsOverGroups('groupLogTIntervals', groups, options, meanLogRatioInterval);
}
