/**
 * The experiment: for each activation variant, train N seeded replicas on a
 * workload, evaluate them on the held-out split, and measure how much their
 * predictions differ, pair by pair.
 */
import {getBackend, reshape, Tensor, tidy} from '@tensorflow/tfjs-core';

import {assertValidBeta} from './validate';
import {getActivation} from './activations';
import {
  absolutePD, halfL1Distance, pairwiseStats, PairwiseStats, relativePD, rocAuc, summarize, top1Disagreement,
  topKSwapRate,
} from './metrics';
import {ReplicaRegime, replicaSeeds, SHUFFLE_MODES, ShuffleMode, trainModel} from './trainer';
import {NORM_MODES, NormMode, Workload} from './workload';

/** One activation at one β. */
export interface VariantSpec {
  activation: string;
  /** β; omit for the activation's default (or for activations without β). */
  beta?: number;
}

/** Settings of {@link runExperiment}. */
export interface ExperimentConfig {
  variants: VariantSpec[];
  /** Replicas per variant, ≥ 2. */
  replicas: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Base seed; every replica's seeds derive from it. */
  seed: number;
  regime: ReplicaRegime;
  shuffle: ShuffleMode;
  norm: NormMode;
  /** k of the top-k swap rate (recommender workloads). */
  topK: number;
}

/** Results of one variant. Statistics over replicas (loss, AUC) or over replica pairs (PD). */
export interface VariantResult {
  activation: string;
  label: string;
  beta: number|null;
  evalLoss: PairwiseStats;
  /** Binary workloads. */
  auc?: PairwiseStats;
  /** Top-1 accuracy (both kinds). */
  accuracy: PairwiseStats;
  relativePD: PairwiseStats;
  absolutePD: PairwiseStats;
  top1Disagreement: PairwiseStats;
  /** Multiclass workloads. */
  halfL1?: PairwiseStats;
  /** Recommender workloads. */
  topKSwap?: PairwiseStats;
  /** 100·(loss − ReLU's loss)/ReLU's loss, when ReLU is in the run. */
  lossChangeVsReluPct: number|null;
  /** relative PD / ReLU's relative PD, when ReLU is in the run. */
  relativePDRatioVsRelu: number|null;
  /** Wall time of training and evaluating the replicas. */
  seconds: number;
}

/** Everything {@link runExperiment} measured, as written to results.json. */
export interface ExperimentResult {
  workload: {name: string, description: string, source: string, kind: 'binary'|'multiclass'};
  config: ExperimentConfig;
  backend: string;
  startedAt: string;
  seconds: number;
  variants: VariantResult[];
}

/** Progress callbacks of {@link runExperiment}. */
export interface ExperimentHooks {
  /** Called before a replica starts training, with the number of batches it will run. */
  onReplicaStart?: (variant: VariantSpec & {label: string}, replica: number, batchesTotal: number) => void;
  /** Called after each training batch of the current replica. */
  onBatch?: (batchesDone: number, batchesTotal: number) => void;
  /** Called when a replica has finished training, with its eval loss. */
  onReplicaEnd?: (variant: VariantSpec & {label: string}, replica: number, evalLoss: number) => void;
}

/**
 * Checks a configuration; throws a clear error naming the bad setting.
 *
 * ```js
 * // not run: a fragment; `config` is yours
 * tfSmeluRepro.validateExperimentConfig({...config, replicas: 1});  // throws: replicas must be ≥ 2
 * ```
 */
