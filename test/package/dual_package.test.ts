/**
 * One copy of each package in a Node app that both `import`s and `require`s
 * it (the dual-package hazard), with the packed tarballs installed by npm
 * (consumer_project.ts): an ES module app with a CommonJS dependency, and a
 * CommonJS app with an ES module dependency. In each, a model with layers of
 * both packages (the plugin's SmeLU, GeneralizedSmeLU and 'smelu' activation,
 * the toolkit's LastAxisLayerNorm) is loaded through one module system and
 * its layers are checked with `instanceof` against the classes the other one
 * loaded; tfjs's class registry holds those same classes, and the toolkit's
 * activation registry is one registry.
 *
 * Node runs each package's CommonJS build for `import` too (package.json's
 * "node" condition, dist/*.node.mjs), as it does for tfjs's own packages.
 * @fullRun packed
 */
import {ConsumerProject, INSTALL_TIMEOUT_MS, sharedConsumer} from './consumer_project';

type ModuleKind = 'cjs'|'esm';

/** How each module system loads the packages into the names the shared code uses. */
function loadPackages(kind: ModuleKind): string {
  const modules: Record<string, string> = {
    tf: '@tensorflow/tfjs',
    smelu: 'tfjs-smelu',
    smeluNode: 'tfjs-smelu/node',
    smeluTfjs: 'tfjs-smelu/tfjs',
    repro: 'tfjs-smelu-repro',
    reproNode: 'tfjs-smelu-repro/node',
  };
  return Object.entries(modules)
      .map(([name,
             spec]) => kind === 'cjs' ? `const ${name} = require('${spec}');` : `import * as ${name} from '${spec}';`)
      .join('\n');
}

/**
 * The dependency: its own view of the packages (classes, registries) and a
 * model loader, written in `kind`'s module syntax.
 */
function dependencySource(kind: ModuleKind): string {
  const exported = kind === 'cjs' ? 'module.exports =' : 'export default';
  return `${loadPackages(kind)}
${exported} {
  classes: {
    SmeLU: smelu.SmeLU, GeneralizedSmeLU: smelu.GeneralizedSmeLU, SmeLUActivation: smelu.SmeLUActivation,
    LastAxisLayerNorm: repro.LastAxisLayerNorm, smeluFactory: smeluTfjs.layers.smelu, fileSystemHandler: smeluNode.fileSystemHandler,
  },
  classNameMap: () => tf.serialization.SerializationMap.getMap().classNameMap,
  load: (file) => tf.loadLayersModel(smeluNode.fileSystemHandler(file)),
  describe: (model) => model.layers.map((l) => ({
    smelu: l instanceof smelu.SmeLU,
    gSmelu: l instanceof smelu.GeneralizedSmeLU,
    norm: l instanceof repro.LastAxisLayerNorm,
    smeluActivation: l.activation instanceof smelu.SmeLUActivation,
  })),
  registerActivation: (name) => repro.registerActivation({
    name, label: name, formula: 'max(x, 0)', beta: null, createLayer: () => tf.layers.reLU(),
  }),
  activationNames: () => repro.activationNames(),
};
`;
}

/** The app: builds and saves the model, then checks both directions against the dependency. */
function appSource(kind: ModuleKind): string {
  const loadDependency = kind === 'esm' ? 'import dep from \'dep\';' : '';
  const awaitDependency = kind === 'cjs' ? '  const dep = (await import(\'dep\')).default;' : '';
  const pathModule = kind === 'esm' ? 'import * as path from \'path\';' : 'const path = require(\'path\');';
  return `${loadPackages(kind)}
${pathModule}
${loadDependency}
async function main() {
${awaitDependency}
  await tf.setBackend('cpu');
  const model = tf.sequential({layers: [
    tf.layers.dense({units: 4, inputShape: [3], activation: 'smelu'}),
    smelu.layers.smelu({beta: 0.5}),
    new repro.LastAxisLayerNorm(),
    smelu.layers.gSmelu({beta: 1, gNeg: -0.25}),
  ]});
  const dir = path.join(process.cwd(), 'model');
  await model.save(smeluNode.fileSystemHandler(dir));
  const file = path.join(dir, 'model.json');
  const mine = (m) => m.layers.map((l) => ({
    smelu: l instanceof smelu.SmeLU,
    gSmelu: l instanceof smelu.GeneralizedSmeLU,
    norm: l instanceof repro.LastAxisLayerNorm,
    smeluActivation: l.activation instanceof smelu.SmeLUActivation,
  }));
  // Loaded here, checked by the dependency with its own classes; loaded there, checked here.
  const loadedHere = await tf.loadLayersModel(smeluNode.fileSystemHandler(file));
  const loadedThere = await dep.load(file);
  const x = tf.tensor2d([[1, -2, 0.5], [3, 0, -1], [-0.2, 0.1, 2]]);
  const predict = (m) => Array.from(m.predict(x).dataSync());
  // The toolkit's activation registry: an entry added on either side is seen on the other.
  repro.registerActivation({name: 'relu-app', label: 'relu-app', formula: 'max(x, 0)', beta: null, createLayer: () => tf.layers.reLU()});
  dep.registerActivation('relu-dep');
  const map = tf.serialization.SerializationMap.getMap().classNameMap;
  return {
    checkedByDependency: dep.describe(loadedHere),
    checkedHere: mine(loadedThere),
    originalCheckedByDependency: dep.describe(model),
    sameClasses: {
      SmeLU: dep.classes.SmeLU === smelu.SmeLU,
      GeneralizedSmeLU: dep.classes.GeneralizedSmeLU === smelu.GeneralizedSmeLU,
      SmeLUActivation: dep.classes.SmeLUActivation === smelu.SmeLUActivation,
      LastAxisLayerNorm: dep.classes.LastAxisLayerNorm === repro.LastAxisLayerNorm,
      tfjsEntryFactory: dep.classes.smeluFactory === smeluTfjs.layers.smelu && smeluTfjs.layers.smelu === smelu.layers.smelu,
      fileSystemHandler: dep.classes.fileSystemHandler === smeluNode.fileSystemHandler,
    },
    registry: {
      one: dep.classNameMap() === map,
      SmeLU: map.SmeLU[0] === smelu.SmeLU,
      smelu: map.smelu[0] === smelu.SmeLUActivation,
      LastAxisLayerNorm: map.LastAxisLayerNorm[0] === repro.LastAxisLayerNorm,
    },
    activations: {
      appSeesDependencys: repro.activationNames().includes('relu-dep'),
      dependencySeesApps: dep.activationNames().includes('relu-app'),
    },
    predictions: [predict(model), predict(loadedHere), predict(loadedThere)],
  };
}
main().then((result) => console.log('RESULT ' + JSON.stringify(result)),
    (e) => { console.error(e && e.stack || e); process.exitCode = 1; });
`;
}

