/**
 * One replica: a task of the plan trained and evaluated on a workload, with
 * plain arrays out (probabilities, per-example losses, ranking scores), and
 * the plain-data description of a workload that the aggregation needs.
 */
import {reshape, Tensor, tidy} from '@tensorflow/tfjs-core';

import {getActivation} from '../activations/registry';
import {SeededTrainer} from '../training/trainer';
import type {Workload} from '../workloads/workload';
import type {ExperimentPlan, ReplicaOutput, ReplicaTask, WorkloadInfo} from './types';

/**
 * Describes a loaded workload as plain data for {@link aggregateExperiment}.
 *
 * ```js
 * // not run: a fragment; `workload` and `plan` are yours
 * const info = await tfSmeluRepro.describeWorkload(workload, plan);
 * ```
 */
export async function describeWorkload(workload: Workload, plan: ExperimentPlan): Promise<WorkloadInfo> {
  const labels = await workload.evalLabels.data();
  const numTrain = workload.trainLabels.shape[0];
  return {
    name: workload.name,
    description: workload.description,
    source: workload.source,
    kind: workload.kind,
    numClasses: workload.kind === 'multiclass' ? workload.numClasses : 1,
    numTrain,
    numEval: workload.evalLabels.shape[0],
    evalLabels: workload.evalLabels.dtype === 'int32' ? Int32Array.from(labels) : Float32Array.from(labels),
    ...(workload.ranking != null ? {ranking: {users: workload.ranking.users, candidates: workload.ranking.candidates}} :
                                   {}),
    batchesPerReplica: Math.ceil(numTrain / plan.config.batchSize) * plan.config.epochs,
    ...(workload.settings != null ? {settings: workload.settings} : {}),
  };
}

/**
 * Trains and evaluates one replica task on a workload; returns plain arrays.
 * Equal tasks on the same backend give bit-identical outputs.
 *
 * ```js
 * // not run: a fragment; `workload` and `plan` are yours
 * const output = await tfSmeluRepro.trainReplica(workload, plan, plan.tasks[0]);
 * console.log(output.evalLoss);
 * ```
 */
export async function trainReplica(
    workload: Workload, plan: ExperimentPlan, task: ReplicaTask,
    onBatch?: (batchesDone: number, batchesTotal: number) => void): Promise<ReplicaOutput> {
  const started = Date.now();
  const {config} = plan;
  const variant = plan.variants[task.variant];
  const model = workload.buildModel({
    activation: getActivation(variant.activation),
    beta: variant.beta ?? undefined,
    initSeed: task.initSeed,
    norm: config.norm,
    normPlacement: config.normPlacement,
    orderSeed: task.orderSeed,
  });
  try {
    const trainer = new SeededTrainer(model, workload.trainInputs, workload.trainLabels, {
      epochs: config.epochs,
      batchSize: config.batchSize,
      learningRate: config.learningRate,
      shuffle: config.shuffle,
      orderSeed: task.orderSeed,
      dataSeed: task.dataSeed,
      loss: (out, y) => workload.loss(out, y),
      onBatch,
    });
    try {
      while (trainer.trainBatch()) {
        // Let timers (progress displays, messages) run now and then.
        if (trainer.batchesDone % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
      }
    } finally {
      trainer.dispose();
    }
    const apply = (inputs: Tensor[]) => model.apply(inputs.length === 1 ? inputs[0] : inputs) as Tensor;
    const [probs, losses, ranking] = tidy(() => {
      const logits = apply(workload.evalInputs);
      const out = [workload.probabilities(logits), workload.exampleLosses(logits, workload.evalLabels)];
      if (workload.ranking != null) out.push(reshape(apply(workload.ranking.inputs), [-1]));
      return out;
    });
    const output: ReplicaOutput = {
      task,
      probabilities: Float32Array.from(await probs.data()),
      exampleLosses: Float32Array.from(await losses.data()),
      evalLoss: 0,
      seconds: 0,
    };
    if (ranking != null) output.ranking = Float32Array.from(await ranking.data());
    for (const t of [probs, losses, ranking]) t?.dispose();
    output.evalLoss = output.exampleLosses.reduce((a, b) => a + b, 0) / output.exampleLosses.length;
    output.seconds = (Date.now() - started) / 1000;
    return output;
  } finally {
    model.dispose();
  }
}
