/**
 * PD metrics: how much two replicas' predictions differ. The registry
 * (registry.ts) names every metric the experiment measures, what it applies
 * to, its per-example (or per-pair) function and how the results show it;
 * the host terms behind it (example_pd.ts, float64); the same metrics on
 * tensors for your own code (tensor_pd.ts); statistics over pairs
 * (pairwise_stats.ts); and the quality of one replica (quality.ts: accuracy,
 * AUC, R², MSE, MAE, RMSE).
 *
 * In: two replicas' eval outputs. Out: per-example or per-pair values, which
 * the experiment aggregates and the intervals resample.
 */
export {pairwiseStats} from './pairwise_stats';
export type {PairwiseStats} from './pairwise_stats';
export {PD_METRICS} from './registry';
export type {
  DefinitionContext,
  MetricDisplay,
  MetricScope,
  OutputKind,
  PDContext,
  PDMetric,
  PDMetricDefinition,
  PDOutputs,
} from './registry';
export {absolutePD, halfL1Distance, RELATIVE_PD_EPSILON, relativePD, top1Disagreement, topKSwapRate} from './tensor_pd';