/** The dependency as a package of its own in the case folder: CommonJS or ES module. */
function dependencyFiles(kind: ModuleKind): Record<string, string> {
  const pkg = {name: 'dep', version: '1.0.0', ...(kind === 'esm' ? {type: 'module'} : {}), main: 'index.js'};
  return {
    'node_modules/dep/package.json': JSON.stringify(pkg),
    'node_modules/dep/index.js': dependencySource(kind),
  };
}

const ENTRIES = [
  {spec: 'tfjs-smelu', pkg: 'tfjs-smelu', build: 'index'},
  {spec: 'tfjs-smelu/core', pkg: 'tfjs-smelu', build: 'core'},
  {spec: 'tfjs-smelu/tfjs', pkg: 'tfjs-smelu', build: 'tfjs'},
  {spec: 'tfjs-smelu/node', pkg: 'tfjs-smelu', build: 'node'},
  {spec: 'tfjs-smelu-repro', pkg: 'tfjs-smelu-repro', build: 'index'},
  {spec: 'tfjs-smelu-repro/node', pkg: 'tfjs-smelu-repro', build: 'node'},
];

/**
 * For every entry: the names `import` gives in Node, the names of the ES
 * module build that bundlers get, and whether `import` and `require` give
 * the same objects.
 */
const PARITY_SCRIPT = `import {createRequire} from 'module';
import * as path from 'path';
const require = createRequire(import.meta.url);
const entries = ${JSON.stringify(ENTRIES)};
const result = {};
for (const {spec, pkg, build} of entries) {
  const imported = await import(spec);
  const required = require(spec);
  // The ES module build itself, by path (a second copy of the package, for its names only).
  const esm = await import(path.join(path.dirname(require.resolve(pkg + '/package.json')), 'dist', build + '.mjs'));
  const names = Object.keys(imported).sort();
  result[spec] = {
    names,
    esmNames: Object.keys(esm).sort(),
    sameAsRequire: names.every((n) => imported[n] === required[n]),
  };
}
console.log('RESULT ' + JSON.stringify(result));
`;

const LAYERS = [
  {smelu: false, gSmelu: false, norm: false, smeluActivation: true},  // Dense, activation 'smelu'
  {smelu: true, gSmelu: false, norm: false, smeluActivation: false},
  {smelu: false, gSmelu: false, norm: true, smeluActivation: false},
  {smelu: false, gSmelu: true, norm: false, smeluActivation: false},
];

describe('one copy of each package when an app mixes import and require', () => {
  let project: ConsumerProject;
  beforeAll(async () => {
    project = await sharedConsumer();
  }, INSTALL_TIMEOUT_MS);

  it('gives every name of each entry\'s ES module build to Node\'s import, as the objects require gives', async () => {
    const {result} = await project.runNode('parity.mjs', PARITY_SCRIPT);
    for (const {spec} of ENTRIES) {
      const {names, esmNames, sameAsRequire} = result[spec];
      expect({spec, names}).toEqual({spec, names: esmNames});
      expect(names.length).toBeGreaterThan(0);
      expect({spec, sameAsRequire}).toEqual({spec, sameAsRequire: true});
    }
    // tfjs-smelu/tfjs is @tensorflow/tfjs plus this package's layers and ops.
    expect(result['tfjs-smelu/tfjs'].names.length).toBeGreaterThan(500);
  }, 120_000);

  it.each([
    {app: 'esm' as const, dependency: 'cjs' as const, file: 'app.mjs'},
    {app: 'cjs' as const, dependency: 'esm' as const, file: 'app.cjs'},
  ])('$app app with a $dependency dependency: layers loaded by either are instances of the other\'s classes',
     async ({app, dependency, file}) => {
       const {result} = await project.runNode(file, appSource(app), dependencyFiles(dependency));
       expect(result.checkedByDependency).toEqual(LAYERS);
       expect(result.checkedHere).toEqual(LAYERS);
       expect(result.originalCheckedByDependency).toEqual(LAYERS);
       expect(result.sameClasses).toEqual({
         SmeLU: true,
         GeneralizedSmeLU: true,
         SmeLUActivation: true,
         LastAxisLayerNorm: true,
         tfjsEntryFactory: true,
         fileSystemHandler: true,
       });
       expect(result.registry).toEqual({one: true, SmeLU: true, smelu: true, LastAxisLayerNorm: true});
       expect(result.activations).toEqual({appSeesDependencys: true, dependencySeesApps: true});
       const [original, here, there] = result.predictions as number[][];
       expect(original).toHaveLength(12);
       expect(here).toEqual(original);
       expect(there).toEqual(original);
     },
     120_000);
});
