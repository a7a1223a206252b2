/**
 * Aggregation: the replicas' outputs turned into the results, on the host
 * (float64, no tensors), so that where the replicas were trained does not
 * matter. Every PD metric of the registry that applies, over every replica
 * pair (within init groups); each group's means; the intervals of every
 * applicable method; the quality metrics; the verdict.
 */
import {
  BlockSums,
  blockSums,
  bootstrapIntervals,
  bootstrapPlan,
  DEFAULT_BOOTSTRAP_BLOCKS,
  exampleBlocks,
  groupBootstrapPlan,
  MeanIntervals,
  RatioIntervals,
  replicaPairs,
} from '../intervals/bootstrap';
import {groupLogTIntervals, GroupMeans, groupMeans, groupTIntervals} from '../intervals/group_t';
import {coversPairs, IntervalMethod, resampledText} from '../intervals/methods';
import {regressionScale} from '../metrics/example_pd';
import {PairwiseStats, summarize} from '../metrics/pairwise_stats';
import {qualityMetric} from '../metrics/quality';
import {
  displayedMetrics,
  metricColumn,
  PD_METRICS,
  PDContext,
  PDMetric,
  pdMetric,
  pdMetricsFor,
} from '../metrics/registry';
import {deriveSeed} from '../training/random';
import type {ExperimentPlan, ExperimentResult, ReplicaOutput, VariantResult, WorkloadInfo} from './types';
import {comparisonVerdict, MetricComparison, metricVerdict, overallVerdict} from './verdict';

/** The intervals of one method for every variant. */
type MethodIntervals = {
  means: MeanIntervals[],
  ratios: (RatioIntervals|null)[]
};

/**
 * Turns the replicas' outputs into the results: loss, AUC/accuracy, every PD
 * metric over every pair (within init groups), each group's means, the
 * intervals of every applicable method (bootstrap; with 2 or more groups also
 * the group bootstrap and the t-interval over groups) of each activation's PD
 * and loss and of their ratios to ReLU, and the verdict from the configured
 * method's intervals. Host arithmetic only (float64, no tensors), so where the
 * replicas were trained does not matter.
 *
 * ```js
 * // not run: a fragment; `info`, `plan` and `outputs` come from describeWorkload, planExperiment, trainReplica
 * const run = {backend: 'cpu', startedAt: new Date(), seconds: 12};
 * const result = tfSmeluRepro.aggregateExperiment(info, plan, outputs, run);
 * ```
 * @throws Error when an output is missing or does not fit the workload.
 */
