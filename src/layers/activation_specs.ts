/**
 * How this package's registered classes answer tfjs-layers when it looks an
 * activation up by name.
 *
 * tfjs-layers resolves `activation: 'smelu'`, `activation: {className,
 * config}` (and constraint, initializer and regularizer identifiers) through
 * the one serialization registry that also holds layer classes, by calling
 * the class's `fromConfig`. But it saves an activation by its class name
 * alone (`serializeActivation` is `getClassName()`), so an activation's
 * parameters never reach the saved file: `{className: 'SmeLU', config: {beta:
 * 1}}` would compute β = 1 and load back as β = 2. Keras keeps an activation's
 * config; tfjs-layers cannot, so the rule here is: an activation spec is
 * accepted only with the parameters its saved name loads back with, and
 * refused otherwise, when the layer using it is built, with one line naming
 * the parameter and its value and pointing to the layer that keeps it.
 *
 * `fromConfig` is not told whether tfjs-layers wants a layer or an
 * activation. A layer's saved config always has `name` and `trainable`
 * (tfjs-layers' and Keras's `getConfig` write both), so a config without
 * them is read as an activation spec.
 * Instances of this package's classes, which tfjs-layers only takes as
 * `{className, config}` dicts, are given that shape by
 * {@link exposeInstancesAsSpecs}, with a marker, so they are recognized too.
 */
import {serialization} from '@tensorflow/tfjs-core';

/** Marks a config that came from an instance given where tfjs-layers expects a spec (the instance itself). */
const FROM_INSTANCE = Symbol('tfjs-smelu instance given as a spec');

/**
 * Lets instances of `cls` be given where tfjs-layers expects `{className,
 * config}` (tfjs-layers accepts instances only of its own base classes): the
 * prototype gets read-only `className` and `config` views, and the config
 * carries a marker that `fromConfig` reads with {@link instanceGivenAsSpec}.
 * Nothing else in tfjs reads these properties of an instance.
 */
export function exposeInstancesAsSpecs(cls: {prototype: serialization.Serializable}): void {
  Object.defineProperties(cls.prototype, {
    className: {
      get(this: serialization.Serializable) {
        return this.getClassName();
      },
      configurable: true,
    },
    config: {
      get(this: serialization.Serializable) {
        return {...this.getConfig(), [FROM_INSTANCE]: this};
      },
      configurable: true,
    },
  });
}

/** The instance a config was read from, when tfjs-layers was given an instance (see {@link exposeInstancesAsSpecs}). */
export function instanceGivenAsSpec(config: serialization.ConfigDict): serialization.Serializable|undefined {
  return (config as {[FROM_INSTANCE]?: serialization.Serializable})[FROM_INSTANCE];
}

/** Whether `config` is a saved layer config (it has `name` and `trainable`) rather than an activation spec. */
export function isSavedLayerConfig(config: serialization.ConfigDict): boolean {
  return typeof config['name'] === 'string' && typeof config['trainable'] === 'boolean' &&
      instanceGivenAsSpec(config) === undefined;
}

/** What ends a refusal of a config read as an activation spec, for the author of a hand-written model file. */
export const SAVED_LAYER_CONFIG_HINT = 'A saved layer config has name and trainable.';

/** The parameters of a spec's config: everything but what tfjs-layers adds (`customObjects`). */
export function specParams(config: serialization.ConfigDict): Array<[string, unknown]> {
  return Object.entries(config).filter(([key]) => key !== 'customObjects');
}

/** A parameter's value as a user would write it: `1`, `true`, `'x'`, `{"a":1}` (cut at 80 characters). */
export function specValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null || typeof value !== 'object') return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Arguments every tfjs-layers layer takes (LayerArgs, and what Keras writes
 * for any layer): no part of the function, so a spec may carry them.
 */
export const LAYER_BASE_ARGS: readonly string[] =
    ['name', 'trainable', 'dtype', 'inputShape', 'batchInputShape', 'batchSize', 'inputDType'];

/**
 * Throws unless every parameter of an activation spec has the value its saved
 * name loads back with (`kept`: parameter → that value; `ignored` may be
 * anything). `who` is the class name as written; `instead` ends the message
 * with what to use.
 */
export function assertActivationParamsKept(
    who: string, config: serialization.ConfigDict, kept: Record<string, unknown>,
    instead: (param: string, value: unknown) => string, ignored: readonly string[] = []): void {
  for (const [param, value] of specParams(config)) {
    if (value === undefined || ignored.includes(param)) continue;
    const known = Object.prototype.hasOwnProperty.call(kept, param);
    if (known && value === kept[param]) continue;
    const rule = known ? `${param} must be ${specValue(kept[param])} there` : `it takes no parameter '${param}'`;
    throw new Error(
        `'${who}' as an activation: ${rule}, but got ${param} ${specValue(value)}, which would be ` +
        `lost: tfjs-layers saves an activation by its name alone. ${instead(param, value)}`);
  }
}
