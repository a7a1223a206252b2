/**
 * Confidence intervals for PD ratios and loss changes: a paired two-level
 * percentile bootstrap over replicas and eval examples.
 *
 * What varies when the experiment is rerun with new seeds and new data is (1)
 * which replicas were trained (their data orders, and their initializations
 * where those differ) and (2) which examples the PD was measured on. Both are
 * resampled, jointly, in each draw:
 *
 * - **Replicas.** R replicas are drawn with replacement (the same draw for
 *   every activation, since replica r of every activation shares its seeds).
 *   Replicas, not pairs, are the units: the R(R−1)/2 pairs share replicas and
 *   are not independent. A pair (r, s) of distinct replicas counts c_r·c_s
 *   times (c = how often each was drawn); draws with fewer than 2 distinct
 *   replicas have no pair and are drawn again.
 * - **Eval examples.** The examples are split once into fixed random blocks
 *   (at most {@link DEFAULT_BOOTSTRAP_BLOCKS}); the blocks are drawn with
 *   replacement (the same draw for every activation and pair). With blocks of
 *   exchangeable examples this is the example bootstrap at a cost that does
 *   not grow with the eval set.
 *
 * Each draw gives every activation's mean PD and mean eval loss; the ratio to
 * ReLU's in the same draw is the statistic, and the 2.5 % and 97.5 %
 * quantiles (linear interpolation, "type 7") of the draws are the 95 %
 * interval. Everything is seeded: reruns give identical intervals.
 *
 * With independent init groups (G groups of r replicas, PD pairs within
 * groups) there are two bootstraps: {@link bootstrapPlan} with `groups`
 * resamples replicas within each group (stratified), and
 * {@link groupBootstrapPlan} resamples whole groups (the cluster bootstrap),
 * each jointly with the blocks of eval examples. The t-interval over groups is
 * in group_t.ts.
 *
 * A metric measured per replica pair rather than per eval example (the top-k
 * swap rate, a mean over users) rides along: its draws weigh the pairs the
 * same way, and the blocks of eval examples do not apply to it.
 */
import {seededPermutation, seededRandom} from '../training/random';

/**
 * Blocks of eval examples resampled by the bootstrap (fewer when there are fewer examples).
 *
 * ```js
 * console.log(DEFAULT_BOOTSTRAP_BLOCKS);  // 200
 * ```
 */
export const DEFAULT_BOOTSTRAP_BLOCKS = 200;

/** Which resampled units each bootstrap draw takes how often. */
export interface BootstrapPlan {
  /** For each draw, the weight of each replica in the mean eval loss ([replicas]: how often it was drawn). */
  readonly replicaCounts: Int32Array[];
  /** For each draw, how often each block of eval examples was drawn ([blocks] counts summing to blocks). */
  readonly blockCounts: Int32Array[];
  /**
   * For each draw, the weight of each replica pair ([pairs], in {@link replicaPairs} order). When absent, a
   * pair (r, s) weighs c_r·c_s with c = `replicaCounts` (replicas drawn with replacement).
   */
  readonly pairWeights?: Int32Array[];
}

/**
 * The replica pairs whose PD is measured: with `groups` init groups of `replicas / groups`
 * consecutive replicas each, every pair (r, s), r < s, within a group, group by group: (0,1),
 * (0,2), …, then the next group's. With one group (the default), every pair of replicas.
 *
 * ```js
 * console.log(JSON.stringify(replicaPairs(4, 2)));  // [[0,1],[2,3]]
 * ```
 * @throws Error when groups is not an integer ≥ 1 that divides replicas.
 */
export function replicaPairs(replicas: number, groups = 1): [number, number][] {
  if (!Number.isInteger(groups) || groups < 1 || !Number.isInteger(replicas) || replicas < 0 ||
      replicas % groups !== 0) {
    throw new Error(
        `replicaPairs: groups must be an integer ≥ 1 that divides replicas (${replicas}), but got ${groups}.`);
  }
  const size = replicas / groups;
  const pairs: [number, number][] = [];
  for (let g = 0; g < groups; g++) {
    for (let r = g * size; r < (g + 1) * size; r++)
      for (let s = r + 1; s < (g + 1) * size; s++) pairs.push([r, s]);
  }
  return pairs;
}

/**
 * The block of each eval example: a seeded permutation cut into `numBlocks`
 * near-equal parts (example i goes to block `position(i) mod numBlocks`).
 *
 * ```js
 * const blocks = exampleBlocks(10, 3, 1);
 * console.log(blocks.length);  // 10, values 0..2
 * ```
 * @throws Error when numBlocks is not an integer in 1..numExamples.
 */
