/**
 * What importing each entry of the packed packages registers globally in
 * tfjs: serializable classes (tf.serialization's registry, which saved models
 * refer to by name) and kernels. The plugin registers only its own classes
 * (SmeLU, GeneralizedSmeLU, the 'smelu' activation, PositiveFloor, plus the
 * aliases 'smeLu' and 'positiveFloor' under which tfjs reads back the names it
 * saved as "sme_lu" / "positive_floor", and 'generalizedSmeLu', how it reads
 * back the "generalized_sme_lu" of 0.1.x models) and only
 * its own kernels; `tfjs-smelu/core` and `tfjs-smelu/node` register no class;
 * the toolkit (both entries) adds its demo layers. Each entry loads in a fresh Node process
 * after tfjs (so tfjs's own registrations are in the "before" snapshot).
 * @fullRun packed
 */
import {ConsumerProject, INSTALL_TIMEOUT_MS, sharedConsumer} from './consumer_project';

const PLUGIN_CLASSES =
    ['GeneralizedSmeLU', 'PositiveFloor', 'SmeLU', 'generalizedSmeLu', 'positiveFloor', 'smeLu', 'smelu'];
const TOOLKIT_CLASSES = ['GELUBeta', 'LastAxisLayerNorm', 'ScatterEmbedding', 'SoftplusBeta', 'SwishBeta'];
const KERNEL_NAMES = ['GeneralizedSmeLU', 'GeneralizedSmeLUGrad', 'SmeLU', 'SmeLUGrad'];
const BACKENDS = ['cpu', 'webgl', 'webgpu', 'wasm', 'tensorflow'];

/** Snapshot helpers shared by the scripts (CommonJS and ESM). */
const SNAPSHOT = `
const BACKENDS = ${JSON.stringify(BACKENDS)};
const classNames = () => Object.keys(tf.serialization.SerializationMap.getMap().classNameMap);
const kernels = () => BACKENDS.flatMap((b) => tf.getKernelsForBackend(b).map((k) => k.kernelName + '@' + b));
const diff = (after, before) => after.filter((n) => !before.includes(n)).sort();
`;

/** Loads tfjs (`preload`), snapshots, requires `entry`, reports what was added. */
function cjsScript(entry: string, preload: string[]): string {
  return `const tf = require('@tensorflow/tfjs-core');
${preload.map((m) => `require('${m}');`).join('\n')}
${SNAPSHOT}
const [classesBefore, kernelsBefore] = [classNames(), kernels()];
require('${entry}');
const [classes, added] = [diff(classNames(), classesBefore), diff(kernels(), kernelsBefore)];
// The package's kernel table (loaded only now: the core entry registers them).
const ownKernels = require('tfjs-smelu/core').ALL_KERNEL_CONFIGS.map((c) => c.kernelName + '@' + c.backendName).sort();
console.log('RESULT ' + JSON.stringify({classes, kernels: added, ownKernels}));
`;
}

interface RegistrationCase {
  entry: string;
  preload: string[];
  classes: string[];
  registersKernels: boolean;
}

const TFJS_CORE_LAYERS = ['@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-layers'];

const CASES: RegistrationCase[] = [
  {entry: 'tfjs-smelu', preload: TFJS_CORE_LAYERS, classes: PLUGIN_CLASSES, registersKernels: true},
  {entry: 'tfjs-smelu/core', preload: TFJS_CORE_LAYERS, classes: [], registersKernels: true},
  {entry: 'tfjs-smelu/tfjs', preload: ['@tensorflow/tfjs'], classes: PLUGIN_CLASSES, registersKernels: true},
  {entry: 'tfjs-smelu/node', preload: TFJS_CORE_LAYERS, classes: [], registersKernels: false},
  {
    entry: 'tfjs-smelu-repro',
    preload: TFJS_CORE_LAYERS,
    classes: [...PLUGIN_CLASSES, ...TOOLKIT_CLASSES].sort(),
    registersKernels: true
  },
  // The Node entry trains models too (compareActivations, the workers), so it loads the same code as the main entry.
  {
    entry: 'tfjs-smelu-repro/node',
    preload: TFJS_CORE_LAYERS,
    classes: [...PLUGIN_CLASSES, ...TOOLKIT_CLASSES].sort(),
    registersKernels: true
  },
];

describe('registrations of each packed entry', () => {
  let project: ConsumerProject;
  beforeAll(async () => {
    project = await sharedConsumer();
  }, INSTALL_TIMEOUT_MS);

  it.each(CASES)(
      '$entry registers only its own classes and kernels', async ({entry, preload, classes, registersKernels}) => {
        const {result} = await project.runNode('registry.cjs', cjsScript(entry, preload));
        expect(result.classes).toEqual(classes);
        // Every kernel it adds is one of ours (by name) for one of the five backends, and they are exactly
        // the package's kernel table.
        for (const k of result.kernels) {
          const [name, backend] = k.split('@');
          expect(KERNEL_NAMES).toContain(name);
          expect(BACKENDS).toContain(backend);
        }
        expect(result.kernels).toEqual(registersKernels ? result.ownKernels : []);
        if (registersKernels) expect(result.kernels.length).toBeGreaterThanOrEqual(BACKENDS.length * 2);
      });

  it('registers one copy of each class when an ES module app imports every entry', async () => {
    // @tensorflow/tfjs first (tfjs-smelu/tfjs loads it, and with it the webgl backend's kernels).
    const {result} = await project.runNode('registry_all.mjs', `import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';
${SNAPSHOT}
const [classesBefore, kernelsBefore] = [classNames(), kernels()];
const s = await import('tfjs-smelu');
await import('tfjs-smelu/core');
const tfjs = await import('tfjs-smelu/tfjs');
await import('tfjs-smelu/node');
const r = await import('tfjs-smelu-repro');
await import('tfjs-smelu-repro/node');
const map = tf.serialization.SerializationMap.getMap().classNameMap;
console.log('RESULT ' + JSON.stringify({
  classes: diff(classNames(), classesBefore),
  kernels: diff(kernels(), kernelsBefore),
  ownKernels: s.ALL_KERNEL_CONFIGS.map((c) => c.kernelName + '@' + c.backendName).sort(),
  // The registered constructors are the exported classes (one copy of the plugin in the app).
  same: [map.SmeLU[0] === s.SmeLU, map.GeneralizedSmeLU[0] === s.GeneralizedSmeLU, map.PositiveFloor[0] === s.PositiveFloor,
    map.smelu[0] === s.SmeLUActivation, map.ScatterEmbedding[0] === r.ScatterEmbedding, tfjs.smelu === s.smelu],
}));
`);
    expect(result.classes).toEqual([...PLUGIN_CLASSES, ...TOOLKIT_CLASSES].sort());
    expect(result.kernels).toEqual(result.ownKernels);
    expect(result.same).toEqual([true, true, true, true, true, true]);
  });
});
