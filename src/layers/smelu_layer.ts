import {scalar, serialization, Tensor, tidy} from '@tensorflow/tfjs-core';
import {initializers, layers, LayerVariable} from '@tensorflow/tfjs-layers';
import type {Constraint, ConstraintIdentifier} from '@tensorflow/tfjs-layers/dist/constraints.js';
import type {LayerArgs} from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import type {Regularizer, RegularizerIdentifier} from '@tensorflow/tfjs-layers/dist/regularizers.js';

import {generalizedSmelu} from '../ops/generalized_smelu';
import {DEFAULT_SMELU_BETA, smelu} from '../ops/smelu';
import {assertValidBeta, describeValue, singleInput} from '../validate';
import {
  exposeInstancesAsSpecs,
  instanceGivenAsSpec,
  isSavedLayerConfig,
  SAVED_LAYER_CONFIG_HINT
} from './activation_specs';
import {constrainWidth, PositiveFloor, widthFloor} from './positive_floor';
import {assertConstraintApplies, resolveSerializable, serializeSerializable} from './serializable_args';
import {assertSmeLUActivationParams} from './smelu_activation';

/** Constructor arguments of the {@link SmeLU} layer. */
export interface SmeLULayerArgs extends LayerArgs {
  /** Half-width of the smooth region; a finite number > 0. Defaults to 2. */
  beta?: number;
  /**
   * Learn β during training (starting from `beta`): β becomes a trainable
   * weight, saved with the model. Default false: β is a fixed number and the
   * layer has no weights.
   */
  learnBeta?: boolean;
  /** With `learnBeta`: a regularizer on β. */
  betaRegularizer?: RegularizerIdentifier|Regularizer|serialization.ConfigDict;
  /**
   * With `learnBeta`: β's constraint, default `PositiveFloor({floor: 1e-3})`;
   * applied to the β used on every call (tfjs's `fit` skips constraints).
   * Whatever the constraint ('nonNeg', 'maxNorm', your own), the β used is
   * never below a floor: a PositiveFloor's own floor, else 1e-3.
   */
  betaConstraint?: ConstraintIdentifier|Constraint|serialization.ConfigDict;
}

/**
 * Smooth ReLU activation layer, the Keras-style counterpart of
 * `tf.layers.reLU()`: `0` for x ≤ −β, `(x + β)² / (4β)` for |x| < β, `x` for x ≥ β.
 *
 * Input shape: arbitrary. Output shape: same as the input.
 *
 * ```js
 * const model = tf.sequential();
 * model.add(tf.layers.dense({units: 8, inputShape: [4]}));
 * model.add(tfSmelu.layers.smelu({beta: 1}));
 * model.predict(tf.ones([2, 4])).print();
 * // β learned by fit(), starting at 1 (dβ = (β² − x²)/(4β²) on |x| < β):
 * const learned = tfSmelu.layers.smelu({beta: 1, learnBeta: true, betaConstraint: 'nonNeg'});
 * // The β it computes with (after the constraint and the floor), not the raw weight:
 * console.log(learned.effectiveBeta());  // 1
 * ```
 */
export class SmeLU extends layers.Layer {
  /**
   * Name under which tfjs serialization registers this class (saved models refer to it).
   * @nocollapse
   */
  static className = 'SmeLU';
  /**
   * The configured β (with `learnBeta`, the starting value; the β in use is
   * {@link SmeLU.effectiveBeta}).
   */
  readonly beta: number;
  /** Whether β is a trainable weight of the layer (set by the `learnBeta` argument). */
  readonly learnBeta: boolean;
  private readonly betaRegularizer: Regularizer|null = null;
  private readonly betaConstraint: Constraint|null = null;
  private betaWeight: LayerVariable|null = null;

  /**
   * A saved layer config (it has name and trainable) gives the layer. Any
   * other config came from tfjs-layers' activation lookup (`activation: 'SmeLU'` or
   * `{className: 'SmeLU', config}`), or from a hand-written file: it gives
   * the layer when its parameters are the `'smelu'` activation's (β = 2, no
   * learned β), which is then the same function as a layer and as an
   * activation, and is refused otherwise, naming the parameter and the value
   * (tfjs-layers would save the activation by its name alone, losing them).
   * A SmeLU layer instance given as an activation is refused too.
   * @nocollapse
   */
  static override fromConfig<T extends serialization.Serializable>(
      cls: serialization.SerializableConstructor<T>, config: serialization.ConfigDict): T {
    const instance = instanceGivenAsSpec(config) as SmeLU | undefined;
    if (instance != null) {
      throw layerGivenAsActivation(instance, `beta ${instance.beta}${instance.learnBeta ? ', learnBeta true' : ''}`);
    }
    if (!isSavedLayerConfig(config)) {
      try {
        assertSmeLUActivationParams('SmeLU', config);
      } catch (error) {
        throw new Error(`${(error as Error).message} (${SAVED_LAYER_CONFIG_HINT})`);
      }
    }
    return new cls(config);
  }