export function exampleBlocks(numExamples: number, numBlocks: number, seed: number): Int32Array {
  if (!Number.isInteger(numBlocks) || numBlocks < 1 || numBlocks > numExamples) {
    throw new Error(`exampleBlocks: numBlocks must be an integer in 1..${numExamples}, but got ${numBlocks}.`);
  }
  const order = seededPermutation(numExamples, `bootstrap-blocks:${seed}`);
  const block = new Int32Array(numExamples);
  order.forEach((example, position) => {
    block[example] = position % numBlocks;
  });
  return block;
}

/** `n` draws with replacement from n units: how often each unit was drawn. */
function drawCounts(n: number, rng: () => number): Int32Array {
  const c = new Int32Array(n);
  for (let i = 0; i < n; i++) c[Math.floor(rng() * n)]++;
  return c;
}

function checkPlanOptions(where: string, checks: [string, number, number][]): void {
  for (const [name, v, min] of checks) {
    if (!Number.isInteger(v) || v < min)
      throw new Error(`${where}: ${name} must be an integer ≥ ${min}, but got ${v}.`);
  }
}

/**
 * Draws a seeded bootstrap plan: `draws` times, the replicas with replacement
 * and `blocks` blocks with replacement. With `groups` init groups (consecutive
 * replicas, `replicas / groups` each; default 1) the replicas are drawn within
 * each group (stratified), group by group, each group redrawn until at least 2
 * of its replicas are distinct, so every group keeps a pair. With one group
 * this is the plain replica bootstrap.
 *
 * ```js
 * const plan = bootstrapPlan({replicas: 4, blocks: 10, draws: 3, seed: 1});
 * console.log(plan.replicaCounts.length, Array.from(plan.replicaCounts[0]).reduce((a, b) => a + b));  // 3 4
 * ```
 * @throws Error when replicas / groups < 2, blocks < 1 or draws < 1 (integers), or groups does not divide replicas.
 */
export function bootstrapPlan(
    options: {replicas: number, blocks: number, draws: number, seed: number, groups?: number}): BootstrapPlan {
  const {replicas, blocks, draws, seed} = options;
  const groups = options.groups ?? 1;
  checkPlanOptions(
      'bootstrapPlan', [['replicas', replicas, 2], ['blocks', blocks, 1], ['draws', draws, 1], ['groups', groups, 1]]);
  if (replicas % groups !== 0 || replicas / groups < 2) {
    throw new Error(`bootstrapPlan: groups must divide replicas into groups of at least 2, but got ${
        groups} groups of ${replicas} replicas.`);
  }
  const size = replicas / groups;
  const rng = seededRandom(`bootstrap:${seed}`);
  const replicaCounts: Int32Array[] = [], blockCounts: Int32Array[] = [];
  for (let b = 0; b < draws; b++) {
    const c = new Int32Array(replicas);
    for (let g = 0; g < groups; g++) {
      let inGroup = drawCounts(size, rng);
      while (inGroup.filter((k) => k > 0).length < 2) inGroup = drawCounts(size, rng);
      c.set(inGroup, g * size);
    }
    replicaCounts.push(c);
    blockCounts.push(drawCounts(blocks, rng));
  }
  return {replicaCounts, blockCounts};
}

/**
 * Draws a seeded cluster-bootstrap plan over init groups: `draws` times, the
 * `groups` groups with replacement (a group drawn d times counts d times: each
 * of its replicas in the loss, each of its pairs in the PD; nothing inside a
 * group is resampled) and the `blocks` blocks of eval examples with replacement.
 * Replicas are consecutive, `replicasPerGroup` per group.
 *
 * ```js
 * const plan = groupBootstrapPlan({groups: 3, replicasPerGroup: 2, blocks: 10, draws: 5, seed: 1});
 * console.log(plan.pairWeights[0].length, plan.replicaCounts[0].length);  // 3 6
 * ```
 * @throws Error when groups < 2, replicasPerGroup < 2, blocks < 1 or draws < 1 (integers).
 */
export function groupBootstrapPlan(
    options: {groups: number, replicasPerGroup: number, blocks: number, draws: number, seed: number}):
    Required<BootstrapPlan> {
  const {groups, replicasPerGroup: size, blocks, draws, seed} = options;
  checkPlanOptions(
      'groupBootstrapPlan',
      [['groups', groups, 2], ['replicasPerGroup', size, 2], ['blocks', blocks, 1], ['draws', draws, 1]]);
  const pairsPerGroup = size * (size - 1) / 2;
  const rng = seededRandom(`group-bootstrap:${seed}`);
  const replicaCounts: Int32Array[] = [], blockCounts: Int32Array[] = [], pairWeights: Int32Array[] = [];
  for (let b = 0; b < draws; b++) {
    const d = drawCounts(groups, rng);
    const replicaWeights = new Int32Array(groups * size), pairs = new Int32Array(groups * pairsPerGroup);
    d.forEach((count, g) => {
      replicaWeights.fill(count, g * size, (g + 1) * size);
      pairs.fill(count, g * pairsPerGroup, (g + 1) * pairsPerGroup);
    });
    replicaCounts.push(replicaWeights);
    pairWeights.push(pairs);
    blockCounts.push(drawCounts(blocks, rng));
  }
  return {replicaCounts, blockCounts, pairWeights};
}

