import {maximum, serialization, Tensor, tidy} from '@tensorflow/tfjs-core';

import {assertValidBeta} from '../validate';
import {exposeInstancesAsSpecs, instanceGivenAsSpec, specParams, specValue} from './activation_specs';

/**
 * Default floor (1e-3) that keeps learned half-widths α, β of SmeLU and g-SmeLU positive.
 *
 * ```js
 * // PositiveFloor without arguments uses DEFAULT_WIDTH_FLOOR:
 * new tfSmelu.PositiveFloor().apply(tf.tensor1d([-1, 0.5])).print();  // [0.001, 0.5]
 * ```
 */
export const DEFAULT_WIDTH_FLOOR = 1e-3;

/**
 * Weight constraint `w ← max(w, floor)` with `floor > 0`: keeps learned
 * half-widths (α, β) of SmeLU and g-SmeLU positive. Serializable under the
 * class name `'PositiveFloor'`, so saved models restore it.
 *
 * tfjs-layers does not apply weight constraints inside `fit()` (optimizers
 * write variables directly; tensorflow/tfjs#3979), so the layers of this
 * package apply their constraints to the values they compute with on every
 * call instead: the function never sees a width below the floor, even when
 * the stored variable has drifted under it. The floor holds under any other
 * constraint too: the layers apply that constraint first, then the floor.
 *
 * Also usable as a tfjs constraint or activation string (`'PositiveFloor'`,
 * saved by tfjs as "positive_floor" and read back as `'positiveFloor'`, an
 * alias registered for that); as an activation it computes `max(x, 1e-3)`.
 * It is meant as a constraint: tfjs-layers layers take it in the dict form
 * `{className: 'PositiveFloor', config: {floor}}` and save it whole, this
 * package's layers take the instance too. As an activation only the default
 * floor survives saving (tfjs-layers saves an activation by its name alone).
 * An instance given to a tfjs-layers layer is refused unless its floor is the
 * default; the dict form is not, because tfjs-layers resolves a constraint
 * and an activation the same way and a saved constraint comes in that form.
 *
 * ```js
 * const floor = new tfSmelu.PositiveFloor({floor: 0.01});
 * floor.apply(tf.tensor1d([-1, 0.001, 2])).print();  // [0.01, 0.01, 2]
 * ```
 */
export class PositiveFloor extends serialization.Serializable {
  /**
   * Name under which tfjs serialization registers this class (saved models refer to it).
   * @nocollapse
   */
  static className = 'PositiveFloor';
  /** The smallest value the constraint lets through; > 0. */
  readonly floor: number;

  /**
   * Checks the config's keys (only `floor`) and, for an instance given to
   * tfjs-layers as an activation or constraint, that its floor is the
   * default (see the class comment).
   * @nocollapse
   */
  static override fromConfig<T extends serialization.Serializable>(
      cls: serialization.SerializableConstructor<T>, config: serialization.ConfigDict): T {
    const unknown = specParams(config).find(([key]) => key !== 'floor');
    if (unknown != null) {
      throw new Error(
          `PositiveFloor: unknown parameter '${unknown[0]}' (got ${specValue(unknown[1])}); ` +
          `its only parameter is floor.`);
    }
    const instance = instanceGivenAsSpec(config) as PositiveFloor | undefined;
    if (instance != null && instance.floor !== DEFAULT_WIDTH_FLOOR) {
      throw new Error(
          `A PositiveFloor instance with floor ${instance.floor} was given to a tfjs-layers layer ` +
          `(as an activation or constraint): as an activation its floor would be lost, since tfjs-layers saves ` +
          `an activation by its name alone. As a constraint write {className: 'PositiveFloor', config: {floor: ${
              instance.floor}}}.`);
    }
    return new cls(config);
  }

  constructor(args: {floor?: number} = {}) {
    super();
    const floor = args.floor ?? DEFAULT_WIDTH_FLOOR;
    assertValidBeta(floor, 'PositiveFloor', 'floor');
    this.floor = floor;
  }

  /** Same contract as tfjs-layers' `Constraint.apply`. */
  apply(w: Tensor): Tensor {
    return tidy(() => maximum(w, this.floor));
  }

  getConfig(): serialization.ConfigDict {
    return {floor: this.floor};
  }
}
serialization.registerClass(PositiveFloor);
exposeInstancesAsSpecs(PositiveFloor);

/**
 * `'PositiveFloor'` used as an activation (or constraint) string is saved by
 * tfjs-layers as "positive_floor" and read back as `'positiveFloor'`: this
 * alias, the same constraint, makes such a model load.
 */
class PositiveFloorAlias extends PositiveFloor {
  /** @nocollapse */
  static override className = 'positiveFloor';
}
serialization.registerClass(PositiveFloorAlias);

/** Anything with a tfjs constraint's `apply`. */
type ConstraintLike = {
  apply(w: Tensor): Tensor
};

/**
 * The floor of a learned width under `constraint`: the constraint's own
 * floor when it is a {@link PositiveFloor}, else {@link DEFAULT_WIDTH_FLOOR}.
 */
export function widthFloor(constraint: ConstraintLike|null): number {
  return constraint instanceof PositiveFloor ? constraint.floor : DEFAULT_WIDTH_FLOOR;
}

/**
 * The value a layer computes with for a learned width (α or β):
 * `max(constraint(w), widthFloor(constraint))`. Whatever the constraint
 * (none, 'nonNeg', 'maxNorm', a user's own), the width stays >= the floor,
 * so training can never drive it to 0. NaN stays NaN (a diverged training
 * is reported, not hidden).
 */
export function constrainWidth(value: Tensor, constraint: ConstraintLike|null): Tensor {
  return tidy(() => maximum(constraint == null ? value : constraint.apply(value), widthFloor(constraint)));
}
