/**
 * Every way of naming this package's classes where tfjs-layers takes an
 * activation (strings, aliases, `{className, config}` objects, instances,
 * through the main entry's tfjs-layers and the `tfjs-smelu/tfjs` entry's
 * `tf.layers`, and `swapActivations`' targets) either survives save and load
 * with its parameters or is refused when the layer is built, in one line
 * naming the parameter and the value.
 *
 * tfjs-layers saves an activation by its name alone, so only parameters that
 * the name loads back with can be accepted there. Each accepted spelling is
 * built into Dense(activation) → Activation(activation), compared with the
 * float64 reference, saved and loaded through io.withSaveHandler (in memory,
 * topology through JSON text), fileSystemHandler and tfjs-node's `file://`
 * handler (NodeFileSystem), and compared again.
 */
import '@tensorflow/tfjs-backend-cpu';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as path from 'path';

import {layers, PositiveFloor, SmeLUActivation, swapActivations, SwapActivationsOptions} from 'tfjs-smelu';
import {fileSystemHandler} from 'tfjs-smelu/node';
import * as tfjsEntry from 'tfjs-smelu/tfjs';
import {expectNoTensorLeaksPerTest} from '../support/leak_check';
import {saveAndLoadInMemory} from '../support/model_round_trip';
import {smeluRef} from '../support/reference';
import {
  denseWeights,
  disposeFully,
  makeTempDir,
  mlpReference,
  predictArrays,
  seededBias,
  seededKernel
} from '../support/swap_helpers';

// tfjs-node's handler class, the code behind its file:// scheme (pure JS: no native addon needed).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const {NodeFileSystem} = require('@tensorflow/tfjs-node/dist/io/file_system') as {
  NodeFileSystem: new (path: string) => tf.io.IOHandler,
};

type Act = (v: number) => number;
const smelu2: Act = (v) => smeluRef(v, 2);
const floor: Act = (v) => Math.max(v, Math.fround(1e-3));

/** Inputs that put pre-activations in every region of SmeLU (β = 2) and around the floor. */
const X = [[-3, 0.2], [0.5, -0.4], [2, 1], [-0.1, 0.05], [1.5, -2.5]];

/** Saves and loads a model through one IO route; `dir` is a fresh folder for the file routes. */
interface SaveRoute {
  name: string;
  roundTrip(model: tfl.LayersModel, dir: string): Promise<tfl.LayersModel>;
}

const ROUTES: SaveRoute[] = [
  {name: 'io.withSaveHandler (in memory)', roundTrip: (model) => saveAndLoadInMemory(model)},
  {
    name: 'fileSystemHandler',
    roundTrip: async (model, dir) => {
      await model.save(fileSystemHandler(dir));
      return tfl.loadLayersModel(fileSystemHandler(path.join(dir, 'model.json')));
    },
  },
  {
    name: 'tfjs-node\'s file://',
    roundTrip: async (model, dir) => {
      await model.save(new NodeFileSystem(dir));
      return tfl.loadLayersModel(new NodeFileSystem(path.join(dir, 'model.json')));
    },
  },
];

/** tfjs-layers' factories: the main entry's (tfjs-layers itself) or the `tfjs-smelu/tfjs` entry's `tf.layers`. */
const HOSTS: Array<{name: string, layers: Pick<typeof tfl.layers, 'dense'|'activation'>}> = [
  {name: 'tfjs-layers', layers: tfl.layers},
  {name: 'tfjs-smelu/tfjs\'s tf.layers', layers: tfjsEntry.layers},
];

/** Dense(activation) then Activation(activation): the spec in both places tfjs-layers takes one. */
function build(host: typeof HOSTS[number]['layers'], spec: () => unknown): tfl.Sequential {
  return tfl.sequential({
    layers: [
      host.dense({
        name: 'dense',
        units: 3,
        inputShape: [2],
        activation: spec() as never,
        kernelInitializer: seededKernel(1),
        biasInitializer: seededBias(2),
      }),
      host.activation({name: 'act', activation: spec() as never}),
    ]
  });
}