export function aggregateExperiment(
    info: WorkloadInfo, plan: ExperimentPlan, outputs: ReplicaOutput[],
    run: {backend: string, startedAt: Date, seconds: number, details?: Record<string, unknown>}): ExperimentResult {
  const {config} = plan;
  const G = config.groups ?? 1, perGroup = config.replicas;
  const R = G * perGroup;  // replicas per variant
  const n = info.numEval, C = info.numClasses;
  const byTask = new Map(outputs.map((o) => [o.task.id, o]));
  const replicasOf = (variant: number) => Array.from({length: R}, (_, r) => {
    const o = byTask.get(variant * R + r);
    if (o == null) {
      throw new Error(`aggregateExperiment: no output for ${plan.variants[variant].label} replica ${r + 1}.`);
    }
    if (o.probabilities.length !== n * C || o.exampleLosses.length !== n) {
      throw new Error(
          `aggregateExperiment: ${plan.variants[variant].label} replica ${r + 1} has ` +
          `${o.probabilities.length} probabilities and ${o.exampleLosses.length} losses ` +
          `for ${n} eval examples × ${C}.`);
    }
    return o;
  });
  const metrics = pdMetricsFor(info.kind, info.ranking != null);
  const primaryMetric = metrics[0];
  const scale = info.kind === 'regression' ? regressionScale(info.evalLabels) : null;
  const context: PDContext = {
    kind: info.kind,
    numClasses: C,
    evalLabels: info.evalLabels,
    regressionScale: scale,
    ranking: info.ranking == null ? null : {
      users: info.ranking.users,
      candidates: info.ranking.candidates,
      k: Math.min(config.topK, info.ranking.candidates),
    },
  };
  // Titles name the configured k, as the table does.
  const titles: PDContext = {
    ...context,
    ranking: context.ranking &&
        {
          ...context.ranking, k: config.topK
        }
  };
  const pairs = replicaPairs(R, G);
  const numBlocks = Math.min(DEFAULT_BOOTSTRAP_BLOCKS, n);
  const bootstrapSeed = deriveSeed(config.seed, 'bootstrap');
  const block = exampleBlocks(n, numBlocks, bootstrapSeed);
  const blockSizes = new Int32Array(numBlocks);
  for (const b of block) blockSizes[b]++;

  const sums: BlockSums[] = [];
  const sumsGroupMeans: GroupMeans[] = [];
  const partial = plan.variants.map((v, variantIndex) => {
    const reps = replicasOf(variantIndex);
    const stats: Partial<Record<PDMetric, PairwiseStats>> = {};
    const pd: Record<string, Float64Array> = {};
    const pairValues: Record<string, Float64Array> = {};
    for (const metric of metrics) {
      const {perExample, perPair} = pdMetric(metric);
      if (perExample != null) {
        const values = new Float64Array(pairs.length * n);
        stats[metric] = summarize(pairs.map(([r, s], p) => {
          const d = perExample(reps[r], reps[s], context);
          values.set(d, p * n);
          return d.reduce((a, b) => a + b, 0) / n;
        }));
        pd[metric] = blockSums(values, pairs.length, block, numBlocks);
      } else if (perPair != null) {
        stats[metric] = summarize(pairs.map(([r, s]) => perPair(reps[r], reps[s], context)));
        pairValues[metric] = Float64Array.from(stats[metric]!.values);
      }
    }
    const lossValues = new Float64Array(R * n);
    reps.forEach((o, r) => lossValues.set(o.exampleLosses, r * n));
    const variantSums: BlockSums = {pd, pairValues, loss: blockSums(lossValues, R, block, numBlocks), groups: G};
    sums.push(variantSums);
    sumsGroupMeans.push(groupMeans(variantSums, blockSizes, R));
    const quality = (name: 'accuracy'|'auc'|'r2') =>
        summarize(reps.map((o) => qualityMetric(name, o.probabilities, info.evalLabels, C)));
    return {
      activation: v.activation,
      label: v.label,
      beta: v.beta,
      evalLoss: summarize(reps.map((o) => o.evalLoss)),
      ...(info.kind === 'regression' ? {r2: quality('r2')} : {accuracy: quality('accuracy')}),
      ...(info.kind === 'binary' ? {auc: quality('auc')} : {}),
      ...stats,
      groupMeans: sumsGroupMeans[variantIndex],
      seconds: reps.reduce((a, o) => a + o.seconds, 0),
    };
  });

  const reluIndex = plan.variants.findIndex((v) => v.activation === 'relu');
  const reference = reluIndex >= 0 ? {reference: reluIndex} : {};
  const draws = config.bootstrapDraws;
  const byMethod: Partial<Record<IntervalMethod, MethodIntervals>> = {
    'bootstrap': bootstrapIntervals(
        sums, blockSizes, bootstrapPlan({replicas: R, groups: G, blocks: numBlocks, draws, seed: bootstrapSeed}),
        reference),
  };
  if (G >= 2) {
    const groupPlan =
        groupBootstrapPlan({groups: G, replicasPerGroup: perGroup, blocks: numBlocks, draws, seed: bootstrapSeed});
    byMethod['group-bootstrap'] = bootstrapIntervals(sums, blockSizes, groupPlan, reference);
    byMethod['group-t'] = groupTIntervals(sumsGroupMeans, reference);
    byMethod['group-log-t'] = groupLogTIntervals(sumsGroupMeans, reference);
  }
  const perPairMetrics = metrics.filter((m) => pdMetric(m).perPair != null);
  for (const [method, intervals] of Object.entries(byMethod) as [IntervalMethod, MethodIntervals][]) {
    if (!coversPairs(method, perGroup)) withoutIntervals(intervals, perPairMetrics);
  }
  const method = config.interval ?? 'bootstrap';
  const selected = byMethod[method]!;
  const withIntervals = displayedMetrics(metrics, info.kind).filter((m) => pdMetric(m).display?.show === 'interval');
  const variants: VariantResult[] = partial.map((p, i) => {
    const ratios = selected.ratios[i];
    const compared = ratios != null && i !== reluIndex;
    const byMetric: Partial<Record<PDMetric, MetricComparison>> = {};
    if (compared) {
      for (const m of withIntervals) {
        byMetric[m] = metricVerdict(
            p.label, m, metricColumn(m, titles), ratios.pdRatio[m], {pairsResampled: coversPairs(method, perGroup)});
      }
    }
    return {
      ...p,
      pd: selected.means[i].pd[primaryMetric],
      loss: selected.means[i].loss,
      lossChangeVsReluPct: ratios == null ? null : ratios.lossChangePct.estimate,
      relativePDRatioVsRelu: ratios == null ? null : ratios.pdRatio.relativePD.estimate,
      vsRelu: compared ? comparisonVerdict(p.label, primaryMetric, ratios, perGroup, {groups: G, method}) : null,
      ...(withIntervals.length > 0 ? {vsReluByMetric: byMetric} : {}),
      intervals:
          Object.fromEntries(Object.entries(byMethod).map(([m, x]) => [m, {means: x.means[i], vsRelu: x.ratios[i]}])),
    };
  });
  return {
    workload: {
      name: info.name,
      description: info.description,
      source: info.source,
      kind: info.kind,
      ...(info.settings != null ? {settings: info.settings} : {})
    },
    config,
    primaryMetric,
    backend: run.backend,
    startedAt: run.startedAt.toISOString(),
    seconds: run.seconds,
    bootstrap: {
      draws,
      blocks: numBlocks,
      level: 0.95,
      seed: bootstrapSeed,
      resampled: resampledText(method, G, perGroup),
    },
    interval: {method, level: 0.95},
    layout: {groups: G, replicasPerGroup: perGroup, pairs},
    variants,
    verdict: overallVerdict(variants, reluIndex >= 0 ? variants[reluIndex] : null, PD_METRICS[primaryMetric].label),
    ...(scale != null ? {regression: {scale}} : {}),
    ...(run.details != null ? {run: run.details} : {}),
  };
}

/**
 * Removes the intervals of `metrics` (per-pair metrics) where the method resampled nothing they vary with: the
 * estimates stay, `lo` and `hi` become NaN.
 */
function withoutIntervals(intervals: MethodIntervals, metrics: readonly PDMetric[]): void {
  const blank = (x: {estimate: number}) => ({estimate: x.estimate, lo: NaN, hi: NaN});
  for (const m of metrics) {
    for (const means of intervals.means)
      if (means.pd[m] != null) means.pd[m] = blank(means.pd[m]);
    for (const ratios of intervals.ratios)
      if (ratios?.pdRatio[m] != null) ratios.pdRatio[m] = blank(ratios.pdRatio[m]);
  }
}
