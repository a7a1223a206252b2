/**
 * An embedding layer whose gradient is a scatter-add. tfjs's `Embedding`
 * differentiates `gather` with `unsortedSegmentSum`, which the CPU backend
 * runs as one masked reduction per table row: thousands of ops per batch for
 * a MovieLens-sized table. `scatterND` sums duplicate indices in one pass on
 * every backend, which makes CPU training of embeddings practical.
 */
import {
  cast,
  customGrad,
  expandDims,
  gather,
  reshape,
  scatterND,
  serialization,
  Tensor,
  tidy
} from '@tensorflow/tfjs-core';
import {initializers, layers} from '@tensorflow/tfjs-layers';
import type {LayerArgs} from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import type {LayerVariable} from '@tensorflow/tfjs-layers/dist/variables.js';

import {singleInput} from '../../../src/validate';

/** How the embeddings are initialized: U(−0.05, 0.05) (`uniform`) or N(0, 0.05²) (`normal`). */
export type EmbeddingInit = 'uniform'|'normal';

/** The embedding initializations, for argument checks. */
export const EMBEDDING_INITS: readonly EmbeddingInit[] = ['uniform', 'normal'];

/** Constructor arguments of {@link ScatterEmbedding}. */
export interface ScatterEmbeddingArgs extends LayerArgs {
  /** Number of rows (ids 0..inputDim−1). */
  inputDim: number;
  /** Width of each embedding. */
  outputDim: number;
  /** Seed of the initializer. */
  seed?: number;
  /**
   * `uniform` (default): U(−0.05, 0.05), Keras's Embedding default;
   * `normal`: N(0, 0.05²), i.e. standard deviation 0.05.
   */
  initializer?: EmbeddingInit;
}

/**
 * Maps integer ids [batch, n] to their embeddings, flattened to
 * [batch, n · outputDim].
 *
 * ```js
 * const layer = new tfSmeluRepro.ScatterEmbedding({inputDim: 10, outputDim: 4, seed: 1});
 * layer.apply(tf.tensor2d([[3], [7]], [2, 1], 'int32')).print();  // shape [2, 4]
 * ```
 */
export class ScatterEmbedding extends layers.Layer {
  /** @nocollapse */
  static className = 'ScatterEmbedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly seed?: number;
  readonly initializer: EmbeddingInit;
  private embeddings: LayerVariable|null = null;

  constructor(args: ScatterEmbeddingArgs) {
    super(args);
    for (const k of ['inputDim', 'outputDim'] as const) {
      if (!Number.isInteger(args[k]) || args[k] < 1) {
        throw new Error(`ScatterEmbedding layer: ${k} must be an integer ≥ 1, but got ${args[k]}.`);
      }
    }
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    if (args.initializer !== undefined && args.initializer !== 'uniform' && args.initializer !== 'normal') {
      throw new Error(`ScatterEmbedding layer: initializer must be 'uniform' or 'normal', but got ${
          JSON.stringify(args.initializer)}.`);
    }
    this.seed = args.seed;
    this.initializer = args.initializer ?? 'uniform';
  }

  override build(): void {
    this.embeddings = this.addWeight(
        'embeddings', [this.inputDim, this.outputDim], 'float32',
        this.initializer === 'normal' ? initializers.randomNormal({mean: 0, stddev: 0.05, seed: this.seed}) :
                                        initializers.randomUniform({minval: -0.05, maxval: 0.05, seed: this.seed}));
    this.built = true;
  }

  override computeOutputShape(inputShape: number[]|number[][]): number[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as number[];
    return [shape[0], (shape[1] ?? 1) * this.outputDim];
  }

  override call(inputs: Tensor|Tensor[]): Tensor {
    return tidy(() => {
      const x = singleInput(inputs, 'ScatterEmbedding layer');
      const ids = cast(reshape(x, [-1]), 'int32');
      // `ids` goes through `save` so that the gradient still has it after this tidy ends.
      const lookup = customGrad((table, save) => {
        (save as unknown as (tensors: Tensor[]) => void)([ids]);
        return {
          value: gather(table as Tensor, ids),
          gradFunc: (dy: Tensor|Tensor[], saved: Tensor[]) =>
              scatterND(expandDims(saved[0], 1), dy as Tensor, (table as Tensor).shape),
        };
      });
      return reshape(lookup(this.embeddings!.read()), [x.shape[0], -1]);
    });
  }

  override getConfig(): serialization.ConfigDict {
    return {
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      seed: this.seed ?? null,
      initializer: this.initializer,
      ...super.getConfig(),
    };
  }
}
serialization.registerClass(ScatterEmbedding);