/** Float64 forward pass of build(): dense, act, act. */
function reference(model: tfl.LayersModel, act: Act): number[] {
  const dense = denseWeights(model.getLayer('dense'));
  return mlpReference(X, [{...dense, act}]).flatMap((row) => row.map(act));
}

function expectClose(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach(
      (v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected[i]))));
}

/** Activation specs that are accepted: each computes `act` and survives saving. */
const ACCEPTED: Array<{label: string, spec: () => unknown, act: Act}> = [
  {label: '\'smelu\'', spec: () => 'smelu', act: smelu2},
  {label: '\'SmeLU\' (the layer\'s class name)', spec: () => 'SmeLU', act: smelu2},
  {label: '\'smeLu\' (how tfjs-layers reads back "sme_lu")', spec: () => 'smeLu', act: smelu2},
  {
    label: '\'generalizedSmeLu\' (how tfjs-layers reads back 0.1.x\'s "generalized_sme_lu")',
    spec: () => 'generalizedSmeLu',
    act: smelu2
  },
  {label: '{className: \'smelu\', config: {}}', spec: () => ({className: 'smelu', config: {}}), act: smelu2},
  {
    label: '{className: \'smelu\', config: {beta: 2}}',
    spec: () => ({className: 'smelu', config: {beta: 2}}),
    act: smelu2
  },
  {
    label: '{className: \'SmeLU\', config: {beta: 2, learnBeta: false}}',
    spec: () => ({className: 'SmeLU', config: {beta: 2, learnBeta: false}}),
    act: smelu2
  },
  {label: '{className: \'smeLu\', config: {}}', spec: () => ({className: 'smeLu', config: {}}), act: smelu2},
  {
    label: '{className: \'SmeLU\', config: {name: \'act\', beta: 2}} (a layer\'s own arguments do not matter)',
    spec: () => ({className: 'SmeLU', config: {name: 'act', beta: 2}}),
    act: smelu2
  },
  {label: 'new SmeLUActivation()', spec: () => new SmeLUActivation(), act: smelu2},
  {label: '\'PositiveFloor\'', spec: () => 'PositiveFloor', act: floor},
  {label: '\'positiveFloor\'', spec: () => 'positiveFloor', act: floor},
  {
    label: '{className: \'PositiveFloor\', config: {floor: 0.001}}',
    spec: () => ({className: 'PositiveFloor', config: {floor: 0.001}}),
    act: floor
  },
  {label: 'new PositiveFloor()', spec: () => new PositiveFloor(), act: floor},
];

const LOST = 'which would be lost: tfjs-layers saves an activation by its name alone.';
const LAYER_HINT = '(A saved layer config has name and trainable.)';

