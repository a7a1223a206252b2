/**
 * The browser example (examples/browser-training/) in headless Chromium: the
 * page as a user opens it, with its script tags pointing into the clone
 * (tfjs from node_modules, tfjs-smelu's <script> bundle built in memory from
 * the current sources). Runs the `?smoke` configuration and checks that it
 * trained on webgl, that the loss went down, and that the page logged no error.
 * @fullRun browser, built
 */
import * as path from 'path';
import type {Browser} from 'playwright-core';

import {
  bundleSourcesForBrowser,
  launchChromium,
  openPage,
  PageSession,
  serveStatic,
  StaticServer
} from '../support/browser/harness';
import {REPO_ROOT} from '../support/paths';

declare const tf: typeof import('@tensorflow/tfjs');

let browser: Browser;
let server: StaticServer;
let session: PageSession;

beforeAll(async () => {
  // The routes mirror the clone's layout, so the page's relative script URLs work unchanged.
  server = await serveStatic({
    '/examples/browser-training/': path.join(REPO_ROOT, 'examples', 'browser-training'),
    '/node_modules/@tensorflow/tfjs/dist/': path.dirname(require.resolve('@tensorflow/tfjs/dist/tf.min.js')),
    '/dist/tfjs-smelu.min.js': {body: await bundleSourcesForBrowser(), contentType: 'text/javascript'},
  });
  browser = await launchChromium();
  session = await openPage(browser, `${server.url}/examples/browser-training/index.html?smoke`);
  await session.page.waitForSelector('#status[data-state="done"], #status[data-state="error"]', {timeout: 90_000});
}, 180_000);

afterAll(async () => {
  await session?.close();
  await browser?.close();
  await server?.close();
});

test('the page trains on webgl without errors', async () => {
  const status = session.page.locator('#status');
  expect(session.errors).toEqual([]);
  expect(await status.getAttribute('data-state')).toBe('done');
  // The backend tf.setBackend really started (the page refuses to fall back to cpu).
  expect(await status.getAttribute('data-backend')).toBe('webgl');
  expect(await session.page.evaluate(() => tf.getBackend())).toBe('webgl');
  expect(await status.innerText()).toMatch(/^Done: 5 epochs on webgl, loss [\d.]+ → [\d.]+\.$/);
});

test('the model uses SmeLU layers, which have webgl kernels, and its loss went down', async () => {
  expect(await session.page.locator('#model').innerText()).toBe('Model: Dense → SmeLU → Dense → SmeLU → Dense');
  expect(await session.page.evaluate(() => tf.getKernel('SmeLU', 'webgl') != null)).toBe(true);
  const losses = await session.page.$$eval('#losses li', (items) => items.map((li) => Number(li.dataset.loss)));
  expect(losses).toHaveLength(5);
  for (const loss of losses) expect(Number.isFinite(loss)).toBe(true);
  expect(losses[4]).toBeLessThan(losses[0]);
  // The chart was drawn: some pixels of the canvas are no longer transparent.
  const drawn = await session.page.evaluate(() => {
    const canvas = document.getElementById('loss-chart') as HTMLCanvasElement;
    return canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data.some((v) => v !== 0);
  });
  expect(drawn).toBe(true);
});
