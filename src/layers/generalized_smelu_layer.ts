import {serialization, Tensor, tensor1d, tidy} from '@tensorflow/tfjs-core';
import {initializers, layers, LayerVariable} from '@tensorflow/tfjs-layers';
import type {Constraint, ConstraintIdentifier} from '@tensorflow/tfjs-layers/dist/constraints.js';
import type {LayerArgs} from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import type {Initializer, InitializerIdentifier} from '@tensorflow/tfjs-layers/dist/initializers.js';
import type {Regularizer, RegularizerIdentifier} from '@tensorflow/tfjs-layers/dist/regularizers.js';

import {GENERALIZED_SMELU_PARAM_NAMES, GeneralizedSmeLUParamName} from '../kernel_names';
import {generalizedSmelu} from '../ops/generalized_smelu';
import {DEFAULT_GENERALIZED_SMELU_PARAMS} from '../ops/generalized_smelu_params';
import {assertValidParamValue, describeValue, isWidthParam, singleInput} from '../validate';
import {
  exposeInstancesAsSpecs,
  instanceGivenAsSpec,
  isSavedLayerConfig,
  SAVED_LAYER_CONFIG_HINT,
  specParams,
  specValue
} from './activation_specs';
import {constrainWidth, PositiveFloor, widthFloor} from './positive_floor';
import {assertConstraintApplies, resolveSerializable, serializeSerializable} from './serializable_args';
import {layerGivenAsActivation} from './smelu_layer';

const LAYER = 'GeneralizedSmeLU layer';

/** An initializer: its tfjs identifier (e.g. `'ones'`), an instance, or a serialized config. */
export type InitializerArg = InitializerIdentifier|Initializer|serialization.ConfigDict;
/** A regularizer: its tfjs identifier (e.g. `'l2'`), an instance, or a serialized config. */
export type RegularizerArg = RegularizerIdentifier|Regularizer|serialization.ConfigDict;
/** A constraint: its tfjs identifier (e.g. `'nonNeg'`), an instance, or a serialized config. */
export type ConstraintArg = ConstraintIdentifier|Constraint|serialization.ConfigDict;

/**
 * Constructor arguments of the {@link GeneralizedSmeLU} layer. For each
 * parameter p ∈ {alpha, beta, gNeg, gPos, shift}: an initial value `p` (a
 * number, or an array of one value per channel), or `pInitializer` (which
 * takes precedence), plus `pRegularizer` and `pConstraint`.
 */
export interface GeneralizedSmeLULayerArgs extends LayerArgs {
  /** Left half-width, > 0 (or one per channel). Default 2. */
  alpha?: number|number[];
  /** Right half-width, > 0 (or one per channel). Default 2. */
  beta?: number|number[];
  /** Left slope (or one per channel). Default 0. */
  gNeg?: number|number[];
  /** Right slope (or one per channel). Default 1. */
  gPos?: number|number[];
  /** Shift: the value at x = −α (or one per channel). Default 0. */
  shift?: number|number[];
  /** Initializer of α (takes precedence over `alpha`). */
  alphaInitializer?: InitializerArg;
  /** Initializer of β (takes precedence over `beta`). */
  betaInitializer?: InitializerArg;
  /** Initializer of g₋ (takes precedence over `gNeg`). */
  gNegInitializer?: InitializerArg;
  /** Initializer of g₊ (takes precedence over `gPos`). */
  gPosInitializer?: InitializerArg;
  /** Initializer of t (takes precedence over `shift`). */
  shiftInitializer?: InitializerArg;
  /** Regularizer of α. Default: none. */
  alphaRegularizer?: RegularizerArg;
  /** Regularizer of β. Default: none. */
  betaRegularizer?: RegularizerArg;
  /** Regularizer of g₋. Default: none. */
  gNegRegularizer?: RegularizerArg;
  /** Regularizer of g₊. Default: none. */
  gPosRegularizer?: RegularizerArg;
  /** Regularizer of t. Default: none. */
  shiftRegularizer?: RegularizerArg;
  /**
   * Default: `PositiveFloor({floor: 1e-3})`, applied on every call. Under any
   * constraint α stays >= a floor (a PositiveFloor's own, else 1e-3).
   */
  alphaConstraint?: ConstraintArg;
  /**
   * Default: `PositiveFloor({floor: 1e-3})`, applied on every call. Under any
   * constraint β stays >= a floor (a PositiveFloor's own, else 1e-3).
   */
  betaConstraint?: ConstraintArg;
  /** Constraint of g₋, applied on every call. Default: none. */
  gNegConstraint?: ConstraintArg;
  /** Constraint of g₊, applied on every call. Default: none. */
  gPosConstraint?: ConstraintArg;
  /** Constraint of t, applied on every call. Default: none. */
  shiftConstraint?: ConstraintArg;
  /** Parameters that training updates; the others stay fixed. Default: all five. */
  trainableParams?: GeneralizedSmeLUParamName[];
  /**
   * Parameters with one value per channel along `axis` (parameters given as
   * arrays are per channel anyway). Default: none (one value each).
   */
  perChannel?: GeneralizedSmeLUParamName[];
  /** Channel axis of per-channel parameters; negative counts from the end. Default −1. */
  axis?: number;
}