export function validateExperimentConfig(config: ExperimentConfig): void {
  const intAtLeast = (v: number, min: number, name: string) => {
    if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer ≥ ${min}, but got ${v}.`);
  };
  intAtLeast(config.replicas, 2, 'replicas');
  intAtLeast(config.epochs, 1, 'epochs');
  intAtLeast(config.batchSize, 1, 'batch size');
  intAtLeast(config.topK, 1, 'top-k');
  if (!(config.learningRate > 0 && Number.isFinite(config.learningRate))) {
    throw new Error(`learning rate must be a finite number > 0, but got ${config.learningRate}.`);
  }
  if (!Number.isInteger(config.seed)) throw new Error(`seed must be an integer, but got ${config.seed}.`);
  if (!SHUFFLE_MODES.includes(config.shuffle)) throw new Error(`shuffle must be one of ${SHUFFLE_MODES.join(', ')}, but got '${config.shuffle}'.`);
  if (!NORM_MODES.includes(config.norm)) throw new Error(`norm must be one of ${NORM_MODES.join(', ')}, but got '${config.norm}'.`);
  for (const k of ['init', 'order'] as const) {
    if (config.regime[k] !== 'same' && config.regime[k] !== 'different') {
      throw new Error(`${k} must be 'same' or 'different', but got '${config.regime[k]}'.`);
    }
  }
  if (config.variants.length === 0) throw new Error('at least one activation is needed.');
  for (const v of config.variants) {
    const spec = getActivation(v.activation);
    if (v.beta !== undefined) {
      if (spec.beta == null) throw new Error(`activation '${v.activation}' takes no β, but got β = ${v.beta}.`);
      assertValidBeta(v.beta, `activation '${v.activation}'`);
    }
  }
}

/**
 * Trains `config.replicas` replicas per variant and measures them.
 *
 * ```js
 * // not run: `workload` comes from digitsWorkload or movieLensWorkload; `npm run demo` runs this
 * const result = await tfSmeluRepro.runExperiment(workload, {
 *   variants: [{activation: 'relu'}, {activation: 'smelu', beta: 1}],
 *   replicas: 3, epochs: 2, batchSize: 256, learningRate: 2e-3, seed: 1,
 *   regime: {init: 'different', order: 'different'}, shuffle: 'example', norm: 'none', topK: 10,
 * });
 * console.table(result.variants.map((v) => [v.label, v.evalLoss.mean, v.relativePD.mean]));
 * ```
 */
export async function runExperiment(workload: Workload, config: ExperimentConfig, hooks: ExperimentHooks = {}): Promise<ExperimentResult> {
  validateExperimentConfig(config);
  const started = Date.now();
  const variants: VariantResult[] = [];
  const batchesTotal = Math.ceil(workload.trainLabels.shape[0] / config.batchSize) * config.epochs;
  const labelsHost = await workload.evalLabels.data();
  for (const v of config.variants) {
    const spec = getActivation(v.activation);
    const beta = spec.beta == null ? undefined : (v.beta ?? spec.beta.default);
    const label = beta == null ? spec.label : `${spec.label} β=${beta}`;
    const variantStart = Date.now();
    const probabilities: Tensor[] = [];
    const rankings: Tensor[] = [];
    const losses: number[] = [], aucs: number[] = [], accuracies: number[] = [];
    try {
      for (const [r, seeds] of replicaSeeds(config.replicas, config.seed, config.regime).entries()) {
        hooks.onReplicaStart?.({...v, beta, label}, r, batchesTotal);
        const model = workload.buildModel({activation: spec, beta, initSeed: seeds.initSeed, norm: config.norm});
        try {
          await trainModel(model, workload.trainInputs, workload.trainLabels, {
            epochs: config.epochs, batchSize: config.batchSize, learningRate: config.learningRate,
            shuffle: config.shuffle, orderSeed: seeds.orderSeed, dataSeed: config.seed,
            loss: (out, y) => workload.loss(out, y), onBatch: hooks.onBatch,
          });
          const {probs, loss} = tidy(() => {
            const logits = model.apply(workload.evalInputs.length === 1 ? workload.evalInputs[0] : workload.evalInputs) as Tensor;
            return {probs: workload.probabilities(logits), loss: workload.loss(logits, workload.evalLabels)};
          });
          probabilities.push(probs);
          losses.push((await loss.data())[0]);
          loss.dispose();
          const p = await probs.data();
          if (workload.kind === 'binary') {
            aucs.push(rocAuc(p, labelsHost));
            let correct = 0;
            for (let i = 0; i < p.length; i++) if ((p[i] > 0.5 ? 1 : 0) === labelsHost[i]) correct++;
            accuracies.push(correct / p.length);
          } else {
            const classes = probs.shape[1] as number;
            let correct = 0;
            for (let i = 0; i < labelsHost.length; i++) {
              let best = 0;
              for (let c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
              if (best === labelsHost[i]) correct++;
            }
            accuracies.push(correct / labelsHost.length);
          }
          if (workload.ranking != null) {
            const {inputs, users, candidates} = workload.ranking;
            rankings.push(tidy(() => reshape(model.apply(inputs) as Tensor, [users, candidates])));
          }
        } finally {
          model.dispose();
        }
        hooks.onReplicaEnd?.({...v, beta, label}, r, losses[losses.length - 1]);
      }
      const result: VariantResult = {
        activation: v.activation, label, beta: beta ?? null,
        evalLoss: summarize(losses),
        accuracy: summarize(accuracies),
        relativePD: pairwiseStats(probabilities, (a, b) => relativePD(a, b)),
        absolutePD: pairwiseStats(probabilities, absolutePD),
        top1Disagreement: pairwiseStats(probabilities, top1Disagreement),
        lossChangeVsReluPct: null,
        relativePDRatioVsRelu: null,
        seconds: (Date.now() - variantStart) / 1000,
      };
      if (workload.kind === 'binary') result.auc = summarize(aucs);
      else result.halfL1 = pairwiseStats(probabilities, halfL1Distance);
      if (rankings.length > 0) {
        const k = Math.min(config.topK, workload.ranking!.candidates);
        result.topKSwap = pairwiseStats(rankings, (a, b) => topKSwapRate(a, b, k));
      }
      variants.push(result);
    } finally {
      for (const t of [...probabilities, ...rankings]) t.dispose();
    }
  }
  const relu = variants.find((r) => r.activation === 'relu');
  if (relu != null) {
    for (const r of variants) {
      r.lossChangeVsReluPct = 100 * (r.evalLoss.mean - relu.evalLoss.mean) / relu.evalLoss.mean;
      r.relativePDRatioVsRelu = r.relativePD.mean / relu.relativePD.mean;
    }
  }
  return {
    workload: {name: workload.name, description: workload.description, source: workload.source, kind: workload.kind},
    config,
    backend: getBackend(),
    startedAt: new Date(started).toISOString(),
    seconds: (Date.now() - started) / 1000,
    variants,
  };
}
