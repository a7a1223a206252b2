/**
 * Browser test harness: a system Chromium driven by playwright-core, and
 * pages served by the test itself from 127.0.0.1. Shared by the browser test
 * suites, the benchmarks and the demo's end-to-end test.
 *
 * ```ts
 * const browser = await launchChromium();
 * const server = await serveStatic({
 *   '/': {body: scriptPage([TFJS_SCRIPT_URLS.tf, '/tfjs-smelu.min.js']), contentType: 'text/html'},
 *   [TFJS_SCRIPT_URLS.tf]: TFJS_SCRIPT_FILES.tf,
 *   '/tfjs-smelu.min.js': DIST_BUNDLE_FILE,
 * });
 * const session = await openPage(browser, server.url);
 * expect(await session.page.evaluate(() => tf.setBackend('webgl'))).toBe(true);
 * ...
 * expect(session.errors).toEqual([]);
 * await session.close(); await server.close(); await browser.close();
 * ```
 *
 * Failing loudly is the point: a missing or broken browser throws
 * {@link BrowserUnavailableError} (the suites fail; they never skip).
 */
import * as fs from 'fs';
import * as http from 'http';
import type {AddressInfo} from 'net';
import * as path from 'path';
import {chromium} from 'playwright-core';
import type {Browser, Page} from 'playwright-core';

import {REPO_ROOT} from '../paths';


/**
 * Chromium flags that work on headless machines without a GPU: SwiftShader
 * renders WebGL2 (never pass --disable-gpu, which turns WebGL off), WebGPU
 * needs --enable-unsafe-webgpu on Linux, and the rest stop network calls
 * that would only time out on a machine without internet.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The browser is missing or would not start; the message says what to do. */
export class BrowserUnavailableError extends Error {
  override name = 'BrowserUnavailableError';
}

/**
 * Path of the system Chromium: $CHROMIUM_PATH, else /usr/bin/chromium (what
 * scripts/ensure-chromium.js, run by `npm test`'s pretest, installs).
 * @throws BrowserUnavailableError when there is none.
 */