/** Everything the layer keeps per parameter. */
interface ParamSpec {
  initialValue: number|number[];
  initializer: Initializer|null;
  regularizer: Regularizer|null;
  constraint: Constraint|null;
  trainable: boolean;
  perChannel: boolean;
}

function assertParamNameList(value: unknown, argName: string): GeneralizedSmeLUParamName[] {
  if (!Array.isArray(value) || value.some((v) => !(GENERALIZED_SMELU_PARAM_NAMES as readonly unknown[]).includes(v))) {
    throw new Error(`${LAYER}: ${argName} must be an array of parameter names from [${
        GENERALIZED_SMELU_PARAM_NAMES.join(', ')}], but got ${describeValue(value)}.`);
  }
  return value as GeneralizedSmeLUParamName[];
}

/**
 * Generalized SmeLU activation layer with learnable parameters: half-widths
 * α, β > 0 of an asymmetric quadratic transition, outer slopes g₋, g₊ and a
 * shift t (see {@link generalizedSmelu}). Each parameter is trainable or
 * fixed, one value or one per channel (last axis by default), with its own
 * initializer, regularizer and constraint. α and β default to a
 * `PositiveFloor` constraint. Constraints are applied to the values used on
 * every call rather than written into the variables (tfjs's `fit` skips
 * variable constraints), and α, β never go below a floor whatever their
 * constraint, so the widths stay > 0 however training moves the stored
 * weights; {@link GeneralizedSmeLU.effectiveParams} gives the values in use.
 * The defaults (α = β = 2, g₋ = 0, g₊ = 1, t = 0) start as `smelu(x, 2)`.
 *
 * Input shape: arbitrary. Output shape: same as the input. Serialized under
 * the class name `'GeneralizedSmeLU'`; saved models restore every parameter.
 * It is a layer, not an activation: `activation: 'GeneralizedSmeLU'` is
 * refused when the layer using it is built (its parameters could be neither
 * trained nor saved there); use `activation: 'smelu'` or add this layer.
 *
 * ```js
 * const model = tf.sequential();
 * model.add(tf.layers.dense({units: 4, inputShape: [3]}));
 * // β learned per channel; α, slopes and shift learned as single values.
 * model.add(tfSmelu.layers.gSmelu({beta: 1, perChannel: ['beta']}));
 * model.predict(tf.ones([2, 3])).print();
 * console.log(model.layers[1].effectiveParams().beta);  // [1, 1, 1, 1]
 * ```
 */
export class GeneralizedSmeLU extends layers.Layer {
  /**
   * Name under which tfjs serialization registers this class (saved models refer to it).
   * @nocollapse
   */
  static className = 'GeneralizedSmeLU';
  /** Channel axis of per-channel parameters (normalized to be ≥ 0 once built). */
  readonly axis: number;
  private readonly specs: Record<GeneralizedSmeLUParamName, ParamSpec>;
  private readonly weightsByName: Partial<Record<GeneralizedSmeLUParamName, LayerVariable>> = {};

  /**
   * A saved layer config (it has name and trainable) gives the layer. Anything else came
   * from tfjs-layers' activation (or constraint) lookup: `'GeneralizedSmeLU'`,
   * `{className: 'GeneralizedSmeLU', config}` or a layer instance, where the
   * parameters would be neither trained nor saved (tfjs-layers saves an
   * activation by its name alone). Refused, when the host layer is built,
   * naming what was given.
   * @nocollapse
   */
  static override fromConfig<T extends serialization.Serializable>(
      cls: serialization.SerializableConstructor<T>, config: serialization.ConfigDict): T {
    const instance = instanceGivenAsSpec(config) as GeneralizedSmeLU | undefined;
    if (instance != null) throw layerGivenAsActivation(instance, describeParams(instance.getConfig()));
    if (isSavedLayerConfig(config)) return new cls(config);
    const args = specParams(config).map(([key, value]) => `${key}: ${specValue(value)}`).join(', ');
    const given =
        args === '' ? 'the string \'GeneralizedSmeLU\'' : `{className: 'GeneralizedSmeLU', config: {${args}}}`;
    throw new Error(
        `GeneralizedSmeLU is a layer with learnable parameters, not an activation: ${given} ` +
        `cannot be used as an activation (or constraint), where its parameters would be neither trained nor ` +
        `saved. Use activation: 'linear' followed by layers.gSmelu({${args || '...'}}), or ` +
        `activation: 'smelu' (SmeLU with beta 2). (${SAVED_LAYER_CONFIG_HINT})`);
  }

