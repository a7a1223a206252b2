/**
 * Intervals: how sure a run is of each PD, its eval loss, and their ratios
 * to ReLU.
 *
 * A run's intervals should cover what would change if the whole experiment
 * were rerun with a new base seed. The base seed picks the replicas' shared
 * initialization and base order, so one run with one shared initialization
 * cannot see that part of the variation. Independent init groups (G groups,
 * each with its own shared initialization and base order, PD pairs within
 * groups) can: each group is a small run of its own, and the spread of the
 * group means estimates the run-to-run spread. Four methods (methods.ts),
 * computed from the same outputs:
 *
 * - `bootstrap`: replicas (within each group) and blocks of eval examples
 *   resampled jointly (bootstrap.ts; with one group, the toolkit's original
 *   interval);
 * - `group-bootstrap`: whole groups and blocks of eval examples resampled
 *   jointly (the cluster bootstrap; bootstrap.ts's groupBootstrapPlan);
 * - `group-t`: a t-interval with G − 1 degrees of freedom over the group
 *   means, ratios by the delta method on the log of the ratio of means
 *   (group_t.ts). The eval examples are not resampled: it covers what a
 *   rerun with a new base seed changes, on the same eval set;
 * - `group-log-t`: the same over the groups' own log ratios, whose estimate
 *   is the geometric mean of the groups' ratios (group_t.ts): robust to
 *   group PDs that span orders of magnitude.
 *
 * Which of them covers as a 95 % interval should is an empirical question,
 * measured over runs with different base seeds (tools/study/summarize.py
 * coverage).
 *
 * In: each variant's per-example values (per-pair values for metrics such as
 * the top-k swap rate) summed in blocks of eval examples. Out: 95 % intervals
 * of the means and of the ratios to ReLU.
 */
export type {Interval, MeanIntervals, RatioIntervals} from './bootstrap';
export type {GroupMeans} from './group_t';
export type {IntervalMethod} from './methods';