/** Activation specs that are refused when the layer is built, with the one line each gets. */
const REFUSED: Array<{label: string, spec: () => unknown, message: string}> = [
  {
    label: '{className: \'SmeLU\', config: {beta: 1}}',
    spec: () => ({className: 'SmeLU', config: {beta: 1}}),
    message: `'SmeLU' as an activation: beta must be 2 there, but got beta 1, ${LOST} For beta 1 use activation: ` +
        `'linear' followed by layers.smelu({beta: 1}). ${LAYER_HINT}`,
  },
  {
    label: '{className: \'smelu\', config: {beta: 0.5}}',
    spec: () => ({className: 'smelu', config: {beta: 0.5}}),
    message: `'smelu' as an activation: beta must be 2 there, but got beta 0.5, ${LOST} For beta 0.5 use ` +
        `activation: 'linear' followed by layers.smelu({beta: 0.5}).`,
  },
  {
    label: '{className: \'smeLu\', config: {beta: 3}}',
    spec: () => ({className: 'smeLu', config: {beta: 3}}),
    message: `'smeLu' as an activation: beta must be 2 there, but got beta 3, ${LOST} For beta 3 use ` +
        `activation: 'linear' followed by layers.smelu({beta: 3}).`,
  },
  {
    label: '{className: \'generalizedSmeLu\', config: {beta: 1}}',
    spec: () => ({className: 'generalizedSmeLu', config: {beta: 1}}),
    message: `'generalizedSmeLu' as an activation: beta must be 2 there, but got beta 1, ${LOST} For beta 1 use ` +
        `activation: 'linear' followed by layers.smelu({beta: 1}).`,
  },
  {
    // A name without trainable is not a saved layer config: a user's spec.
    label: '{className: \'SmeLU\', config: {beta: 1, name: \'a\'}}',
    spec: () => ({className: 'SmeLU', config: {beta: 1, name: 'a'}}),
    message: `'SmeLU' as an activation: beta must be 2 there, but got beta 1, ${LOST} For beta 1 use activation: ` +
        `'linear' followed by layers.smelu({beta: 1}). ${LAYER_HINT}`,
  },
  {
    label: '{className: \'SmeLU\', config: {learnBeta: true}}',
    spec: () => ({className: 'SmeLU', config: {learnBeta: true}}),
    message: `'SmeLU' as an activation: learnBeta must be false there, but got learnBeta true, ${LOST} Use ` +
        `activation: 'linear' followed by layers.smelu({learnBeta: true, ...}). ${LAYER_HINT}`,
  },
  {
    label: '{className: \'smelu\', config: {alpha: 1}}',
    spec: () => ({className: 'smelu', config: {alpha: 1}}),
    message: `'smelu' as an activation: it takes no parameter 'alpha', but got alpha 1, ${LOST} The SmeLU layer ` +
        `takes beta, learnBeta, betaRegularizer, betaConstraint: use activation: 'linear' followed by layers.smelu({...}).`,
  },
  {
    label: '\'GeneralizedSmeLU\'',
    spec: () => 'GeneralizedSmeLU',
    message: 'GeneralizedSmeLU is a layer with learnable parameters, not an activation: the string ' +
        '\'GeneralizedSmeLU\' cannot be used as an activation (or constraint), where its parameters would be ' +
        'neither trained nor saved. Use activation: \'linear\' followed by layers.gSmelu({...}), or activation: ' +
        `'smelu' (SmeLU with beta 2). ${LAYER_HINT}`,
  },
  {
    label: '{className: \'GeneralizedSmeLU\', config: {beta: 1, gNeg: -0.5}}',
    spec: () => ({className: 'GeneralizedSmeLU', config: {beta: 1, gNeg: -0.5}}),
    message: 'GeneralizedSmeLU is a layer with learnable parameters, not an activation: {className: ' +
        '\'GeneralizedSmeLU\', config: {beta: 1, gNeg: -0.5}} cannot be used as an activation (or constraint), where ' +
        'its parameters would be neither trained nor saved. Use activation: \'linear\' followed by ' +
        `layers.gSmelu({beta: 1, gNeg: -0.5}), or activation: 'smelu' (SmeLU with beta 2). ${LAYER_HINT}`,
  },
  {
    label: 'layers.smelu({beta: 1, name: "s1"})',
    spec: () => layers.smelu({beta: 1, name: 's1'}),
    message: 'activation: a SmeLU layer (\'s1\', beta 1) is not an activation: tfjs-layers takes an activation\'s ' +
        'name or {className, config} there, and saves only the name. Use activation: \'linear\' and add the layer ' +
        'after it, or activation: \'smelu\' for SmeLU with beta 2.',
  },
  {
    label: 'tfjs-smelu/tfjs\'s tf.layers.smelu({name: \'s2\'}) (β = 2, still a layer)',
    spec: () => tfjsEntry.layers.smelu({name: 's2'}),
    message: 'activation: a SmeLU layer (\'s2\', beta 2) is not an activation: tfjs-layers takes an activation\'s ' +
        'name or {className, config} there, and saves only the name. Use activation: \'linear\' and add the layer ' +
        'after it, or activation: \'smelu\' for SmeLU with beta 2.',
  },
  {
    label: 'layers.gSmelu({beta: 1, name: "g1"})',
    spec: () => layers.gSmelu({beta: 1, name: 'g1'}),
    message: 'activation: a GeneralizedSmeLU layer (\'g1\', alpha: 2, beta: 1, gNeg: 0, gPos: 1, shift: 0) is not ' +
        'an activation: tfjs-layers takes an activation\'s name or {className, config} there, and saves only the ' +
        'name. Use activation: \'linear\' and add the layer after it, or activation: \'smelu\' for SmeLU with beta 2.',
  },
  {
    label: 'new PositiveFloor({floor: 0.5})',
    spec: () => new PositiveFloor({floor: 0.5}),
    message: 'A PositiveFloor instance with floor 0.5 was given to a tfjs-layers layer (as an activation or ' +
        'constraint): as an activation its floor would be lost, since tfjs-layers saves an activation by its name ' +
        'alone. As a constraint write {className: \'PositiveFloor\', config: {floor: 0.5}}.',
  },
  {
    label: '{className: \'PositiveFloor\', config: {flor: 0.5}}',
    spec: () => ({className: 'PositiveFloor', config: {flor: 0.5}}),
    message: 'PositiveFloor: unknown parameter \'flor\' (got 0.5); its only parameter is floor.',
  },
];

