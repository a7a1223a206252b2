/**
 * compareActivations end to end, through the worker processes of the demo's
 * engine (repro/dist/worker.cjs, cpu backend), on real open data from
 * Debian's python3-sklearn, converted to CSVs with header rows as a user
 * would, and models saved by the test itself:
 * - breast cancer (binary): a compiled Sequential MLP; 2 workers vs 1 worker
 *   on a rerun give bit-identical replicas and results; the report folder;
 *   loss, learning rate and metrics from the compile config;
 * - iris (multiclass): a functional model with two branches and no compile
 *   config, an eval file of its own, `init: 'different'`;
 * - diabetes (regression): `fromWeights`, the regression relative PD checked
 *   against an independent computation from the replicas' predictions.
 * Every bad input fails before anything runs, with its message, and writes nothing.
 * @fullRun built, debian-data
 */
import '@tensorflow/tfjs-backend-cpu';
// As a user's script: the umbrella package also registers the tensor methods tfjs-layers' Orthogonal initializer calls.
import '@tensorflow/tfjs';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {execFileSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import 'tfjs-smelu';
import type {ExperimentResult, ReplicaOutput} from 'tfjs-smelu-repro';
import type {CompareResult} from 'tfjs-smelu-repro/node';
import {compareActivations, CompareOptions, prepareComparison} from 'tfjs-smelu-repro/node';
import {RUN_DATA_DIR_PREFIX} from '../../../repro/src/compare/files';
import {splitRows} from '../../../repro/src/data/tabular';
import {defaultWorkerScript} from '../../../repro/src/parallel/pool';
import {writeOutputFiles} from '../../../repro/src/util/output_folder';
import {
  bits,
  BREAST_CANCER_FEATURES,
  convertSklearnClassification,
  convertSklearnDiabetes,
  IRIS_FEATURES,
  saveModel,
  tempDir,
  toCsv,
} from './support';

let dir: string;
let cancer: {path: string, rows: number[][]};
let cancerModel: string;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  defaultWorkerScript();  // fails clearly when the package is not built
  dir = tempDir();
  cancer = convertSklearnClassification('breast_cancer.csv', BREAST_CANCER_FEATURES, dir);
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({units: 16, activation: 'relu', inputShape: [30], name: 'hidden1'}),
      tfl.layers.dense({units: 8, activation: 'relu', name: 'hidden2'}),
      tfl.layers.dense({units: 1, activation: 'sigmoid', name: 'malignant_or_benign'}),
    ]
  });
  model.compile({optimizer: tf.train.adam(0.003), loss: 'binaryCrossentropy', metrics: ['accuracy']});
  cancerModel = await saveModel(model, path.join(dir, 'cancer-model'), {includeOptimizer: true});
});

afterAll(() => {
  fs.rmSync(dir, {recursive: true, force: true});
});

/** Worker processes of this test process that are still alive. */
function liveWorkers(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], {encoding: 'utf8'});
  return out.split('\n').filter((l) => l.includes('worker.cjs')).map((l) => Number(l.trim().split(/\s+/)[0]));
}

/** The run data folders (the workers' binary data file) in the OS temp folder now. */
const runDataDirs = () =>
    fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(RUN_DATA_DIR_PREFIX)).map((f) => path.join(os.tmpdir(), f));

const fingerprint = (outputs: ReplicaOutput[]) =>
    outputs.map((o) => ({task: o.task, probabilities: bits(o.probabilities), losses: bits(o.exampleLosses)}));

/** The results without what times or describes the run. */
const measurements = (r: ExperimentResult) => JSON.parse(
    JSON.stringify({...r, startedAt: 0, seconds: 0, run: 0, variants: r.variants.map((v) => ({...v, seconds: 0}))}));

/** Mean over pairs of replicas of mean_i f(p_r[i], p_s[i]) (float64), from the replicas' outputs of one variant. */
function pairMean(outputs: ReplicaOutput[], variant: number, f: (a: number, b: number) => number): number {
  const reps = outputs.filter((o) => o.task.variant === variant).sort((a, b) => a.task.replica - b.task.replica);
  const values: number[] = [];
  for (let r = 0; r < reps.length; r++) {
    for (let s = r + 1; s < reps.length; s++) {
      const a = reps[r].probabilities, b = reps[s].probabilities;
      let sum = 0;
      for (let i = 0; i < a.length; i++) sum += f(a[i], b[i]);
      values.push(sum / a.length);
    }
  }
  return values.reduce((x, y) => x + y, 0) / values.length;
}

