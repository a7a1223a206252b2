/**
 * The packed plugin under a bundler (esbuild, from the repository's own
 * devDependencies), resolving from the scratch consumer project:
 *
 * - `import * as tf from 'tfjs-smelu/tfjs'` bundled from tfjs's ES module
 *   sources (where `tf.layers` is a module namespace) and run in Node:
 *   `tf.layers.smelu({beta})` works.
 * - An op-only app (`import {smelu} from 'tfjs-smelu/core'` with tfjs-core
 *   and the cpu backend) contains no tfjs-layers code: checked on esbuild's
 *   metafile (the list of every input file that went into the bundle), with
 *   the main entry as the control that does pull tfjs-layers in. The size
 *   increment over the same app without the plugin is printed (minified and
 *   gzip); only a generous sanity bound is asserted.
 * @fullRun packed
 */
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';

import {smeluRef} from '../support/reference';
import {ConsumerProject, INSTALL_TIMEOUT_MS, runNodeScript, sharedConsumer} from './consumer_project';

/** Input files of a bundle that come from `pkg` (a package folder name under node_modules). */
function inputsFrom(metafile: esbuild.Metafile, pkg: string): string[] {
  return Object.keys(metafile.inputs).filter((file) => file.replace(/\\/g, '/').includes(`node_modules/${pkg}/`));
}

interface Bundle {
  bytes: number;
  gzipBytes: number;
  metafile: esbuild.Metafile;
}

async function bundleApp(dir: string, source: string): Promise<Bundle> {
  const entry = path.join(dir, `app-${Math.random().toString(36).slice(2, 8)}.mjs`);
  fs.writeFileSync(entry, source);
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: dir,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return {bytes: code.byteLength, gzipBytes: zlib.gzipSync(code, {level: 9}).byteLength, metafile: result.metafile};
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

describe('packed tfjs-smelu under esbuild', () => {
  let project: ConsumerProject;
  let dir: string;
  beforeAll(async () => {
    project = await sharedConsumer();
    dir = project.caseDir('esbuild');
  }, INSTALL_TIMEOUT_MS);
  afterAll(() => {
    if (dir != null) fs.rmSync(dir, {recursive: true, force: true});
  });

  it('bundles tfjs-smelu/tfjs from ES module sources, and tf.layers.smelu({beta: 1}) runs', async () => {
    const entry = path.join(dir, 'layers_app.mjs');
    const input = [[-3, 0.5], [1, -0.25], [2, 2]];
    fs.writeFileSync(entry, `import * as tf from 'tfjs-smelu/tfjs';
await tf.setBackend('cpu');
const model = tf.sequential({layers: [
  tf.layers.dense({units: 2, inputShape: [2], useBias: false, kernelInitializer: 'identity'}),
  tf.layers.smelu({beta: 1}),
]});
const x = tf.tensor2d(${JSON.stringify(input)});
const y = model.predict(x);
console.log('RESULT ' + JSON.stringify({y: Array.from(await y.data()), layer: model.layers[1].getClassName(),
  beta: model.layers[1].getConfig().beta, backend: tf.getBackend()}));
`);
    const out = path.join(dir, 'layers_bundle.mjs');
    const result = await esbuild.build({
      entryPoints: [entry],
      outfile: out,
      absWorkingDir: dir,
      bundle: true,
      format: 'esm',
      platform: 'node',
      // tfjs's ES module builds (package.json "module"), as browser bundlers use them.
      mainFields: ['module', 'main'],
      target: 'node18',
      metafile: true,
      logLevel: 'silent',
      // Node built-ins used by tfjs's Node platform code, loaded through require().
      banner: {js: `import {createRequire} from 'module'; const require = createRequire(import.meta.url);`},
    });
    // The bundle really holds tfjs's ES module sources (dist/index.js), not the CommonJS builds.
    expect(
        inputsFrom(result.metafile, '@tensorflow/tfjs-layers').some((f) => /tfjs-layers\/dist\/exports\.js$/.test(f)))
        .toBe(true);
    expect(inputsFrom(result.metafile, 'tfjs-smelu').some((f) => f.endsWith('.mjs'))).toBe(true);
    // Run the bundle from a folder without node_modules: everything it needs is inside it.
    const isolated = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-smelu-bundle-'));
    try {
      fs.copyFileSync(out, path.join(isolated, 'bundle.mjs'));
      const {result: run} = await runNodeScript(path.join(isolated, 'bundle.mjs'), isolated);
      expect(run.layer).toBe('SmeLU');
      expect(run.beta).toBe(1);
      expect(run.backend).toBe('cpu');
      const expected = input.flat().map((v) => smeluRef(v, 1));
      run.y.forEach((v: number, i: number) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1e-6));
    } finally {
      fs.rmSync(isolated, {recursive: true, force: true});
    }
  });

  it('an op-only bundle (tfjs-smelu/core + tfjs-core + cpu backend) contains no tfjs-layers code', async () => {
    const base = `import * as tf from '@tensorflow/tfjs-core';\nimport '@tensorflow/tfjs-backend-cpu';\n`;
    const use = (op: string) => `console.log(${op}(tf.tensor1d([-3, -1, 0, 1, 3]), 2).arraySync());\n`;
    const without = await bundleApp(dir, base + use('tf.relu'));
    const withCore = await bundleApp(dir, `${base}import {smelu} from 'tfjs-smelu/core';\n${use('smelu')}`);
    const withMain = await bundleApp(dir, `${base}import {smelu} from 'tfjs-smelu';\n${use('smelu')}`);

    // The structural property, and its controls: the plugin's code is in, and the main entry does pull
    // tfjs-layers in (so the check can see it when it happens).
    expect(inputsFrom(withCore.metafile, '@tensorflow/tfjs-layers')).toEqual([]);
    expect(inputsFrom(withCore.metafile, 'tfjs-smelu').length).toBeGreaterThan(0);
    expect(inputsFrom(withMain.metafile, '@tensorflow/tfjs-layers').length).toBeGreaterThan(0);
    expect(inputsFrom(without.metafile, 'tfjs-smelu')).toEqual([]);
    // Same tfjs-core and backend files in both apps: the increment is the plugin's own code.
    const tfjsInputs = (b: Bundle) =>
        Object.keys(b.metafile.inputs).filter((f) => f.includes('node_modules/@tensorflow/')).sort();
    expect(tfjsInputs(withCore)).toEqual(tfjsInputs(without));

    const coreIncrement = withCore.bytes - without.bytes;
    const coreGzipIncrement = withCore.gzipBytes - without.gzipBytes;
    const mainIncrement = withMain.bytes - without.bytes;
    const mainGzipIncrement = withMain.gzipBytes - without.gzipBytes;
    console.log(
        `op-only app (esbuild, minified ESM, browser): without the plugin ${kB(without.bytes)} ` +
        `(${kB(without.gzipBytes)} gzip); + tfjs-smelu/core: +${kB(coreIncrement)} (+${kB(coreGzipIncrement)} gzip); ` +
        `+ tfjs-smelu (main entry, with tfjs-layers): +${kB(mainIncrement)} (+${kB(mainGzipIncrement)} gzip)`);
    // Generous sanity bound (the plugin's kernels for five backends are tens of kB; tfjs-layers is hundreds).
    expect(coreIncrement).toBeGreaterThan(0);
    expect(coreIncrement).toBeLessThan(150_000);
    expect(mainIncrement).toBeGreaterThan(coreIncrement);
  });
});
