/**
 * The built browser bundle (dist/tfjs-smelu.min.js, from `npm run build`) in
 * a plain page: tfjs's own tf.min.js, then our bundle, by <script> tags, and
 * a dense layer with `activation: 'smelu'` on WebGL.
 * @fullRun browser
 */
import * as fs from 'fs';
import type {Browser} from 'playwright-core';

import {
  DIST_BUNDLE_FILE,
  launchChromium,
  openPage,
  scriptPage,
  serveStatic,
  StaticServer,
  TFJS_SCRIPT_URLS,
  tfjsRoutes
} from '../support/browser/harness';
import {smeluRef} from '../support/reference';

declare const tf: typeof import('@tensorflow/tfjs');
declare const tfSmelu: typeof import('tfjs-smelu');

const BUNDLE_URL = '/dist/tfjs-smelu.min.js';

describe('IIFE bundle (global tfSmelu) in a plain page', () => {
  let browser: Browser;
  let server: StaticServer;

  beforeAll(async () => {
    if (!fs.existsSync(DIST_BUNDLE_FILE)) {
      throw new Error(`${DIST_BUNDLE_FILE} is missing: run \`npm run build\` first (npm test does).`);
    }
    browser = await launchChromium();
    server = await serveStatic({
      ...tfjsRoutes(),
      [BUNDLE_URL]: DIST_BUNDLE_FILE,
      '/plain.html': {body: scriptPage([TFJS_SCRIPT_URLS.tf, BUNDLE_URL]), contentType: 'text/html'},
      '/without-tf.html': {body: scriptPage([BUNDLE_URL]), contentType: 'text/html'},
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await browser?.close();
  });

  it('runs tf.layers.dense({activation: \'smelu\'}) on webgl', async () => {
    const session = await openPage(browser, server.url + '/plain.html');
    // Fixed weights, so the expected output is computed here in float64.
    const kernel = [[0.5, -1, 2], [1.5, 0.25, -0.75], [-2, 1, 0.5], [0.1, -0.3, 1]];
    const bias = [0.2, -0.1, 0];
    const inputs = [[1, -2, 0.5, 3], [-1, 0, 2, -0.5], [0, 0, 0, 0], [4, 1, -3, 2]];
    const out = await session.page.evaluate(async ({kernel, bias, inputs}) => {
      const ok = await tf.setBackend('webgl');
      const model =
          tf.sequential({layers: [tf.layers.dense({units: 3, inputShape: [4], activation: 'smelu' as never})]});
      model.setWeights([tf.tensor2d(kernel), tf.tensor1d(bias)]);
      const x = tf.tensor2d(inputs);
      const y = model.predict(x) as import('@tensorflow/tfjs').Tensor;
      const result = {
        ok,
        backend: tf.getBackend(),
        globals: [typeof tfSmelu.smelu, typeof tfSmelu.layers.smelu],
        // Registered in the page's tf (no second copy of tfjs inside the bundle).
        webglKernel: tf.getKernel('SmeLU', 'webgl') != null,
        activation: (model.layers[0].getConfig() as {activation: string}).activation,
        y: Array.from(await y.data()),
      };
      tf.dispose([x, y]);
      model.dispose();
      return result;
    }, {kernel, bias, inputs});
    expect(out.ok).toBe(true);
    expect(out.backend).toBe('webgl');
    expect(out.globals).toEqual(['function', 'function']);
    expect(out.webglKernel).toBe(true);
    expect(out.activation).toBe('smelu');
    const expected = inputs.flatMap((row) => bias.map((b, j) => {
      const z = row.reduce((sum, v, i) => sum + v * kernel[i][j], b);
      return smeluRef(z, 2);
    }));
    out.y.forEach(
        (v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected[i]))));
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it('says what is missing when loaded without TensorFlow.js', async () => {
    const session = await openPage(browser, server.url + '/without-tf.html');
    expect(session.errors.join('\n')).toMatch(/load TensorFlow\.js \(the global `tf`/);
    await session.close();
  });
});
