/**
 * `import * as tf from 'tfjs-smelu/tfjs'` in a browser app built by vite and
 * by webpack (the two bundlers where `tf.layers.smelu` used to be undefined
 * or a build error), from the packed tarball in the scratch consumer
 * project, then run in headless Chromium: `tf.layers.smelu({beta: 1})`
 * builds, predicts the float64 reference's values, and the page logs no
 * error.
 * @fullRun browser, packed
 */
import {execFile} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type {Browser} from 'playwright-core';
import {promisify} from 'util';

import {launchChromium, openPage, serveStatic} from '../support/browser/harness';
import {EditableJSON} from '../support/json';
import {smeluRef} from '../support/reference';
import {cleanEnv, ConsumerProject, INSTALL_TIMEOUT_MS, sharedConsumer} from './consumer_project';

const execFileAsync = promisify(execFile);

const INPUT = [[-3, 0.5], [1, -0.25], [2, 2]];

const APP = `import * as tf from 'tfjs-smelu/tfjs';

async function main() {
  await tf.setBackend('cpu');
  const model = tf.sequential({layers: [
    tf.layers.dense({units: 2, inputShape: [2], useBias: false, kernelInitializer: 'identity'}),
    tf.layers.smelu({beta: 1}),
  ]});
  const x = tf.tensor2d(${JSON.stringify(INPUT)});
  const y = model.predict(x);
  const result = {y: Array.from(await y.data()), layer: model.layers[1].getClassName(), backend: tf.getBackend()};
  tf.dispose([x, y]);
  model.dispose();
  return result;
}
main().then((r) => { window.RESULT = r; }, (e) => { window.RESULT = {error: String(e && e.stack || e)}; });
`;

const PAGE = (script: string) => `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,">
${script}
</head><body></body></html>
`;

const WEBPACK_BUILD = `const webpack = require('webpack');
const path = require('path');
webpack({
  mode: 'production', entry: './src/main.js', output: {path: path.resolve('dist-webpack'), filename: 'main.js'},
  // Minifying megabytes of tfjs takes long and tests nothing here.
  optimization: {minimize: false}, performance: {hints: false},
}, (err, stats) => {
  if (err) throw err;
  const info = stats.toJson({all: false, errors: true, warnings: true});
  console.log('RESULT ' + JSON.stringify({errors: info.errors.map((e) => e.message), warnings: info.warnings.map((w) => w.message)}));
});
`;

async function run(cwd: string, args: string[]): Promise<string> {
  try {
    const {stdout} =
        await execFileAsync(process.execPath, args, {cwd, env: cleanEnv(), encoding: 'utf8', maxBuffer: 64 << 20});
    return stdout;
  } catch (e) {
    const err = e as {stdout?: string, stderr?: string, message: string};
    throw new Error(`node ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
  }
}

describe('packed tfjs-smelu/tfjs in browser apps built by vite and webpack', () => {
  let project: ConsumerProject;
  let dir: string;
  let browser: Browser;
  beforeAll(async () => {
    project = await sharedConsumer();
    dir = project.caseDir('bundlers');
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'main.js'), APP);
    browser = await launchChromium();
  }, INSTALL_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    if (dir != null) fs.rmSync(dir, {recursive: true, force: true});
  });

  /** Serves `outDir`, opens `page`, waits for window.RESULT and checks it. */
  async function expectAppWorks(outDir: string, page: string): Promise<void> {
    const server = await serveStatic({'/': outDir});
    try {
      const session = await openPage(browser, `${server.url}/${page}`);
      await session.page.waitForFunction(
          () => (window as unknown as {RESULT?: unknown}).RESULT != null, null, {timeout: 60_000});
      const result = await session.page.evaluate(() => (window as unknown as {RESULT: EditableJSON}).RESULT);
      expect(result.error).toBeUndefined();
      expect(result.layer).toBe('SmeLU');
      expect(result.backend).toBe('cpu');
      const expected = INPUT.flat().map((v) => smeluRef(v, 1));
      result.y.forEach((v: number, i: number) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1e-6));
      expect(session.errors).toEqual([]);
      await session.close();
    } finally {
      await server.close();
    }
  }

  it('vite build', async () => {
    fs.writeFileSync(path.join(dir, 'index.html'), PAGE('<script type="module" src="/src/main.js"></script>'));
    fs.writeFileSync(
        path.join(dir, 'vite.config.mjs'),
        `export default {logLevel: 'error', build: {outDir: 'dist-vite', target: 'es2022', chunkSizeWarningLimit: 100000}};\n`);
    await run(
        dir,
        [path.join(project.dir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'vite.config.mjs']);
    await expectAppWorks(path.join(dir, 'dist-vite'), 'index.html');
  }, 300_000);

  it('webpack', async () => {
    fs.writeFileSync(path.join(dir, 'webpack.build.cjs'), WEBPACK_BUILD);
    const out = await run(dir, ['webpack.build.cjs']);
    const line = out.split('\n').find((l) => l.startsWith('RESULT '));
    expect(line).toBeDefined();
    expect(JSON.parse(line!.slice('RESULT '.length))).toEqual({errors: [], warnings: []});
    fs.writeFileSync(path.join(dir, 'dist-webpack', 'index.html'), PAGE('<script src="/main.js"></script>'));
    await expectAppWorks(path.join(dir, 'dist-webpack'), 'index.html');
  }, 300_000);
});
