/**
 * `webgl` and `webgpu`: the suite runs in headless Chromium (SwiftShader on a
 * machine without a GPU) through the browser test harness, from a page
 * served on 127.0.0.1 (WebGPU needs that secure context).
 */
import * as os from 'os';
import * as path from 'path';

import {launchChromium, openPage, serveStatic, webgpuUnavailableReason} from '../../test/support/browser/harness';
import type {BenchOptions} from '../types';
import {BackendModule, unavailableResult} from './backend_module';
import {nodeMachineInfo} from './node_common';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** tfjs, its webgl and webgpu backends, this package's sources and the suite, as one script. */
async function bundleBenchPage(): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(REPO_ROOT, 'bench', 'browser', 'page_entry.ts')],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

async function runInBrowser(backend: 'webgl'|'webgpu', options: BenchOptions, log: (line: string) => void) {
  const host = nodeMachineInfo();
  let browser;
  try {
    browser = await launchChromium();
  } catch (e) {
    return unavailableResult(backend, options, (e as Error).message, host);
  }
  const script = await bundleBenchPage();
  const server = await serveStatic({
    '/': {
      body: '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">' +
          '<script src="/bench.js"></script></head><body></body></html>',
      contentType: 'text/html',
    },
    '/bench.js': {body: script, contentType: 'text/javascript'},
  });
  try {
    const session = await openPage(browser, server.url);
    session.page.on('console', (message) => {
      if (message.text().startsWith('[bench] ')) log(message.text().slice(8));
    });
    if (backend === 'webgpu') {
      const reason = await webgpuUnavailableReason(session.page);
      if (reason != null) return unavailableResult(backend, options, reason, host);
    }
    try {
      const result = await session.page.evaluate(
                         ([b, o, h]) => (globalThis as unknown as {
                                          tfjsSmeluBench: {run(...args: unknown[]): Promise<unknown>},
                                        }).tfjsSmeluBench.run(b, o, h),
                         [backend, options, host] as const) as Awaited<ReturnType<BackendModule['run']>>;
      result.loadAtEnd = Number(os.loadavg()[0].toFixed(2));
      return result;
    } catch (e) {
      const pageErrors = session.errors.length > 0 ? ` (page errors: ${session.errors.join('; ')})` : '';
      return unavailableResult(backend, options, `${(e as Error).message.split('\n')[0]}${pageErrors}`, host);
    } finally {
      await session.close();
    }
  } finally {
    await server.close();
    await browser.close();
  }
}

export const webglBench: BackendModule = {
  name: 'webgl',
  run: (options, log) => runInBrowser('webgl', options, log),
};

export const webgpuBench: BackendModule = {
  name: 'webgpu',
  run: (options, log) => runInBrowser('webgpu', options, log),
};
