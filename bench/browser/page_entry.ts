/**
 * The benchmark inside a browser page (webgl, webgpu): bundled with esbuild
 * together with tfjs and this package's sources, it defines
 * `globalThis.tfjsSmeluBench.run(backend, options)`, which runs the same
 * suite as Node and returns its result as plain data.
 */
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';

import * as tf from '@tensorflow/tfjs-core';

import {BenchEnv, runSuite, syncByReadingOneElement} from '../suite';
import type {BackendResult, BenchOptions} from '../types';

/** WebGL can block on readPixels: more precise than polling a fence from a timer. */
function syncWebgl(t: tf.Tensor): void {
  const one = tf.tidy(() => tf.slice(tf.reshape(t, [-1]), 0, Math.min(1, t.size)));
  try {
    one.dataSync();
  } finally {
    one.dispose();
  }
}

function gpuDescription(backend: string): string {
  if (backend === 'webgl') {
    const gl = (tf.backend() as unknown as {gpgpu?: {gl?: WebGLRenderingContext}}).gpgpu?.gl;
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    const renderer = gl && info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl?.getParameter(gl.RENDERER);
    return `WebGL ${tf.env().getNumber('WEBGL_VERSION')}, ${renderer ?? 'unknown renderer'}`;
  }
  const adapterInfo = (tf.backend() as unknown as {adapterInfo?: {vendor?: string, architecture?: string}}).adapterInfo;
  return `WebGPU${adapterInfo ? `, ${adapterInfo.vendor ?? ''} ${adapterInfo.architecture ?? ''}`.trimEnd() : ''}`;
}

async function run(
    backend: string, options: BenchOptions, host: Record<string, string|number>): Promise<BackendResult> {
  if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') returned false`);
  await tf.ready();
  const env: BenchEnv = {
    backend,
    sync: backend === 'webgl' ? syncWebgl : syncByReadingOneElement,
    machine: {
      ...host,
      browser: navigator.userAgent,
      gpu: gpuDescription(backend),
      ...(backend === 'webgl' ? {'packed WebGL ops': String(tf.env().getBool('WEBGL_PACK'))} : {}),
    },
    log: (line) => console.log(`[bench] ${line}`),
  };
  return runSuite(env, options);
}

(globalThis as unknown as {tfjsSmeluBench: unknown}).tfjsSmeluBench = {run};
