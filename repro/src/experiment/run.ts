/** The whole experiment in this thread: plan, every replica one after another, aggregation. */
import {getBackend} from '@tensorflow/tfjs-core';

import type {Workload} from '../workloads/workload';
import {aggregateExperiment} from './aggregate';
import {planExperiment} from './plan';
import {describeWorkload, trainReplica} from './replica';
import type {ExperimentConfig, ExperimentHooks, ExperimentPlan, ExperimentResult, ReplicaOutput} from './types';

/**
 * Trains `config.replicas` replicas per variant here, one after another, and
 * measures them. `config` may be a plan from {@link planExperiment} (then it
 * is not validated again).
 *
 * ```js
 * // not run: `workload` comes from digitsWorkload or movieLensWorkload; `npm run demo` runs this (in parallel)
 * const result = await tfSmeluRepro.runExperiment(workload, {
 *   variants: [{activation: 'relu'}, {activation: 'smelu', beta: 1}],
 *   replicas: 3, epochs: 2, batchSize: 256, learningRate: 2e-3, seed: 1,
 *   regime: {init: 'same', order: 'different'}, shuffle: 'batch', norm: 'none', topK: 10,
 * });
 * console.log(result.verdict.join('\n'));
 * ```
 * @throws Error as {@link planExperiment}.
 */
export async function runExperiment(
    workload: Workload, config: ExperimentConfig|ExperimentPlan,
    hooks: ExperimentHooks = {}): Promise<ExperimentResult> {
  const plan = 'tasks' in config ? config : planExperiment(config);
  const started = new Date();
  const info = await describeWorkload(workload, plan);
  const outputs: ReplicaOutput[] = [];
  for (const task of plan.tasks) {
    const variant = plan.variants[task.variant];
    hooks.onReplicaStart?.(variant, task.replica, info.batchesPerReplica);
    const output = await trainReplica(workload, plan, task, hooks.onBatch);
    outputs.push(output);
    hooks.onReplicaEnd?.(variant, task.replica, output.evalLoss);
  }
  return aggregateExperiment(info, plan, outputs, {
    backend: getBackend(),
    startedAt: started,
    seconds: (Date.now() - started.getTime()) / 1000,
  });
}