describe('activation specs of tfjs-smelu classes', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let warn: jest.SpyInstance;
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
    // 'generalizedSmeLu' explains itself once per process; its wording is checked in legacy_model.test.ts.
    warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterAll(() => warn.mockRestore());
  beforeEach(() => {
    temp = makeTempDir('specs');
  });
  afterEach(() => temp.cleanup());
  expectNoTensorLeaksPerTest();

  describe.each(HOSTS)('built with $name', (host) => {
    it.each(ACCEPTED)('accepts $label: computes it and keeps it through every save route', async ({spec, act}) => {
      const model = build(host.layers, spec);
      const input = tf.tensor2d(X);
      const want = reference(model, act);
      const predicted = predictArrays(model, input)[0];
      expectClose(predicted, want);
      for (const [i, route] of ROUTES.entries()) {
        const loaded = await route.roundTrip(model, path.join(temp.dir, `route${i}`));
        expect({route: route.name, predicted: predictArrays(loaded, input)[0]}).toEqual({route: route.name, predicted});
        // Saving what was loaded gives the same model again.
        const again = await saveAndLoadInMemory(loaded);
        expect(predictArrays(again, input)[0]).toEqual(predicted);
        disposeFully(again);
        disposeFully(loaded);
      }
      input.dispose();
      disposeFully(model);
    });

    it.each(REFUSED)('refuses $label when the layer is built, in one line', ({spec, message}) => {
      let error: Error|undefined;
      try {
        build(host.layers, spec);
      } catch (e) {
        error = e as Error;
      }
      expect(error?.message).toBe(message);
      expect(message).not.toContain('\n');
    });
  });

  it('reads a hand-written SmeLU layer config without trainable as a spec: β = 2 loads, another β is refused',
     async () => {
       const topology = (beta: number) => ({
         class_name: 'Sequential',
         config:
             {name: 'hand', layers: [{class_name: 'SmeLU', config: {name: 's', beta, batch_input_shape: [null, 2]}}]},
       });
       const loaded = await tfl.loadLayersModel(tf.io.fromMemory({modelTopology: topology(2)}));
       const input = tf.tensor2d(X);
       expectClose(predictArrays(loaded, input)[0], X.flat().map(smelu2));
       await expect(tfl.loadLayersModel(tf.io.fromMemory({modelTopology: topology(0.5)})))
           .rejects.toThrow(
               `'SmeLU' as an activation: beta must be 2 there, but got beta 0.5, ${
                   LOST} For beta 0.5 use activation: ` +
               `'linear' followed by layers.smelu({beta: 0.5}). ${LAYER_HINT}`);
       input.dispose();
       disposeFully(loaded);
     });

  it('refuses the same specs in a model.json (a Dense whose activation is a config object)', async () => {
    const model = build(tfl.layers, () => 'smelu');
    const {modelTopology, weightSpecs, weightData} = await new Promise<tf.io.ModelArtifacts>((resolve) => {
      void model.save(tf.io.withSaveHandler(async (a) => {
        resolve(a);
        return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
      }));
    });
    const topology = JSON.parse(JSON.stringify(modelTopology));
    topology.config.layers[0].config.activation = {class_name: 'SmeLU', config: {beta: 1}};
    await expect(tfl.loadLayersModel(tf.io.fromMemory({modelTopology: topology, weightSpecs, weightData})))
        .rejects.toThrow(REFUSED[0].message);
    disposeFully(model);
  });
});

