/**
 * Turns layer arguments that name an initializer, regularizer or constraint
 * into objects, and back into configs, with tfjs's public serialization
 * registry only (tfjs-layers' own `getInitializer` & co. are not exported).
 */
import {ones, serialization, Tensor, tidy} from '@tensorflow/tfjs-core';

import {describeValue} from '../validate';

/** What the helpers accept: an instance, a tfjs identifier string, or a `{className, config}` dict. */
export type SerializableIdentifier = serialization.Serializable|string|serialization.ConfigDict;

/** tfjs identifier strings whose class name is not just the capitalized identifier. */
const SPECIAL_CLASS_NAMES: Record<string, string> = {
  l1l2: 'L1L2'
};

/**
 * Resolves `identifier` into an instance (`null`/`undefined` → `null`).
 * `'ones'` → `Ones`, `'nonNeg'` → `NonNeg`, `{className: 'PositiveFloor',
 * config: {floor: 0.01}}` → that class's instance. Unknown names throw an
 * error naming `where` and `argName`.
 */
export function resolveSerializable<T>(identifier: unknown, where: string, argName: string): T|null {
  if (identifier == null) return null;
  if (typeof identifier === 'object' && typeof (identifier as {getClassName?: unknown}).getClassName === 'function') {
    return identifier as T;
  }
  const classNameMap = serialization.SerializationMap.getMap().classNameMap;
  let className: string;
  let config: serialization.ConfigDict = {};
  if (typeof identifier === 'string') {
    className = SPECIAL_CLASS_NAMES[identifier] ?? identifier.charAt(0).toUpperCase() + identifier.slice(1);
  } else if (typeof identifier === 'object' && typeof (identifier as {className?: unknown}).className === 'string') {
    className = (identifier as {className: string}).className;
    config = ((identifier as {config?: serialization.ConfigDict}).config) ?? {};
  } else {
    throw new Error(`${where}: ${argName} must be an object, a name or a {className, config} dict, but got ${
        describeValue(identifier)}.`);
  }
  const entry = classNameMap[className];
  if (entry == null) {
    throw new Error(`${where}: ${argName} names an unknown class '${
        className}' (is it registered with tf.serialization.registerClass?).`);
  }
  const [cls, fromConfig] = entry;
  return fromConfig(cls, config) as unknown as T;
}

/** `{className, config}` of an instance, or `null`. */
export function serializeSerializable(obj: serialization.Serializable|null): serialization.ConfigDict|null {
  if (obj == null) return null;
  return {className: obj.getClassName(), config: obj.getConfig()};
}

/**
 * Throws, naming the argument, unless `constraint` can be applied to a weight
 * of `shape` (tfjs's norm constraints, e.g. 'maxNorm', need an axis that a
 * scalar β does not have). Called before any weight is added.
 */
export function assertConstraintApplies(
    constraint: {apply(w: Tensor): Tensor, getClassName ? () : string}|null, shape: number[], where: string,
    argName: string, weightName: string): void {
  if (constraint == null) return;
  try {
    tidy(() => {
      constraint.apply(ones(shape));
    });
  } catch (error) {
    const className = constraint.getClassName?.() ?? 'the constraint';
    throw new Error(
        `${where}: ${argName} (${className}) cannot be applied to ${weightName}, a weight of ` +
        `shape [${shape}]: ${(error as Error).message}`);
  }
}