/**
 * Per-block sums of one activation's per-example values, the bootstrap's input.
 * Pairs are in {@link replicaPairs} order: (0,1), (0,2), …, (R−2,R−1) with one
 * group; the pairs within each group, group by group, with several.
 */
export interface BlockSums {
  /** For each per-example PD metric: [pairs × blocks] sums of the per-example PD of each replica pair. */
  readonly pd: Record<string, Float64Array>;
  /**
   * For each per-pair PD metric (a value per replica pair, not a mean over eval examples): [pairs] the values.
   * Their means weigh pairs as the per-example metrics do; blocks of eval examples do not apply to them.
   */
  readonly pairValues?: Record<string, Float64Array>;
  /** [replicas × blocks] sums of each replica's per-example eval loss. */
  readonly loss: Float64Array;
  /** Init groups the replicas form (consecutive, equal sizes; default 1): PD pairs lie within groups. */
  readonly groups?: number;
}

/**
 * Sums per-example values into blocks: `values` is [rows × n] (row-major),
 * the result [rows × numBlocks].
 *
 * ```js
 * const sums = blockSums(new Float64Array([1, 2, 3]), 1, new Int32Array([0, 1, 0]), 2);
 * console.log(Array.from(sums));  // [4, 2]
 * ```
 */
export function blockSums(values: ArrayLike<number>, rows: number, block: Int32Array, numBlocks: number): Float64Array {
  const n = block.length;
  if (values.length !== rows * n)
    throw new Error(`blockSums: ${values.length} values do not fit ${rows} rows of ${n}.`);
  const out = new Float64Array(rows * numBlocks);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < n; i++) out[r * numBlocks + block[i]] += values[r * n + i];
  }
  return out;
}

/**
 * The experiment's means under one set of weights: each activation's mean PD
 * (per metric) over its replica pairs weighted c_r·c_s (or `pairWeights`, in
 * {@link replicaPairs} order, when given) and over blocks weighted w_k (per
 * example), and its mean eval loss over replicas weighted c_r. With all
 * weights 1 these are the plain means (the point estimates).
 *
 * ```js
 * // not run: a fragment; see bootstrapIntervals
 * const {pd, loss} = weightedMeans(sums, blockSizes, replicaWeights, blockWeights);
 * ```
 */
export function weightedMeans(
    sums: BlockSums, blockSizes: Int32Array, replicaWeights: ArrayLike<number>, blockWeights: ArrayLike<number>,
    pairWeights?: ArrayLike<number>): {pd: Record<string, number>, loss: number} {
  const numBlocks = blockSizes.length, replicas = replicaWeights.length;
  const pairs = replicaPairs(replicas, sums.groups ?? 1);
  let examples = 0;
  for (let k = 0; k < numBlocks; k++) examples += blockWeights[k] * blockSizes[k];
  const weighted = (rowSums: Float64Array, row: number) => {
    let s = 0;
    for (let k = 0; k < numBlocks; k++) s += blockWeights[k] * rowSums[row * numBlocks + k];
    return s;
  };
  const pairWeight = (p: number) =>
      (pairWeights != null ? pairWeights[p] : replicaWeights[pairs[p][0]] * replicaWeights[pairs[p][1]]);
  const pd: Record<string, number> = {};
  for (const [metric, rowSums] of Object.entries(sums.pd)) {
    let total = 0, pairTotal = 0;
    for (let p = 0; p < pairs.length; p++) {
      const w = pairWeight(p);
      if (w === 0) continue;
      total += w * weighted(rowSums, p);
      pairTotal += w;
    }
    pd[metric] = total / (pairTotal * examples);
  }
  for (const [metric, values] of Object.entries(sums.pairValues ?? {})) {
    let total = 0, pairTotal = 0;
    for (let p = 0; p < pairs.length; p++) {
      const w = pairWeight(p);
      if (w === 0) continue;
      total += w * values[p];
      pairTotal += w;
    }
    pd[metric] = total / pairTotal;
  }
  let lossTotal = 0, replicaTotal = 0;
  for (let r = 0; r < replicas; r++) {
    if (replicaWeights[r] === 0) continue;
    lossTotal += replicaWeights[r] * weighted(sums.loss, r);
    replicaTotal += replicaWeights[r];
  }
  return {pd, loss: lossTotal / (replicaTotal * examples)};
}