  constructor(args: GeneralizedSmeLULayerArgs = {}) {
    super(args);
    const axis = args.axis ?? -1;
    if (typeof axis !== 'number' || !Number.isInteger(axis)) {
      throw new Error(`${LAYER}: axis must be an integer, but got ${describeValue(axis)}.`);
    }
    this.axis = axis;
    const trainable = assertParamNameList(args.trainableParams ?? GENERALIZED_SMELU_PARAM_NAMES, 'trainableParams');
    const perChannel = assertParamNameList(args.perChannel ?? [], 'perChannel');
    const specs = {} as Record<GeneralizedSmeLUParamName, ParamSpec>;
    for (const name of GENERALIZED_SMELU_PARAM_NAMES) {
      const given = args[name];
      const initialValue = given === undefined ? DEFAULT_GENERALIZED_SMELU_PARAMS[name] : given;
      if (Array.isArray(initialValue)) {
        if (initialValue.length === 0) {
          throw new Error(`${LAYER}: ${name} must be a number or a non-empty array, but got [].`);
        }
        initialValue.forEach((v, i) => assertValidParamValue(name, v, LAYER, `${name}[${i}]`));
      } else {
        assertValidParamValue(name, initialValue, LAYER);
      }
      const constraintArg = args[`${name}Constraint`];
      specs[name] = {
        initialValue,
        initializer: resolveSerializable<Initializer>(args[`${name}Initializer`], LAYER, `${name}Initializer`),
        regularizer: resolveSerializable<Regularizer>(args[`${name}Regularizer`], LAYER, `${name}Regularizer`),
        constraint: constraintArg === undefined && isWidthParam(name) ?
            new PositiveFloor() as unknown as Constraint :
            resolveSerializable<Constraint>(constraintArg, LAYER, `${name}Constraint`),
        trainable: trainable.includes(name),
        perChannel: perChannel.includes(name) || Array.isArray(initialValue),
      };
    }
    this.specs = specs;
    this.supportsMasking = true;
  }

  override build(inputShape: (number|null)[]|(number|null)[][]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as (number | null)[];
    const rank = shape.length;
    const axis = this.axis < 0 ? this.axis + rank : this.axis;
    const needsChannels = GENERALIZED_SMELU_PARAM_NAMES.some((n) => this.specs[n].perChannel);
    let channels = 1;
    if (needsChannels) {
      if (axis < 0 || axis >= rank) {
        throw new Error(`${LAYER}: axis ${this.axis} is out of range for input shape [${shape}].`);
      }
      const dim = shape[axis];
      if (dim == null) {
        throw new Error(`${LAYER}: per-channel parameters need a known channel dimension, but axis ${
            this.axis} of input shape [${shape}] is unknown.`);
      }
      channels = dim;
    }
    // Check everything before adding any weight: a failed build leaves nothing behind.
    for (const name of GENERALIZED_SMELU_PARAM_NAMES) {
      const {initialValue, constraint, perChannel} = this.specs[name];
      if (Array.isArray(initialValue) && initialValue.length !== channels) {
        throw new Error(`${LAYER}: ${name} has ${initialValue.length} initial values but the input (shape [${
            shape}]) has ${channels} channels along axis ${this.axis}.`);
      }
      assertConstraintApplies(constraint, perChannel ? [channels] : [], LAYER, `${name}Constraint`, name);
    }
    for (const name of GENERALIZED_SMELU_PARAM_NAMES) {
      const spec = this.specs[name];
      const {initialValue} = spec;
      const weightShape = spec.perChannel ? [channels] : [];
      const initializer =
          spec.initializer ?? initializers.constant({value: Array.isArray(initialValue) ? 0 : initialValue});
      // The constraint is not handed to the variable: fit() ignores it there, and
      // LayerVariable.write (setWeights, loading) leaks the constraint's output
      // tensor in tfjs-layers 4.22. call() applies it to every value it uses.
      const weight =
          this.addWeight(name, weightShape, 'float32', initializer, spec.regularizer ?? undefined, spec.trainable);
      if (spec.initializer == null && Array.isArray(initialValue)) {
        tidy(() => {
          weight.write(tensor1d(initialValue));
        });
      }
      this.weightsByName[name] = weight;
    }
    this.built = true;
  }