  constructor(args: SmeLULayerArgs = {}) {
    super(args);
    // Only a missing beta takes the default: null in a loaded config is an error.
    const beta = args.beta === undefined ? DEFAULT_SMELU_BETA : args.beta;
    assertValidBeta(beta, 'SmeLU layer');
    this.beta = beta;
    this.learnBeta = args.learnBeta === true;
    if (args.learnBeta != null && typeof args.learnBeta !== 'boolean') {
      throw new Error(`SmeLU layer: learnBeta must be a boolean, but got ${describeValue(args.learnBeta)}.`);
    }
    if (this.learnBeta) {
      this.betaRegularizer = resolveSerializable<Regularizer>(args.betaRegularizer, 'SmeLU layer', 'betaRegularizer');
      this.betaConstraint = args.betaConstraint === undefined ?
          new PositiveFloor() as unknown as Constraint :
          resolveSerializable<Constraint>(args.betaConstraint, 'SmeLU layer', 'betaConstraint');
    }
    this.supportsMasking = true;
  }

  override build(inputShape: (number|null)[]|(number|null)[][]): void {
    if (this.learnBeta && this.betaWeight == null) {
      assertConstraintApplies(this.betaConstraint, [], 'SmeLU layer', 'betaConstraint', 'beta');
      // The constraint is applied in call(), not by the variable: fit() ignores
      // variable constraints, and LayerVariable.write leaks their output tensor.
      this.betaWeight = this.addWeight(
          'beta', [], 'float32', initializers.constant({value: this.beta}), this.betaRegularizer ?? undefined, true);
    }
    super.build(inputShape);
  }

  override call(inputs: Tensor|Tensor[]): Tensor {
    return tidy(() => {
      const x = singleInput(inputs, 'SmeLU layer');
      if (this.betaWeight == null) return smelu(x, this.beta);
      // SmeLU is g-SmeLU with α = β tied: the gradients for α and β add up to
      // SmeLU's own dβ = (β² − x²)/(4β²) on |x| < β.
      const beta = constrainWidth(this.betaWeight.read(), this.betaConstraint);
      try {
        return generalizedSmelu(x, {alpha: beta, beta});
      } catch (error) {
        throw this.explainBadBeta(beta) ?? error;
      }
    });
  }

  /**
   * The β this layer computes with. Without `learnBeta`, `beta`. With
   * `learnBeta`, the learned weight after `betaConstraint` and the floor
   * (a PositiveFloor's own floor, else 1e-3): that is the learned β, while
   * `getWeights()` shows the raw stored value, which training may have moved
   * below the floor. Before the layer is built, the starting β under the
   * same rules. Reads the value back synchronously (`dataSync`).
   *
   * ```js
   * const layer = tfSmelu.layers.smelu({beta: 0.5, learnBeta: true});
   * layer.apply(tf.zeros([1, 2]));
   * layer.setWeights([tf.scalar(-3)]);       // e.g. where a big step left it
   * console.log(layer.getWeights()[0].dataSync()[0]);  // -3
   * console.log(layer.effectiveBeta());                // 0.0010000000474974513 (the floor, 1e-3 in float32)
   * ```
   * @returns β, a number > 0 (NaN only if training diverged).
   */
  effectiveBeta(): number {
    if (!this.learnBeta) return this.beta;
    return tidy(() => {
      const raw = this.betaWeight == null ? scalar(this.beta) : this.betaWeight.read();
      return constrainWidth(raw, this.betaConstraint).dataSync()[0];
    });
  }

  /** An error naming this layer's β when the β in use is not valid (it diverged), else null. */
  private explainBadBeta(beta: Tensor): Error|null {
    const value = beta.dataSync()[0];
    if (Number.isFinite(value) && value > 0) return null;
    return new Error(
        `SmeLU layer '${this.name}': the learned beta (after betaConstraint and the floor ${
            widthFloor(this.betaConstraint)}) must be a finite number > 0, but got ${value}; training ` +
        `diverged: lower the learning rate, or fix beta with learnBeta: false.`);
  }

  override computeOutputShape<S>(inputShape: S): S {
    return inputShape;
  }

  override getConfig(): serialization.ConfigDict {
    if (!this.learnBeta) return {beta: this.beta, ...super.getConfig()};
    return {
      beta: this.beta,
      learnBeta: true,
      betaRegularizer: serializeSerializable(this.betaRegularizer),
      betaConstraint: serializeSerializable(this.betaConstraint),
      ...super.getConfig(),
    };
  }
}
serialization.registerClass(SmeLU);
exposeInstancesAsSpecs(SmeLU);

/**
 * The error for a layer instance given where tfjs-layers expects an
 * activation (it takes a name or `{className, config}` there, and would save
 * only the name), naming the layer and its parameters (`params`).
 */
export function layerGivenAsActivation(layer: layers.Layer, params: string): Error {
  return new Error(
      `activation: a ${layer.getClassName()} layer ('${layer.name}', ${params}) is not an ` +
      `activation: tfjs-layers takes an activation's name or {className, config} there, and saves only the ` +
      `name. Use activation: 'linear' and add the layer after it, or activation: 'smelu' for SmeLU with beta 2.`);
}
