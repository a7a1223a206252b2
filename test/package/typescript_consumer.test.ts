/**
 * A TypeScript consumer (strict) of the packed packages, type checked with
 * `tsc --noEmit` (the repository's TypeScript) under the three module
 * resolutions users have: node16 (an .mts file, resolved through "import"
 * conditions, and a .cts file, through "require"), bundler, and node10
 * (which ignores "exports" and needs "typesVersions" for subpaths). The code
 * uses the op, the layer factories, `tf.layers.smelu` through
 * `tfjs-smelu/tfjs`, `swapActivations`, the node IO handler and the toolkit;
 * `@ts-expect-error` lines prove the types are real (an `any` would make
 * them unused, which tsc reports).
 * @fullRun packed
 */
import {execFile} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {promisify} from 'util';

import {REPO_ROOT} from '../support/paths';
import {ConsumerProject, INSTALL_TIMEOUT_MS, sharedConsumer} from './consumer_project';

const execFileAsync = promisify(execFile);
const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const APP = `import * as tfc from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  DEFAULT_SMELU_BETA, GeneralizedSmeLU, generalizedSmelu, layers, SmeLU, smelu, swapActivations, SwapActivationsResult,
} from 'tfjs-smelu';
import {smelu as coreSmelu, SmeLUKernelName} from 'tfjs-smelu/core';
import * as tf from 'tfjs-smelu/tfjs';
import {fileSystemHandler, FileSystemHandlerOptions} from 'tfjs-smelu/node';
import {relativePD, PairwiseStats} from 'tfjs-smelu-repro';
import {writeReport, loadDigits} from 'tfjs-smelu-repro/node';

export async function main(): Promise<number> {
  const x: tfc.Tensor1D = tfc.tensor1d([-1, 0, 1]);
  const y: tfc.Tensor1D = smelu(x, 2);
  const z: tfc.Tensor1D = coreSmelu(x);
  const g: tfc.Tensor = generalizedSmelu(x, {alpha: 1, beta: 2});
  const kernelName: string = SmeLUKernelName;
  const beta: number = DEFAULT_SMELU_BETA;
  // @ts-expect-error beta is a number
  smelu(x, 'two');

  const layer: SmeLU = layers.smelu({beta: 1});
  const generalized: GeneralizedSmeLU = layers.gSmelu({alpha: 1, beta: 2});
  // @ts-expect-error beta is a number
  layers.smelu({beta: 'wide'});

  // tf.layers.smelu through the drop-in for @tensorflow/tfjs.
  const model: tf.Sequential = tf.sequential({layers: [
    tf.layers.dense({units: 4, inputShape: [2], activation: 'relu'}),
    tf.layers.smelu({beta: 1}),
    tf.layers.gSmelu({alpha: 1}),
  ]});
  const fromTfjs: SmeLU = tf.layers.smelu({beta: 0.5});
  // @ts-expect-error beta is a number
  tf.layers.smelu({beta: 'wide'});
  // @ts-expect-error tf.layers has no such factory
  tf.layers.notALayer();

  const swapped: SwapActivationsResult = await swapActivations(model, {beta: 1});
  const swappedModel: tfl.LayersModel = swapped.model;
  // @ts-expect-error the result's model is a LayersModel
  const notAString: string = swapped.model;

  const options: FileSystemHandlerOptions = {overwrite: true};
  const handler: tfc.io.IOHandler = fileSystemHandler('model-dir', options);

  const pd: tfc.Scalar = relativePD(y, z);
  const stats: PairwiseStats | undefined = undefined;
  const report: typeof writeReport = writeReport;
  const digits: typeof loadDigits = loadDigits;
  void [g, kernelName, beta, layer, generalized, fromTfjs, swappedModel, notAString, handler, pd, stats, report, digits];
  return y.size;
}
`;

/** Each configuration: module settings and the files it checks. */
const CONFIGS: Record<string, {compilerOptions: Record<string, unknown>, files: string[]}> = {
  node16: {compilerOptions: {module: 'node16', moduleResolution: 'node16'}, files: ['app.mts', 'app.cts']},
  bundler: {compilerOptions: {module: 'esnext', moduleResolution: 'bundler'}, files: ['app.ts']},
  node10: {compilerOptions: {module: 'commonjs', moduleResolution: 'node10'}, files: ['app.ts']},
};

describe('packed packages in a strict TypeScript project', () => {
  let project: ConsumerProject;
  let dir: string;
  beforeAll(async () => {
    project = await sharedConsumer();
    dir = project.caseDir('typescript');
    for (const file of ['app.mts', 'app.cts', 'app.ts']) fs.writeFileSync(path.join(dir, file), APP);
    for (const [name, config] of Object.entries(CONFIGS)) {
      fs.writeFileSync(
          path.join(dir, `tsconfig.${name}.json`),
          JSON.stringify(
              {
                compilerOptions: {
                  strict: true,
                  noEmit: true,
                  target: 'es2020',
                  lib: ['es2020', 'dom'],
                  // Our .d.ts files are checked too (and, with them, the @tensorflow ones they reach).
                  skipLibCheck: false,
                  noUnusedLocals: false,
                  ...config.compilerOptions,
                },
                files: config.files,
              },
              null, 2));
    }
  }, INSTALL_TIMEOUT_MS);
  afterAll(() => {
    if (dir != null) fs.rmSync(dir, {recursive: true, force: true});
  });

  it.each(Object.keys(CONFIGS))('type checks with moduleResolution %s', async (name) => {
    const {code, output} = await runTsc(dir, `tsconfig.${name}.json`);
    const {ours, tfjs} = splitErrors(output);
    if (tfjs.length > 0) {
      console.log(
          `tsc (${name}): ignored ${tfjs.length} errors inside @tensorflow's own .d.ts files ` +
          '(strict mode without skipLibCheck; they appear without this package too)');
    }
    expect(ours).toEqual([]);
    // A failure that printed no error of either kind (a bad tsconfig, a crash) is a failure too.
    if (code !== 0) expect(tfjs.length).toBeGreaterThan(0);
  }, 300_000);
});

async function runTsc(cwd: string, project: string): Promise<{code: number, output: string}> {
  try {
    const {stdout, stderr} =
        await execFileAsync(process.execPath, [TSC, '-p', project, '--pretty', 'false'], {cwd, encoding: 'utf8'});
    return {code: 0, output: stdout + stderr};
  } catch (e) {
    const err = e as {code?: number, stdout?: string, stderr?: string};
    if (typeof err.code !== 'number') throw e;
    return {code: err.code, output: (err.stdout ?? '') + (err.stderr ?? '')};
  }
}

/**
 * tsc's errors (a `file(line,col): error TS…` line plus its indented
 * continuation lines), split into those inside @tensorflow's .d.ts files and
 * all others (our app, our .d.ts files, configuration errors).
 */
function splitErrors(output: string): {ours: string[], tfjs: string[]} {
  const errors: string[] = [];
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line) && errors.length > 0) {
      errors[errors.length - 1] += `\n${line}`;
    } else {
      errors.push(line);
    }
  }
  const inTfjs = (e: string) => /^[^(]*node_modules\/@tensorflow\/[^(]*\.d\.ts\(\d+,\d+\): error TS/.test(e);
  return {ours: errors.filter((e) => !inTfjs(e)), tfjs: errors.filter(inTfjs)};
}