describe('swapActivations\' targets', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeAll(async () => {
    expect(await tf.setBackend('cpu')).toBe(true);
  });
  beforeEach(() => {
    temp = makeTempDir('swap-specs');
  });
  afterEach(() => temp.cleanup());
  expectNoTensorLeaksPerTest();

  const TARGETS: Array<{options: SwapActivationsOptions, beta: number}> = [
    {options: {}, beta: 2},
    {options: {to: 'smelu'}, beta: 2},
    {options: {beta: 1}, beta: 1},
    {options: {beta: 0.3, to: 'smelu'}, beta: 0.3},
    {options: {to: {beta: 0.5}}, beta: 0.5},
    {options: {to: {className: 'SmeLU', config: {beta: 3}}}, beta: 3},
  ];

  it.each(TARGETS)(
      '$options: the swapped model computes SmeLU(β = $beta) and keeps it through every save route',
      async ({options, beta}) => {
        const relu = tfl.sequential({
          layers: [
            tfl.layers.dense({
              name: 'd1',
              units: 4,
              inputShape: [2],
              activation: 'relu',
              kernelInitializer: seededKernel(3),
              biasInitializer: seededBias(4)
            }),
            tfl.layers.dense({
              name: 'd2',
              units: 2,
              activation: 'relu',
              kernelInitializer: seededKernel(5),
              biasInitializer: seededBias(6)
            }),
          ]
        });
        const {model} = await swapActivations(relu, options);
        const input = tf.tensor2d(X);
        const act = (v: number) => smeluRef(v, beta);
        const want = mlpReference(X, [
                       {...denseWeights(model.getLayer('d1')), act}, {...denseWeights(model.getLayer('d2')), act}
                     ]).flat();
        const predicted = predictArrays(model, input)[0];
        expectClose(predicted, want);
        for (const [i, route] of ROUTES.entries()) {
          const loaded = await route.roundTrip(model, path.join(temp.dir, `route${i}`));
          expect({route: route.name, predicted: predictArrays(loaded, input)[0]})
              .toEqual({route: route.name, predicted});
          disposeFully(loaded);
        }
        input.dispose();
        disposeFully(model);
        disposeFully(relu);
      });

  it('refuses targets that name a g-SmeLU or a learned β (their parameters have no place in the swap)', async () => {
    const relu = tfl.sequential({layers: [tfl.layers.dense({units: 2, inputShape: [2], activation: 'relu'})]});
    for (const to
             of [{className: 'GeneralizedSmeLU', config: {beta: 1}},
                 {className: 'SmeLU', config: {beta: 1, learnBeta: true}}]) {
      await expect(swapActivations(relu, {to: to as never}))
          .rejects.toThrow(
              `swapActivations: options.to must be 'smelu' or a SmeLU layer config such as {beta: 1} or ` +
              `{className: 'SmeLU', config: {beta: 1}}, but got object ${JSON.stringify(to)}.`);
    }
    disposeFully(relu);
  });
});