export function chromiumExecutablePath(): string {
  // scripts/ holds plain CommonJS outside the TypeScript project, so it is required by path, not imported.
  const script = path.join(REPO_ROOT, 'scripts', 'ensure-chromium.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const {findChromium} = require(script) as {findChromium(): string | null};
  let found: string|null;
  try {
    found = findChromium();
  } catch (e) {
    throw new BrowserUnavailableError(`Browser tests need Chromium: ${(e as Error).message}`);
  }
  if (found == null) {
    throw new BrowserUnavailableError(
        'Browser tests need Chromium, and none was found (CHROMIUM_PATH unset, no /usr/bin/chromium). ' +
        'Run `node scripts/ensure-chromium.js` (installs it with apt-get as root) or set CHROMIUM_PATH.');
  }
  return found;
}

/**
 * Starts headless Chromium with {@link CHROMIUM_ARGS} (plus `extraArgs`).
 * One browser per test file is plenty; open a page per configuration.
 * @throws BrowserUnavailableError when it cannot be found or started.
 */
export async function launchChromium(options: {extraArgs?: string[]} = {}): Promise<Browser> {
  const executablePath = chromiumExecutablePath();
  try {
    return await chromium.launch({
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
      timeout: 60_000,
    });
  } catch (e) {
    throw new BrowserUnavailableError(`Chromium at ${executablePath} did not start: ${(e as Error).message}`);
  }
}

/** What a route serves: a file or directory path on disk, or a body in memory. */
export type StaticRoute = string|{body: string | Buffer, contentType?: string};

/** A running server; `url` has no trailing slash, e.g. `http://127.0.0.1:41234`. */
export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Serves `routes` on 127.0.0.1 at a free port (a secure context, which WebGPU
 * requires). A key like `'/tf.min.js'` serves that exact path; a key ending
 * in `/` maps a directory (requests cannot escape it). Missing paths get 404.
 * Files are read on each request, so a rebuilt file is served fresh.
 */
export async function serveStatic(routes: Record<string, StaticRoute>): Promise<StaticServer> {
  for (const [key, route] of Object.entries(routes)) {
    if (!key.startsWith('/')) throw new Error(`serveStatic: route "${key}" must start with "/"`);
    if (typeof route === 'string' && !fs.existsSync(route)) {
      throw new Error(`serveStatic: route "${key}" points at ${route}, which does not exist`);
    }
  }
  const server = http.createServer((request, response) => {
    const requested = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const resolved = resolveRoute(routes, requested);
    if (resolved == null) {
      response.writeHead(404, {'content-type': 'text/plain'}).end(`not found: ${requested}`);
      return;
    }
    if ('body' in resolved) {
      response.writeHead(200, {'content-type': resolved.contentType}).end(resolved.body);
      return;
    }
    fs.readFile(resolved.file, (error, data) => {
      if (error) {
        response.writeHead(404, {'content-type': 'text/plain'}).end(`not found: ${requested}`);
      } else {
        response.writeHead(200, {'content-type': contentTypeOf(resolved.file)}).end(data);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => error ? reject(error) : resolve());
    }),
  };
}

function resolveRoute(routes: Record<string, StaticRoute>, requested: string): {file: string}|
    {body: string | Buffer, contentType: string}|null {
  const exact = routes[requested];
  if (exact != null) {
    if (typeof exact !== 'string') {
      return {body: exact.body, contentType: exact.contentType ?? contentTypeOf(requested)};
    }
    if (fs.statSync(exact).isFile()) return {file: exact};
  }
  // Longest directory prefix wins.
  const prefixes = Object.keys(routes).filter((k) => k.endsWith('/') && requested.startsWith(k));
  prefixes.sort((a, b) => b.length - a.length);
  for (const prefix of prefixes) {
    const dir = routes[prefix];
    if (typeof dir !== 'string') continue;
    const root = path.resolve(dir);
    const file = path.resolve(root, '.' + requested.slice(prefix.length - 1));
    if (file !== root && !file.startsWith(root + path.sep)) return null;  // ../ escapes
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return {file};
  }
  return null;
}

/** An open page plus every console error and uncaught exception it produced. */
export interface PageSession {
  page: Page;
  /** `console.error` messages and uncaught page exceptions, in order. */
  errors: string[];
  /** `console.warn` messages (tfjs reports fallbacks and slow paths there). */
  warnings: string[];
  close(): Promise<void>;
}

/**
 * Opens `url` in a new page (its own browser context, so no state is shared
 * between pages), waits for the load event, and records console errors and
 * page exceptions into `errors`. A failed navigation throws.
 */
export async function openPage(browser: Browser, url: string): Promise<PageSession> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
    if (message.type() === 'warning') warnings.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.stack ?? error.message}`));
  const response = await page.goto(url, {waitUntil: 'load'});
  if (response == null || !response.ok()) {
    await context.close();
    throw new Error(`openPage: ${url} answered ${response?.status() ?? 'nothing'}`);
  }
  return {page, errors, warnings, close: () => context.close()};
}

/**
 * Why WebGPU cannot run in `page`, or null when an adapter is available.
 * The WebGPU suites fail with this reason; they never skip.
 */
export async function webgpuUnavailableReason(page: Page): Promise<string|null> {
  return page.evaluate(async () => {
    const gpu = (navigator as unknown as {gpu?: {requestAdapter(): Promise<unknown>}}).gpu;
    if (gpu == null) return 'navigator.gpu is undefined (not a secure context, or WebGPU disabled)';
    try {
      return (await gpu.requestAdapter()) == null ? 'navigator.gpu.requestAdapter() returned null' : null;
    } catch (e) {
      return `navigator.gpu.requestAdapter() threw: ${(e as Error).message}`;
    }
  });
}

/** TensorFlow.js browser bundles shipped in node_modules (each defines or extends the global `tf`). */
export const TFJS_SCRIPT_FILES = {
  /** The union package: tfjs-core, -layers, -converter, -data, cpu and webgl backends. */
  tf: require.resolve('@tensorflow/tfjs/dist/tf.min.js'),
  /** The WebGPU backend; load after `tf`. */
  webgpu: require.resolve('@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.min.js'),
} as const;

/** URL paths under which {@link tfjsRoutes} serves those bundles. */
export const TFJS_SCRIPT_URLS = {
  tf: '/vendor/tf.min.js',
  webgpu: '/vendor/tf-backend-webgpu.min.js',
} as const;

/** Routes for {@link serveStatic} that serve the TensorFlow.js bundles at {@link TFJS_SCRIPT_URLS}. */
export function tfjsRoutes(): Record<string, StaticRoute> {
  return {
    [TFJS_SCRIPT_URLS.tf]: TFJS_SCRIPT_FILES.tf,
    [TFJS_SCRIPT_URLS.webgpu]: TFJS_SCRIPT_FILES.webgpu,
  };
}

/** The built IIFE bundle (`npm run build`): global `tfSmelu`, needs the global `tf`. */
export const DIST_BUNDLE_FILE = path.join(REPO_ROOT, 'dist', 'tfjs-smelu.min.js');

/** A minimal HTML page that loads `scriptUrls` in order with plain `<script>` tags. */
export function scriptPage(scriptUrls: readonly string[], title = 'tfjs-smelu test page'): string {
  const scripts = scriptUrls.map((src) => `  <script src="${src}"></script>`).join('\n');
  // The empty data: icon keeps Chromium from requesting /favicon.ico (a 404).
  return `<!doctype html>\n<html>\n<head>\n  <meta charset="utf-8">\n  <title>${title}</title>\n` +
      `  <link rel="icon" href="data:,">\n${scripts}\n</head>\n<body></body>\n</html>\n`;
}

/**
 * Bundles the current sources (src/index.ts) into the same IIFE as
 * dist/tfjs-smelu.min.js, in memory, so browser tests exercise the code as
 * it is now, built or not.
 */
export async function bundleSourcesForBrowser(): Promise<string> {
  const esbuild = await import('esbuild');
  const {browserBundleOptions} = await import('../../../scripts/browser_bundle');
  const result = await esbuild.build({
    ...browserBundleOptions(),
    absWorkingDir: REPO_ROOT,
    write: false,
    sourcemap: 'inline',
  });
  return result.outputFiles[0].text;
}