/**
 * The q-quantile of sorted values with linear interpolation between order
 * statistics (Hyndman & Fan type 7, numpy's default).
 *
 * ```js
 * console.log(quantileSorted([1, 2, 3, 4], 0.5));  // 2.5
 * ```
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** A point estimate with its confidence interval. */
export interface Interval {
  estimate: number;
  lo: number;
  hi: number;
}

/** Intervals of one activation relative to the reference activation (ReLU). */
export interface RatioIntervals {
  /** Mean PD / the reference's mean PD, per metric. */
  pdRatio: Record<string, Interval>;
  /** 100 · (eval loss − the reference's) / the reference's. */
  lossChangePct: Interval;
}

/** Intervals of one activation's own means. */
export interface MeanIntervals {
  /** Mean PD per metric. */
  pd: Record<string, Interval>;
  /** Mean eval loss. */
  loss: Interval;
}

/**
 * Runs the bootstrap plan over every activation's block sums and returns, per
 * activation, the intervals of its own means and (when `reference` is given)
 * of its ratios to the reference activation, all at the given level
 * (default 0.95, percentile method).
 *
 * ```js
 * // not run: a fragment; `sums` (one BlockSums per activation) comes from blockSums
 * const plan = bootstrapPlan({replicas: 4, blocks: 200, draws: 2000, seed: 1});
 * const {means, ratios} = bootstrapIntervals(sums, blockSizes, plan, {reference: 0});
 * console.log(ratios[1].pdRatio.relativePD);  // {estimate, lo, hi}
 * ```
 */
export function bootstrapIntervals(
    sums: BlockSums[], blockSizes: Int32Array, plan: BootstrapPlan,
    options: {reference?: number, level?: number} = {}): {means: MeanIntervals[], ratios: (RatioIntervals|null)[]} {
  const level = options.level ?? 0.95;
  const ref = options.reference;
  const replicas = plan.replicaCounts[0]?.length ?? 0;
  const ones = (n: number) => new Float64Array(n).fill(1);
  const point = sums.map((s) => weightedMeans(s, blockSizes, ones(replicas), ones(blockSizes.length)));
  const metrics = sums.length === 0 ? [] : [...Object.keys(sums[0].pd), ...Object.keys(sums[0].pairValues ?? {})];
  // draws[activation][statistic] = values over draws; statistics: pd:<m>, loss, ratio:<m>, loss%.
  const draws = sums.map(() => new Map<string, number[]>());
  const push = (a: number, key: string, v: number) => {
    const list = draws[a].get(key);
    if (list == null)
      draws[a].set(key, [v]);
    else
      list.push(v);
  };
  plan.replicaCounts.forEach((c, b) => {
    const means = sums.map((s) => weightedMeans(s, blockSizes, c, plan.blockCounts[b], plan.pairWeights?.[b]));
    means.forEach((m, a) => {
      for (const metric of metrics) push(a, `pd:${metric}`, m.pd[metric]);
      push(a, 'loss', m.loss);
      if (ref != null) {
        for (const metric of metrics) push(a, `ratio:${metric}`, m.pd[metric] / means[ref].pd[metric]);
        push(a, 'loss%', 100 * (m.loss - means[ref].loss) / means[ref].loss);
      }
    });
  });
  const interval = (a: number, key: string, estimate: number): Interval => {
    const values = (draws[a].get(key) ?? []).filter((v) => Number.isFinite(v)).sort((x, y) => x - y);
    if (!Number.isFinite(estimate) || values.length === 0) return {estimate, lo: NaN, hi: NaN};
    return {estimate, lo: quantileSorted(values, (1 - level) / 2), hi: quantileSorted(values, 1 - (1 - level) / 2)};
  };
  const means = point.map((p, a) => ({
                            pd: Object.fromEntries(metrics.map((m) => [m, interval(a, `pd:${m}`, p.pd[m])])),
                            loss: interval(a, 'loss', p.loss),
                          }));
  const ratios = point.map(
      (p, a) => (ref == null ? null : {
        pdRatio: Object.fromEntries(metrics.map((m) => [m, interval(a, `ratio:${m}`, p.pd[m] / point[ref].pd[m])])),
        lossChangePct: interval(a, 'loss%', 100 * (p.loss - point[ref].loss) / point[ref].loss),
      }));
  return {means, ratios};
}