  override call(inputs: Tensor|Tensor[]): Tensor {
    return tidy(() => {
      const x = singleInput(inputs, LAYER);
      const values = this.valuesInUse();
      try {
        return generalizedSmelu(x, {...values, axis: this.axis});
      } catch (error) {
        throw this.explainBadParams(values) ?? error;
      }
    });
  }

  /** Each parameter's weight after its constraint (and, for α and β, the floor). */
  private valuesInUse(): Record<GeneralizedSmeLUParamName, Tensor> {
    const values = {} as Record<GeneralizedSmeLUParamName, Tensor>;
    for (const name of GENERALIZED_SMELU_PARAM_NAMES) {
      const value = this.weightsByName[name]!.read();
      const constraint = this.specs[name].constraint;
      // fit() never applies weight constraints, so apply them to what we compute with.
      values[name] = isWidthParam(name) ? constrainWidth(value, constraint) :
          constraint == null            ? value :
                                          constraint.apply(value);
    }
    return values;
  }

  /**
   * The parameter values this layer computes with: each weight after its
   * constraint, and α, β never below their floor (a PositiveFloor's own,
   * else 1e-3). `getWeights()` shows the raw stored values instead, which
   * training may have moved past a constraint. One number per parameter, or
   * one per channel. Needs a built layer; reads the values back
   * synchronously (`dataSync`).
   *
   * ```js
   * const layer = tfSmelu.layers.gSmelu({alpha: 1, beta: [0.5, 2], betaConstraint: 'nonNeg'});
   * layer.apply(tf.zeros([1, 2]));
   * console.log(layer.effectiveParams());
   * // {alpha: [1], beta: [0.5, 2], gNeg: [0], gPos: [1], shift: [0]}
   * ```
   * @returns `{alpha, beta, gNeg, gPos, shift}`, each an array of numbers.
   * @throws If the layer is not built yet.
   */
  effectiveParams(): Record<GeneralizedSmeLUParamName, number[]> {
    if (!this.built) {
      throw new Error(
          `${LAYER} '${this.name}': effectiveParams() needs a built layer; apply it to an ` +
          `input (or build its model) first.`);
    }
    return tidy(() => {
      const values = this.valuesInUse();
      const result = {} as Record<GeneralizedSmeLUParamName, number[]>;
      for (const name of GENERALIZED_SMELU_PARAM_NAMES) result[name] = Array.from(values[name].dataSync());
      return result;
    });
  }

  /** An error naming the parameter whose value in use is invalid (training diverged), else null. */
  private explainBadParams(values: Record<GeneralizedSmeLUParamName, Tensor>): Error|null {
    for (const name of GENERALIZED_SMELU_PARAM_NAMES) {
      const data = values[name].dataSync();
      const width = isWidthParam(name);
      const bad = Array.from(data).findIndex((v) => !Number.isFinite(v) || (width && v <= 0));
      if (bad < 0) continue;
      const label = data.length === 1 ? name : `${name}[${bad}]`;
      const after =
          width ? `${name}Constraint and the floor ${widthFloor(this.specs[name].constraint)}` : `${name}Constraint`;
      return new Error(
          `${LAYER} '${this.name}': the learned ${label} (after ${after}) must be a finite ` +
          `number${width ? ' > 0' : ''}, but got ${data[bad]}; training diverged: lower the learning ` +
          `rate, or leave ${name} out of trainableParams.`);
    }
    return null;
  }

  override computeOutputShape<S>(inputShape: S): S {
    return inputShape;
  }

  override getConfig(): serialization.ConfigDict {
    const config: serialization.ConfigDict = {};
    for (const name of GENERALIZED_SMELU_PARAM_NAMES) {
      const spec = this.specs[name];
      config[name] = spec.initialValue;
      config[`${name}Initializer`] = serializeSerializable(spec.initializer);
      config[`${name}Regularizer`] = serializeSerializable(spec.regularizer);
      config[`${name}Constraint`] = serializeSerializable(spec.constraint);
    }
    config.trainableParams = GENERALIZED_SMELU_PARAM_NAMES.filter((n) => this.specs[n].trainable);
    config.perChannel = GENERALIZED_SMELU_PARAM_NAMES.filter((n) => this.specs[n].perChannel);
    config.axis = this.axis;
    return {...config, ...super.getConfig()};
  }
}
serialization.registerClass(GeneralizedSmeLU);
exposeInstancesAsSpecs(GeneralizedSmeLU);

/** `alpha: 1, beta: 2, …`: the five parameter values of a layer's config. */
function describeParams(config: serialization.ConfigDict): string {
  return GENERALIZED_SMELU_PARAM_NAMES.filter((name) => config[name] !== undefined)
      .map((name) => `${name}: ${specValue(config[name])}`)
      .join(', ');
}
