/**
 * The replica jobs of a run, in one fixed order, and the share of them one
 * shard runs. A run is one plan (a single regime, `compare`) or several (the
 * shuffling dial: one plan per window); its jobs are every task of every plan,
 * plan by plan, each plan's tasks in their order (variant by variant, replica
 * by replica). Shard K of N (K from 1) runs the jobs whose position i in that
 * list has i mod N = K − 1: a deterministic share, the same on every machine,
 * with every variant and window spread over the shards.
 */
import type {ExperimentPlan, ReplicaOutput, ReplicaTask} from './types';

/** Task `task` of `plans[plan]`. */
export interface ReplicaJob {
  plan: number;
  task: ReplicaTask;
}

/** Shard `index` of `count` (`index` from 1, as on the command line: `--shard 2/4`). */
export interface Shard {
  index: number;
  count: number;
}

/** Every job of a run over `plans`, in the run's fixed order (plan by plan, each plan's tasks in order). */
export function replicaJobs(plans: readonly ExperimentPlan[]): ReplicaJob[] {
  return plans.flatMap((plan, p) => plan.tasks.map((task) => ({plan: p, task})));
}

/**
 * Reads `K/N` (shard K of N, K from 1). `name` is how messages call the setting (the commands say `--shard`).
 *
 * ```js
 * console.log(parseShard('2/4'));  // {index: 2, count: 4}
 * ```
 * @throws Error in one line naming the setting and the value: not `K/N` with integers, N < 1, K outside 1..N.
 */
export function parseShard(text: string, name = 'shard'): Shard {
  const m = /^\s*([0-9]+)\s*\/\s*([0-9]+)\s*$/.exec(text);
  if (m == null) throw new Error(`${name} must be K/N with integers 1 ≤ K ≤ N (shard K of N), but got '${text}'.`);
  const index = Number(m[1]), count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1)
    throw new Error(`${name} '${text}': the number of shards N must be an integer ≥ 1, but got ${m[2]}.`);
  if (!Number.isSafeInteger(index) || index < 1 || index > count) {
    throw new Error(
        `${name} '${text}': the shard K must be between 1 and N = ${count} (K counts from 1), but got ${m[1]}.`);
  }
  return {index, count};
}

/**
 * The positions (in the run's job list of `total` jobs) that shard `shard` runs: i with i mod N = K − 1.
 *
 * ```js
 * console.log(shardPositions(7, {index: 2, count: 3}));  // [1, 4]
 * ```
 */
export function shardPositions(total: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let i = shard.index - 1; i < total; i += shard.count) out.push(i);
  return out;
}

/**
 * The outputs of a whole run's jobs (in job order) split by plan, each in its plan's task order: what
 * `aggregateExperiment` takes for each plan.
 * @throws Error when the outputs do not match the jobs one to one.
 */
export function outputsByPlan(plans: readonly ExperimentPlan[], outputs: readonly ReplicaOutput[]): ReplicaOutput[][] {
  const jobs = replicaJobs(plans);
  if (outputs.length !== jobs.length)
    throw new Error(`outputsByPlan: ${outputs.length} outputs for ${jobs.length} jobs.`);
  const byPlan: ReplicaOutput[][] = plans.map(() => []);
  jobs.forEach((job, i) => {
    if (outputs[i].task.id !== job.task.id)
      throw new Error(`outputsByPlan: output ${i} is task ${outputs[i].task.id}, not ${job.task.id}.`);
    byPlan[job.plan].push(outputs[i]);
  });
  return byPlan;
}