test(
    'breast cancer, compiled Sequential MLP: 2 workers and a rerun on 1 worker agree bit for bit; the report folder',
    async () => {
      const out = path.join(dir, 'cancer-report');
      const options: CompareOptions = {
        model: cancerModel,
        data: cancer.path,
        label: 'target',
        standardize: true,
        activations: ['relu', 'smelu:1'],
        replicas: 3,
        epochs: 2,
        batchSize: 64,
        bootstrapDraws: 200,
        backend: 'cpu',
      };
      // While the workers run, the data they read is one binary file (trainX, trainY, evalX, evalY as float32) in a
      // temporary folder of the run; it is gone when the run ends.
      const before = new Set(runDataDirs());
      let during: string[] = [];
      let dataBytes = 0;
      const two = await compareActivations({
        ...options,
        jobs: 2,
        out,
        hooks: {
          onReady: () => {
            during = runDataDirs().filter((d) => !before.has(d));
            dataBytes = fs.statSync(path.join(during[0], 'data.bin')).size;
          }
        }
      });
      expect(during).toHaveLength(1);
      expect(dataBytes).toBe((455 * 30 + 455 + 114 * 30 + 114) * 4);
      expect(fs.existsSync(during[0])).toBe(false);
      const one = await compareActivations({...options, jobs: 1});
      expect(one.files).toBeNull();
      expect(fingerprint(one.outputs)).toEqual(fingerprint(two.outputs));
      expect(measurements(one.result)).toEqual(measurements(two.result));
      expect(two.result.run).toMatchObject({workers: 2});
      expect(one.result.run).toMatchObject({workers: 1});
      // The replicas do differ (each reshuffles its batches), so the equality above is not trivial.
      expect(bits(two.outputs[0].probabilities)).not.toEqual(bits(two.outputs[1].probabilities));
      expect(liveWorkers()).toEqual([]);

      const r = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as CompareResult;
      expect(fs.readdirSync(out).sort()).toEqual([
        'pd_by_activation.svg', 'pd_vs_loss.svg', 'report.html', 'results.json', 'table.md',
        'tfjs-smelu-repro-manifest.json'
      ]);
      expect(r.workload).toMatchObject({name: 'saved-model', kind: 'binary'});
      expect(r.config).toMatchObject(
          {learningRate: 0.003, regime: {init: 'same', order: 'different'}, shuffle: 'batch', replicas: 3});
      expect(r.compare).toMatchObject({
        task: 'binary',
        taskSource: 'compile config',
        start: 'initializers',
        outputMode: 'probabilities',
        loss: {name: 'binaryCrossentropy', identifier: 'binary_crossentropy', source: 'compile config'},
        metrics: {names: ['accuracy'], source: 'compile config'},
        compiledOptimizer: 'Adam (learning rate 0.003)',
        model: {
          className: 'Sequential',
          inputWidth: 30,
          outputWidth: 1,
          outputLayer: 'malignant_or_benign',
          parameters: 30 * 16 + 16 + 16 * 8 + 8 + 9
        },
        data: {
          label: 'target',
          numTrain: 455,
          numEval: 114,
          standardized: true,
          evalFraction: 0.2,
          features: BREAST_CANCER_FEATURES
        },
      });
      expect(r.compare!.data.trainClassCounts!.reduce((a, b) => a + b)).toBe(455);
      expect(r.compare!.swap.map((s) => [s.label, s.replaced.map((c) => c.layer)])).toEqual([
        ['ReLU', []], ['SmeLU β=1', ['hidden1', 'hidden2']]
      ]);
      // The headline PD and the compile config's accuracy, recomputed here from the replicas' outputs.
      const eval0 = two.outputs.filter((o) => o.task.variant === 0);
      const relative = (a: number, b: number) => Math.abs(a - b) / Math.max((a + b) / 2, 1e-6);
      expect(r.variants[0].relativePD!.mean).toBeCloseTo(pairMean(two.outputs, 0, relative), 10);
      expect(r.variants[1].relativePD!.mean).toBeCloseTo(pairMean(two.outputs, 1, relative), 10);
      for (const v of r.variants) {
        expect(v.metrics!.accuracy.values).toHaveLength(3);
        expect(v.metrics!.accuracy.mean).toBeGreaterThan(0.85);  // the data set is easy: a trained MLP gets > 90%
        expect(v.metrics!.accuracy.mean).toBeCloseTo(v.accuracy!.mean, 12);
      }
      expect(eval0).toHaveLength(3);
      expect(r.verdict).toHaveLength(1);
      expect(r.verdict[0]).toMatch(/^SmeLU β=1: relative PD \d\.\d\d× ReLU's \(95% CI/);
      // Standardized, the model learns: no warning, and both variants beat the constant baseline.
      expect(r.compare!.warnings).toEqual([]);
      expect(r.compare!.learning!.map((l) => [l.label, l.learned, l.constantReplicas])).toEqual([
        ['ReLU', true, 0], ['SmeLU β=1', true, 0]
      ]);
      expect(r.compare!.learning![0].evalLoss).toBeLessThan(0.7 * r.compare!.baseline.evalLoss);
      const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
      expect(html).toContain('Activation swap (swapActivations, per layer)');
      expect(html).toMatch(
          /hidden1<\/td><td>Dense<\/td><td>activation &#39;relu&#39;<\/td><td>activation &#39;linear&#39; \+ SmeLU layer &#39;hidden1_smelu&#39; \(beta=1\)/);
      expect(html).toContain('Metrics (from the compile config; mean ± sd over replicas)');
      expect((html.match(/<svg/g) ?? []).length).toBe(2);
    });

test('iris, a functional model with two branches and no compile config, an eval file, init different', async () => {
  const iris = convertSklearnClassification('iris.csv', IRIS_FEATURES, dir);
  // The user's own split: every fifth row is eval data.
  const header = [...IRIS_FEATURES, 'target'];
  fs.writeFileSync(path.join(dir, 'iris-train.csv'), toCsv(header, iris.rows.filter((_, i) => i % 5 !== 0)));
  fs.writeFileSync(path.join(dir, 'iris-eval.csv'), toCsv(header, iris.rows.filter((_, i) => i % 5 === 0)));
  const input = tfl.input({shape: [4], name: 'measurements'});
  const a = tfl.layers.dense({units: 8, activation: 'relu', name: 'branch_a'}).apply(input) as tfl.SymbolicTensor;
  // An orthogonal initializer: tfjs-layers needs tensor methods for it, which the workers register (see files.ts).
  const b0 = tfl.layers.dense({units: 8, name: 'branch_b', kernelInitializer: 'orthogonal'}).apply(input) as
      tfl.SymbolicTensor;
  const b = tfl.layers.leakyReLU({alpha: 0.1, name: 'branch_b_leaky'}).apply(b0) as tfl.SymbolicTensor;
  const joined = tfl.layers.concatenate({name: 'join'}).apply([a, b]) as tfl.SymbolicTensor;
  const h = tfl.layers.reLU({name: 'join_relu'}).apply(joined) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({units: 3, activation: 'softmax', name: 'species'}).apply(h) as tfl.SymbolicTensor;
  const modelFile = await saveModel(tfl.model({inputs: input, outputs: out}), path.join(dir, 'iris-model'));

  const {result, outputs} = await compareActivations({
    model: modelFile,
    data: path.join(dir, 'iris-train.csv'),
    eval: path.join(dir, 'iris-eval.csv'),
    label: 'target',
    standardize: true,
    activations: ['relu', 'smelu:2'],
    replicas: 3,
    epochs: 15,
    batchSize: 16,
    learningRate: 0.01,
    init: 'different',
    jobs: 2,
    backend: 'cpu',
    bootstrapDraws: 200,
  });
  expect(result.workload.kind).toBe('multiclass');
  expect(result.primaryMetric).toBe('halfL1');
  expect(result.config.regime.init).toBe('different');
  expect(result.compare).toMatchObject({
    task: 'multiclass',
    taskSource: 'output layer',
    loss: {name: 'sparseCategoricalCrossentropy', source: 'task'},
    metrics: {names: ['accuracy'], source: 'task'},
    model: {className: 'Functional', outputWidth: 3, outputActivation: 'softmax'},
    data: {numTrain: 120, numEval: 30, eval: path.join(dir, 'iris-eval.csv'), evalFraction: null},
  });
  const smelu = result.compare!.swap[1];
  expect(smelu.replaced.map((r) => [r.layer, r.className, r.after])).toEqual([
    ['branch_a', 'Dense', 'activation \'smelu\' (beta=2)'], ['join_relu', 'ReLU', 'SmeLU(beta=2)']
  ]);
  expect(smelu.skipped.map((s) => s.layer)).toEqual(['branch_b_leaky']);
  // Half-L1 PD recomputed from the outputs: ½ Σ_c |p₁[c] − p₂[c]| per example.
  const reps = outputs.filter((o) => o.task.variant === 0);
  let l1 = 0, pairs = 0;
  for (let r = 0; r < 3; r++) {
    for (let s = r + 1; s < 3; s++, pairs++) {
      let sum = 0;
      for (let i = 0; i < reps[r].probabilities.length; i++)
        sum += Math.abs(reps[r].probabilities[i] - reps[s].probabilities[i]);
      l1 += sum / 2 / 30;
    }
  }
  expect(result.variants[0].halfL1!.mean).toBeCloseTo(l1 / pairs, 10);
  for (const v of result.variants) expect(v.accuracy!.mean).toBeGreaterThan(0.6);
  expect(liveWorkers()).toEqual([]);
});

test(
    'diabetes regression from the saved weights: relative PD = mean |p₁ − p₂| / mean |y| of the eval labels',
    async () => {
      const diabetes = convertSklearnDiabetes(dir);
      const header = ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6', 'progression'];
      fs.writeFileSync(path.join(dir, 'diabetes-train.csv'), toCsv(header, diabetes.rows.slice(0, 354)));
      fs.writeFileSync(path.join(dir, 'diabetes-eval.csv'), toCsv(header, diabetes.rows.slice(354)));
      const model = tfl.sequential({
        layers: [tfl.layers.dense({units: 16, activation: 'relu', inputShape: [10]}), tfl.layers.dense({units: 1})]
      });
      model.compile({optimizer: 'sgd', loss: 'meanSquaredError'});
      const modelFile = await saveModel(model, path.join(dir, 'diabetes-model'), {includeOptimizer: true});

      const {result, outputs} = await compareActivations({
        model: modelFile,
        data: path.join(dir, 'diabetes-train.csv'),
        eval: path.join(dir, 'diabetes-eval.csv'),
        label: 'progression',
        standardize: true,
        fromWeights: true,
        activations: ['relu', 'smelu:1'],
        replicas: 3,
        epochs: 30,
        batchSize: 32,
        learningRate: 0.5,
        jobs: 2,
        backend: 'cpu',
        bootstrapDraws: 200,
      });
      const evalY = diabetes.rows.slice(354).map((r) => r[10]);
      const scale = evalY.reduce((a, y) => a + Math.abs(y), 0) / evalY.length;
      expect(result.workload.kind).toBe('regression');
      expect(result.regression!.scale).toBeCloseTo(scale, 4);
      expect(result.compare).toMatchObject({
        task: 'regression',
        taskSource: 'compile config',
        start: 'saved weights',
        outputMode: 'values',
        compiledOptimizer: 'SGD (learning rate 0.01)',
        loss: {name: 'meanSquaredError'},
        metrics: {names: ['mse', 'mae', 'r2'], source: 'task'},
      });
      expect(result.compare!.notes.join(' '))
          .toMatch(/the compile config's optimizer SGD \(learning rate 0.01\) is not used/);
      for (const [i, v] of result.variants.entries()) {
        const absolute = pairMean(outputs, i, (a, b) => Math.abs(a - b));
        expect(v.absolutePD!.mean).toBeCloseTo(absolute, 8);
        expect(v.relativePD!.mean).toBeCloseTo(absolute / scale, 10);
        expect(v.pd.estimate).toBeCloseTo(v.relativePD!.mean, 12);
        expect(v.top1Disagreement).toBeUndefined();
        expect(v.accuracy).toBeUndefined();
        // MSE metric = the eval loss (MSE); R² = 1 − MSE / Var(y), both over replicas.
        expect(v.metrics!.mse.mean).toBeCloseTo(v.evalLoss.mean, 0);
        const meanY = evalY.reduce((a, y) => a + y, 0) / evalY.length;
        const variance = evalY.reduce((a, y) => a + (y - meanY) ** 2, 0) / evalY.length;
        expect(v.r2!.mean).toBeCloseTo(1 - v.metrics!.mse.mean / variance, 6);
      }
      expect(result.verdict[0]).toMatch(/^SmeLU β=1: relative PD/);
    });

describe('when the comparison is not meaningful, compare says so', () => {
  /** The training split compare cuts (seed 1, 20 % held out), recomputed here from the rows. */
  const trainRows = () => {
    const {train} = splitRows(cancer.rows.length, 0.2, 1);
    return Array.from(train, (i) => cancer.rows[i]);
  };

  test(
      'raw breast cancer features (scales 0.005 to 1,000): a warning before training; no replica learns, and the verdict says so',
      async () => {
        const prepared = await prepareComparison({model: cancerModel, data: cancer.path, label: 'target'});
        // The root mean square of each feature over the training split, in float64: the extremes are named.
        const rows = trainRows();
        const rms =
            BREAST_CANCER_FEATURES.map((_, j) => Math.sqrt(rows.reduce((a, r) => a + r[j] * r[j], 0) / rows.length));
        const lo = rms.indexOf(Math.min(...rms)), hi = rms.indexOf(Math.max(...rms));
        expect([BREAST_CANCER_FEATURES[lo], BREAST_CANCER_FEATURES[hi]]).toEqual([
          'fractal dimension error', 'worst area'
        ]);
        expect(prepared.details.warnings).toEqual([expect.stringMatching(new RegExp(
            `^feature scales differ by orders of magnitude: the root mean square of 'fractal dimension error' is ${
                rms[lo].toPrecision(3)} and ` +
            `of 'worst area' ${
                Number(rms[hi].toPrecision(3))} \\(2\\.\\de\\+5×\\); .* Standardize them \\(standardize\\)\\.$`))]);
        expect(prepared.details.notes).toContain(`Warning: ${prepared.details.warnings[0]}`);
        // The constant-prediction floor: the training split's share of benign tumours, scored on the eval labels
        // (float64).
        const share = rows.filter((r) => r[30] === 1).length / rows.length;
        const evalLabels = Array.from(splitRows(cancer.rows.length, 0.2, 1).eval, (i) => cancer.rows[i][30]);
        const floor = -evalLabels.reduce((a, y) => a + y * Math.log(share) + (1 - y) * Math.log(1 - share), 0) /
            evalLabels.length;
        expect(prepared.details.baseline.evalLoss).toBeCloseTo(floor, 12);
        expect((await prepareComparison({model: cancerModel, data: cancer.path, label: 'target', standardize: true}))
                   .details.warnings)
            .toEqual([]);

        // Trained on the raw features (Adam at the compile config's 0.003), every replica predicts one constant.
        const {result, outputs} = await compareActivations({
          model: cancerModel,
          data: cancer.path,
          label: 'target',
          activations: ['relu', 'smelu:1'],
          replicas: 3,
          epochs: 3,
          jobs: 2,
          backend: 'cpu',
          bootstrapDraws: 200,
        });
        for (const o of outputs) expect(new Set(o.probabilities).size).toBe(1);
        expect(result.compare!.learning!.map((l) => [l.label, l.learned, l.constantReplicas])).toEqual([
          ['ReLU', false, 3], ['SmeLU β=1', false, 3]
        ]);
        expect(result.variants[0].evalLoss.mean).toBeGreaterThan(floor);
        expect(result.verdict).toHaveLength(2);
        expect(result.verdict[0])
            .toMatch(new RegExp(
                `^ReLU \\(the model as saved\\) did not learn: its eval loss [\\d.]+ is no better than ${
                    floor.toPrecision(3)}, the loss of always ` +
                `predicting the training labels' share of 1s, ${
                    share.toPrecision(3)}, and every replica predicts one constant value for every eval ` +
                'example\\. .* no ratio to it is reported\\. Try standardizing the features \\(standardize\\), a learning rate below 0\\.003 ' +
                '\\(learningRate\\), more epochs than 3 \\(epochs\\)\\.$'));
        expect(result.verdict[1]).toMatch(/^SmeLU β=1 did not learn either: /);
        expect(result.verdict.join(' ')).not.toMatch(/agree exactly|× ReLU's/);
      });

  test('text labels: positive \'M\' (binary) and classes (multiclass) give the arrays of the numeric labels', async () => {
    const header = [...BREAST_CANCER_FEATURES, 'diagnosis'];
    // scikit-learn's target is 0 = malignant, 1 = benign; written as M/B, with M the positive class: 1 − target.
    fs.writeFileSync(
        path.join(dir, 'cancer-mb.csv'),
        toCsv(header, cancer.rows.map((r) => [...r.slice(0, 30), r[30] === 0 ? 'M' : 'B'])));
    fs.writeFileSync(
        path.join(dir, 'cancer-01.csv'), toCsv(header, cancer.rows.map((r) => [...r.slice(0, 30), 1 - r[30]])));
    const mapped = await prepareComparison(
        {model: cancerModel, data: path.join(dir, 'cancer-mb.csv'), label: 'diagnosis', positive: 'M'});
    const numeric =
        await prepareComparison({model: cancerModel, data: path.join(dir, 'cancer-01.csv'), label: 'diagnosis'});
    expect(bits(mapped.arrays.trainX)).toEqual(bits(numeric.arrays.trainX));
    expect(bits(mapped.arrays.trainY as Float32Array)).toEqual(bits(numeric.arrays.trainY as Float32Array));
    expect(bits(mapped.arrays.evalY as Float32Array)).toEqual(bits(numeric.arrays.evalY as Float32Array));
    expect(mapped.details.data.labelNames).toEqual(['B', 'M']);
    expect(mapped.details.data.trainClassCounts).toEqual(numeric.details.data.trainClassCounts);
    expect(mapped.details.notes).toContain('Labels: \'B\' → 0, \'M\' → 1 (positive).');
    await expect(prepareComparison({
      model: cancerModel,
      data: path.join(dir, 'cancer-mb.csv'),
      label: 'diagnosis',
      names: {positive: '--positive'}
    }))
        .rejects.toThrow(
            /line 2, column 'diagnosis': the label 'M' is not a number; .* or name the positive class of text labels with --positive \(e\.g\. --positive 'M'\)\.$/);

    const iris = convertSklearnClassification('iris.csv', IRIS_FEATURES, dir);
    expect(iris.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    fs.writeFileSync(
        path.join(dir, 'iris-named.csv'),
        toCsv([...IRIS_FEATURES, 'species'], iris.rows.map((r) => [...r.slice(0, 4), iris.classes[r[4]]])));
    const irisModel = await saveModel(
        tfl.sequential({
          layers: [
            tfl.layers.dense({units: 8, activation: 'relu', inputShape: [4]}),
            tfl.layers.dense({units: 3, activation: 'softmax'})
          ]
        }),
        path.join(dir, 'iris-named-model'));
    const named = await prepareComparison(
        {model: irisModel, data: path.join(dir, 'iris-named.csv'), label: 'species', classes: iris.classes});
    const ids = await prepareComparison({model: irisModel, data: iris.path, label: 'target'});
    expect(named.arrays.trainY).toBeInstanceOf(Int32Array);
    expect(Array.from(named.arrays.trainY)).toEqual(Array.from(ids.arrays.trainY));
    expect(Array.from(named.arrays.evalY)).toEqual(Array.from(ids.arrays.evalY));
    await expect(prepareComparison({
      model: irisModel,
      data: path.join(dir, 'iris-named.csv'),
      label: 'species',
      classes: ['setosa', 'versicolor']
    }))
        .rejects.toThrow(
            'classes names 2 class(es) (\'setosa\', \'versicolor\'), but the model has 3 outputs, one per class.');
    await expect(
        prepareComparison(
            {model: cancerModel, data: path.join(dir, 'cancer-mb.csv'), label: 'diagnosis', classes: ['M', 'B']}))
        .rejects.toThrow('classes names the classes of a multiclass task, but the task is binary.');
  });

  test('a run whose workers fail removes its data folder too', async () => {
    const before = new Set(runDataDirs());
    await expect(compareActivations({
      model: cancerModel,
      data: cancer.path,
      label: 'target',
      standardize: true,
      replicas: 2,
      epochs: 1,
      activations: ['relu', 'smelu'],
      jobs: 1,
      backend: 'cpu',
      workerScript: path.join(dir, 'no-such-worker.cjs')
    })).rejects.toThrow(/worker 1 exited/);
    expect(runDataDirs().filter((d) => !before.has(d))).toEqual([]);
  });
});

describe('bad input: a clear error, and nothing is written', () => {
  const bad = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const header = [...BREAST_CANCER_FEATURES, 'target'].join(',');
  const row = (values: string[] = BREAST_CANCER_FEATURES.map(() => '1'), label = '0') => [...values, label].join(',');

  const cases: [string, () => Partial<CompareOptions>, RegExp|string][] = [
    ['data too large for the memory available (a sparse file of 1 TiB)', () => {
      const file = bad('huge.csv', fs.readFileSync(cancer.path, 'utf8') + fs.readFileSync(cancer.path, 'utf8').split('\n').slice(1).join('\n'));
      fs.truncateSync(file, 2 ** 40);
      return {data: file, jobs: 2};
    }, /^CSV file '.*huge\.csv' is too large: about [\d.]+ billion rows × 31 columns = [\d.]+ GB of float32 data \(estimated from its first rows\); with 2 worker\(s\), each holding the data, the run needs about 5× that, [\d.]+ GB, but [\d.]+ GB of memory is available\. Use fewer jobs, a sample of the rows, or fewer feature columns\.$/],
    ['a missing label column', () => ({label: 'diagnosis'}), /CSV file '.*breast_cancer\.csv' has no column 'diagnosis' \(label\); its 31 column\(s\) are 'mean radius', .* and 22 more\.$/],
    ['a missing feature column', () => ({features: ['mean radius', 'no such feature']}), /has no column 'no such feature' \(features\)/],
    ['a value that is not a number', () => ({data: bad('nan.csv', `${header}\n${row()}\n${row(BREAST_CANCER_FEATURES.map((_, i) => (i === 3 ? 'n/a' : '1')))}\n`)}),
      /CSV file '.*nan\.csv' line 3, column 'mean area': 'n\/a' is not a number; features must be numeric\./],
    ['a label outside the task\'s range', () => ({data: bad('label.csv', `${header}\n${row()}\n${row()}\n${row(undefined, '2')}\n`)}),
      /CSV file '.*label\.csv' line 4, column 'target': the label '2' is outside the binary task's labels 0 and 1\./],
    ['an empty file', () => ({data: bad('empty.csv', '')}), /CSV file '.*empty\.csv' is empty/],
    ['a header without rows', () => ({data: bad('header.csv', `${header}\n`)}), /CSV file '.*header\.csv' has a header row but no data rows\./],
    ['an eval file whose columns differ', () => ({eval: bad('eval.csv', `${header.replace('worst area', 'worst_area')}\n${row()}\n`)}),
      /the eval file '.*eval\.csv' has other columns than the training file '.*breast_cancer\.csv': it lacks 'worst area' and has 'worst_area'/],
    ['a model whose input width does not match the features', () => ({features: BREAST_CANCER_FEATURES.slice(0, 10)}),
      /the model '.*model\.json' takes 30 input features, but 10 feature column\(s\) of '.*breast_cancer\.csv' are selected \(mean radius, /],
    ['a missing model file', () => ({model: path.join(dir, 'nope', 'model.json')}), /model '.*nope\/model\.json' does not exist\./],
    ['a model folder without model.json', () => {
      const folder = path.join(dir, 'weights-only');
      fs.mkdirSync(folder, {recursive: true});
      fs.writeFileSync(path.join(folder, 'weights.bin'), '');
      return {model: folder};
    }, /^the folder '.*weights-only' has no model\.json \(a saved tfjs model is a model\.json and its weights files\); it holds 'weights\.bin'\.$/],
    ['a UTF-16 data file (as saved by a spreadsheet\'s "Unicode text")', () => {
      const file = path.join(dir, 'utf16.csv');
      fs.writeFileSync(file, Buffer.from(`\ufeff${fs.readFileSync(cancer.path, 'utf8')}`, 'utf16le'));
      return {data: file};
    }, /^CSV file '.*utf16\.csv' is UTF-16 LE text \(it starts with the UTF-16 LE byte-order mark FF FE\); .*iconv -f UTF-16LE -t UTF-8/],
    ['a missing data file', () => ({data: path.join(dir, 'nope.csv')}), /data '.*nope\.csv' does not exist\./],
    ['an activation swapActivations cannot make', () => ({activations: ['relu', 'gelu']}),
      /activations: compare makes its variants with swapActivations, which replaces ReLU with SmeLU, so it takes relu \(the model as saved\) and smelu\[:β\], but got 'gelu'/],
    ['a bad β', () => ({activations: ['relu', 'smelu:-1']}), /β in activations must be a finite number > 0, but got '-1'/],
    ['one replica', () => ({replicas: 1}), 'replicas must be an integer ≥ 2, but got 1.'],
    ['zero jobs', () => ({jobs: 0}), 'jobs must be an integer ≥ 1, but got 0.'],
    ['an eval file and a fraction', () => ({eval: cancer.path, evalFraction: 0.3}), 'give eval or evalFraction, not both.'],
    ['a fraction out of range', () => ({evalFraction: 1}), 'evalFraction must be a number between 0 and 1 (exclusive), but got 1.'],
    ['a task the compiled loss does not train', () => ({task: 'regression'}),
      /task 'regression' disagrees with the model's compiled loss 'binary_crossentropy', which trains a binary task/],
    ['init different with the saved weights', () => ({fromWeights: true, init: 'different'}),
      'init different has no effect with fromWeights: every replica starts from the saved weights.'],
  ];

  test.each(cases)('%s', async (_, override, message) => {
    const out = path.join(dir, 'never-written');
    await expect(compareActivations(
                     {model: cancerModel, data: cancer.path, label: 'target', backend: 'cpu', out, ...override()}))
        .rejects.toThrow(message);
    expect(fs.existsSync(out)).toBe(false);
    expect(liveWorkers()).toEqual([]);
  });

  test('a model without a ReLU to swap (tanh) is refused, and an existing output folder is left unchanged', async () => {
    const out = path.join(dir, 'kept');
    writeOutputFiles(
        out, {'results.json': 'earlier run'}, {writtenBy: 'compare.test'});  // an earlier report: accepted as --out
    const tanh = await saveModel(
        tfl.sequential({
          layers: [
            tfl.layers.dense({units: 4, activation: 'tanh', inputShape: [30], name: 'h'}),
            tfl.layers.dense({units: 1, activation: 'sigmoid', name: 'o'})
          ]
        }),
        path.join(dir, 'tanh-model'));
    await expect(prepareComparison({model: tanh, data: cancer.path, label: 'target', out}))
        .rejects.toThrow(
            /the model has no activation that swapActivations replaces .* Activations found: h: tanh, o: sigmoid\./);
    expect(fs.readdirSync(out).sort()).toEqual(['results.json', 'tfjs-smelu-repro-manifest.json']);
    expect(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).toBe('earlier run');
  });

  test('checking a comparison leaves no tensors behind in this process, whether it passes or fails', async () => {
    const before = tf.memory().numTensors;
    const prepared = await prepareComparison(
        {model: cancerModel, data: cancer.path, label: 'target', activations: ['relu', 'smelu:0.5', 'smelu']});
    expect(prepared.plan.variants.map((v) => v.label)).toEqual(['ReLU', 'SmeLU β=0.5', 'SmeLU β=1']);
    expect(prepared.details.swap.map((v) => v.replaced.length)).toEqual([0, 2, 2]);
    await expect(prepareComparison({model: cancerModel, data: cancer.path, label: 'target', features: ['mean radius']}))
        .rejects.toThrow(/takes 30 input features/);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('the options are named as the caller names them (the command line passes its flags)', async () => {
    await expect(prepareComparison({model: cancerModel, data: cancer.path, label: 'nope', names: {label: '--label'}}))
        .rejects.toThrow('has no column \'nope\' (--label)');
    await expect(
        prepareComparison(
            {model: cancerModel, data: cancer.path, label: 'target', replicas: 0, names: {replicas: '--replicas'}}))
        .rejects.toThrow('--replicas must be an integer ≥ 2, but got 0.');
  });
});
