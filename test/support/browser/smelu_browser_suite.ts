/**
 * The SmeLU suite for GPU backends in a real Chromium page. Each variant
 * (WebGL2/WebGL1, packed/unpacked, float16 textures, WebGPU) gets a fresh
 * page where tfjs's flags are set before the backend starts. Numbers are
 * generated in Node (test/cases.ts, fixed seeds), computed in the page, and
 * returned as plain arrays; every assertion runs here in Node against the
 * float64 reference (test/reference.ts) and against the same inputs run on
 * the page's own `cpu` backend (the CPU kernels).
 */
import type {Page} from 'playwright-core';

import {KNOWN_VECTORS, sampleInputs, SPECIAL_VALUES} from '../cases';
import {maxRelativeError, smeluDerivRef, smeluRef, smeluSecondDerivRef} from '../reference';
import {
  bundleSourcesForBrowser,
  launchChromium,
  openPage,
  PageSession,
  scriptPage,
  serveStatic,
  StaticServer,
  TFJS_SCRIPT_URLS,
  tfjsRoutes,
  webgpuUnavailableReason
} from './harness';

// Globals of the test page (tf.min.js and our IIFE bundle); only used inside page.evaluate.
declare const tf: typeof import('@tensorflow/tfjs');
declare const tfSmelu: typeof import('tfjs-smelu');

/** One backend configuration to run the suite on. */
export interface GpuVariant {
  /** Label in test names and in the error summary, e.g. 'webgl2 packed'. */
  name: string;
  backend: 'webgl'|'webgpu';
  /** tfjs flags set before `tf.setBackend` (e.g. WEBGL_VERSION, WEBGL_PACK_UNARY_OPERATIONS). */
  flags: Record<string, number|boolean>;
  /** WebGL only: expected WebGL version and whether SmeLU's outputs are packed textures. */
  webglVersion?: 1|2;
  packed?: boolean;
  /** Textures hold float16 (WEBGL_FORCE_F16_TEXTURES): inputs are drawn from a float16-exact grid. */
  float16?: boolean;
  /** Allowed relative error vs the CPU kernel and the float64 reference. */
  tolerance: number;
}

/** Pages of the test server: webgl pages load only tf.min.js; webgpu pages add its backend. */
export const PAGE_FOR_BACKEND = {
  webgl: '/webgl.html',
  webgpu: '/webgpu.html'
};
const SOURCE_BUNDLE_URL = '/tfjs-smelu.js';

/** Browser and server shared by all variants of one test file. */
export interface BrowserFixture {
  browser: Awaited<ReturnType<typeof launchChromium>>;
  server: StaticServer;
}

/**
 * Registers file-level beforeAll/afterAll that start one Chromium and one
 * server (tfjs bundles + the current sources bundled in memory) and returns
 * a getter for them.
 */
export function useBrowserFixture(): () => BrowserFixture {
  let fixture: BrowserFixture|undefined;
  beforeAll(async () => {
    const bundle = await bundleSourcesForBrowser();
    const browser = await launchChromium();
    const server = await serveStatic({
      ...tfjsRoutes(),
      [SOURCE_BUNDLE_URL]: {body: bundle, contentType: 'text/javascript'},
      [PAGE_FOR_BACKEND.webgl]: {body: scriptPage([TFJS_SCRIPT_URLS.tf, SOURCE_BUNDLE_URL]), contentType: 'text/html'},
      [PAGE_FOR_BACKEND.webgpu]: {
        body: scriptPage([TFJS_SCRIPT_URLS.tf, TFJS_SCRIPT_URLS.webgpu, SOURCE_BUNDLE_URL]),
        contentType: 'text/html',
      },
    });
    fixture = {browser, server};
  }, 120_000);
  afterAll(async () => {
    await fixture?.server.close();
    await fixture?.browser.close();
  });
  return () => {
    if (fixture == null) throw new Error('browser fixture not started (see the beforeAll error above)');
    return fixture;
  };
}

/** Largest errors seen per variant, printed once per file for the docs. */
const measuredErrors = new Map<string, Record<string, number>>();

function record(variant: string, what: string, error: number): void {
  const row = measuredErrors.get(variant) ?? {};
  row[what] = Math.max(row[what] ?? 0, error);
  measuredErrors.set(variant, row);
}

/** Prints the measured maximum relative errors of this file's variants. */
export function printMeasuredErrors(): void {
  afterAll(() => {
    const lines = [...measuredErrors].map(
        ([variant, row]) =>
            `  ${variant}: ` + Object.entries(row).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', '));
    console.log(`max relative error (GPU vs CPU kernel / vs float64 reference):\n${lines.join('\n')}`);
  });
}

/** A case sent to the page: β, inputs and upstream gradients. */
interface PageCase {
  beta: number;
  x: number[];
  dy: number[];
  shape?: number[];
}

/** What the page computed for a case (forward and SmeLUGrad), as plain arrays. */
interface PageResult {
  y: number[];
  dx: number[];
}

/** Upstream gradients independent of x: −1.5 … 1.5 in steps of 0.5 (exact in float16). */
function upstream(n: number): number[] {
  return Array.from({length: n}, (_, i) => ((i % 7) - 3) / 2);
}

/** Seeded float16-exact inputs: k/32 for |k| ≤ 160, β ∈ {0.5, 1, 2} (outputs stay normal in float16). */
function float16Inputs(seed: number, count: number): Array<{beta: number, x: number[]}> {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return Array.from({length: count}, (_, c) => ({
                                       beta: [0.5, 1, 2][c % 3],
                                       x: Array.from({length: 48}, () => Math.round((next() * 2 - 1) * 160) / 32),
                                     }));
}

/**
 * Four copies of `values`: for an odd length every value then sits in each of
 * the four lanes once, and the size is divisible by 4 (WebGPU's vec4 programs).
 */
function inEveryLane(values: number[]): number[] {
  return [...values, ...values, ...values, ...values];
}

/** Runs every case through smelu and smeluGrad on the page's current backend. */
async function runCases(page: Page, cases: PageCase[]): Promise<PageResult[]> {
  return page.evaluate(async (cases) => {
    const results = [];
    for (const c of cases) {
      const shape = c.shape ?? [c.x.length];
      const x = tf.tensor(c.x, shape, 'float32');
      const dy = tf.tensor(c.dy, shape, 'float32');
      const y = tfSmelu.smelu(x, c.beta);
      const dx = tfSmelu.smeluGrad(dy, x, c.beta);
      results.push({y: Array.from(await y.data()), dx: Array.from(await dx.data())});
      tf.dispose([x, dy, y, dx]);
    }
    return results;
  }, cases);
}

/** Runs `cases` on the GPU backend and on the page's `cpu` backend. */
async function runOnGpuAndCpu(
    page: Page, backend: string, cases: PageCase[]): Promise<{gpu: PageResult[], cpu: PageResult[]}> {
  const gpu = await runCases(page, cases);
  expect(await page.evaluate(() => tf.setBackend('cpu'))).toBe(true);
  const cpu = await runCases(page, cases);
  expect(await page.evaluate((name) => tf.setBackend(name), backend)).toBe(true);
  return {gpu, cpu};
}

/** Relative error with a floor so that exact zeros compare without dividing by zero. */
const FLOOR = 1e-30;

/** Asserts GPU ≈ CPU and GPU ≈ float64 reference within the variant's tolerance; records both. */
function expectAccurate(
    variant: GpuVariant, label: string, cases: PageCase[], gpu: PageResult[], cpu: PageResult[]): void {
  let worstVsCpu = 0, worstVsRef = 0;
  cases.forEach((c, i) => {
    const refY = c.x.map((v) => smeluRef(v, c.beta));
    const refDx = c.x.map((v, j) => c.dy[j] * smeluDerivRef(v, c.beta));
    const errors = {
      yVsCpu: maxRelativeError(gpu[i].y, cpu[i].y, FLOOR),
      dxVsCpu: maxRelativeError(gpu[i].dx, cpu[i].dx, FLOOR),
      yVsRef: maxRelativeError(gpu[i].y, refY, FLOOR),
      dxVsRef: maxRelativeError(gpu[i].dx, refDx, FLOOR),
    };
    worstVsCpu = Math.max(worstVsCpu, errors.yVsCpu, errors.dxVsCpu);
    worstVsRef = Math.max(worstVsRef, errors.yVsRef, errors.dxVsRef);
    for (const [what, error] of Object.entries(errors)) {
      if (!(error <= variant.tolerance)) {
        throw new Error(
            `${variant.name}, ${label}, case ${i} (β=${c.beta}): ${what} = ${error} > ${variant.tolerance}\n x=${
                JSON.stringify(c.x)}\n gpu=${JSON.stringify(gpu[i])}\n cpu=${JSON.stringify(cpu[i])}`);
      }
    }
  });
  record(variant.name, 'vsCpu', worstVsCpu);
  record(variant.name, 'vsRef', worstVsRef);
}

/** Asserts `actual` matches `expected` elementwise within the variant's relative tolerance. */
function expectClose(variant: GpuVariant, actual: number[], expected: number[], what: string): void {
  const error = maxRelativeError(actual, expected, FLOOR);
  if (!(error <= variant.tolerance)) {
    throw new Error(`${variant.name}, ${what}: relative error ${error} > ${variant.tolerance}\n got ${
        JSON.stringify(actual)}\n expected ${JSON.stringify(expected)}`);
  }
  record(variant.name, 'vsRef', error);
}

/**
 * Opens the page for `variant`'s backend. The Chromium suites never skip:
 * without a WebGPU adapter this throws with the reason, so every test of a
 * WebGPU variant fails with it.
 */
export async function openVariantPage(
    fixture: () => BrowserFixture,
    variant: {name: string, backend: keyof typeof PAGE_FOR_BACKEND}): Promise<PageSession> {
  const {browser, server} = fixture();
  const session = await openPage(browser, server.url + PAGE_FOR_BACKEND[variant.backend]);
  if (variant.backend === 'webgpu') {
    const unavailable = await webgpuUnavailableReason(session.page);
    if (unavailable != null) {
      await session.close();
      throw new Error(
          `WebGPU is unavailable in Chromium (${variant.name}): ${unavailable}. ` +
          'See CONTRIBUTING.md (Chromium) for the flags that enable it headless.');
    }
  }
  return session;
}

/** Closes a suite's page and checks that it logged no errors. */
export async function closeVariantPage(session: PageSession|undefined): Promise<void> {
  if (session == null) return;
  const errors = session.errors;
  await session.close();
  expect(errors).toEqual([]);
}

/** The SmeLU browser suite for one variant. */
export function describeGpuVariant(fixture: () => BrowserFixture, variant: GpuVariant): void {
  describe(`SmeLU in Chromium on ${variant.name}`, () => {
    let session: PageSession;
    let page: Page;

    beforeAll(async () => {
      session = await openVariantPage(fixture, variant);
      page = session.page;
      const setup = await page.evaluate(async ({flags, backend}) => {
        for (const [name, value] of Object.entries(flags)) tf.env().set(name, value);
        const ok = await tf.setBackend(backend);
        const info: Record<string, unknown> = {ok, backend: tf.getBackend()};
        if (ok && backend === 'webgl') {
          const gl = (tf.backend() as unknown as {gpgpu: {gl: WebGLRenderingContext}}).gpgpu.gl;
          info.webglVersion = gl instanceof WebGL2RenderingContext ? 2 : 1;
          // 1 + 2⁻¹² survives a float32 texture but rounds to 1 in float16. SmeLU with
          // β = 0.5 passes it through on the GPU (our kernel never runs on the CPU).
          const probe = tfSmelu.smelu(tf.tensor1d([1 + 2 ** -12]), 0.5);
          info.float16Textures = (await probe.data())[0] === 1;
          probe.dispose();
        }
        return info;
      }, {flags: variant.flags, backend: variant.backend});
      // tf.setBackend resolves to false when the backend failed to start; getBackend may still name it.
      expect(setup).toMatchObject({ok: true, backend: variant.backend});
      if (variant.backend === 'webgl') {
        expect(setup.webglVersion).toBe(variant.webglVersion);
        expect(setup.float16Textures).toBe(variant.float16 === true);
      }
    }, 60_000);

    afterAll(() => closeVariantPage(session));

    it('runs smelu and smeluGrad as one SmeLU / SmeLUGrad kernel each', async () => {
      const info = await page.evaluate(async () => {
        // An odd 2-D shape: packed textures then carry padding lanes.
        const x = tf.tensor2d([-3, -1, 0, 1, 3, -2.5, 2.5, 0.5, -0.5, 7, -7, 1.5, -1.5, 0.25, 9], [3, 5]);
        const dy = tf.onesLike(x);
        // tf.profile reuses one info object: copy the kernel names before profiling again.
        const forward = await tf.profile(() => tfSmelu.smelu(x, 2));
        const forwardKernels = [...forward.kernelNames];
        const y = forward.result as unknown as import('@tensorflow/tfjs').Tensor;
        const backward = await tf.profile(() => tfSmelu.smeluGrad(dy, x, 2));
        const backwardKernels = [...backward.kernelNames];
        const dx = backward.result as unknown as import('@tensorflow/tfjs').Tensor;
        const texData = (tf.backend() as unknown as {texData?: {get(id: unknown): {isPacked: boolean}}}).texData;
        const out = {
          forwardKernels,
          backwardKernels,
          packed: texData ? [texData.get(y.dataId).isPacked === true, texData.get(dx.dataId).isPacked === true] : null,
          x: Array.from(await x.data()),
          y: Array.from(await y.data()),
          dx: Array.from(await dx.data()),
        };
        tf.dispose([x, dy, y, dx]);
        return out;
      });
      expect(info.forwardKernels).toEqual(['SmeLU']);
      expect(info.backwardKernels).toEqual(['SmeLUGrad']);
      if (variant.backend === 'webgl') expect(info.packed).toEqual([variant.packed, variant.packed]);
      expectClose(variant, info.y, info.x.map((v) => smeluRef(v, 2)), 'forward');
      expectClose(variant, info.dx, info.x.map((v) => smeluDerivRef(v, 2)), 'gradient');
    });

    it('compiles one program for all β (β is a uniform, not part of the shader source)', async () => {
      // Sizes 7 and 8: on WebGPU the scalar and the vec4 programs.
      const inputs = [[-3, -1, 0, 1, 3, 0.5, -0.5], [-3, -1, 0, 1, 3, 0.5, -0.5, 1.5]];
      const counts = await page.evaluate(async (inputs) => {
        // The backends' compiled-program caches: webgl `binaryCache`, webgpu `pipelineCache`.
        const backend = tf.backend() as unknown as {binaryCache?: object, pipelineCache?: object};
        const cacheSize = () => Object.keys(backend.binaryCache ?? backend.pipelineCache ?? {}).length;
        const xs = inputs.map((values) => tf.tensor1d(values));
        const run = async (beta: number) => {
          const values = [];
          for (const x of xs) {
            const y = tfSmelu.smelu(x, beta);
            const dx = tfSmelu.smeluGrad(y, x, beta);
            values.push([Array.from(await y.data()), Array.from(await dx.data())]);
            tf.dispose([y, dx]);
          }
          return values;
        };
        await run(2);
        const before = cacheSize();
        const results = [];
        for (const beta of [0.25, 1, 3, 7.5]) results.push({beta, values: await run(beta)});
        const after = cacheSize();
        tf.dispose(xs);
        return {before, after, results};
      }, inputs);
      expect(counts.before).toBeGreaterThan(0);
      expect(counts.after).toBe(counts.before);
      for (const {beta, values} of counts.results) {
        inputs.forEach((x, k) => {
          const [y, dx] = values[k];
          expectClose(variant, y, x.map((v) => smeluRef(v, beta)), `forward, β=${beta}, size ${x.length}`);
          expectClose(
              variant, dx, x.map((v, i) => y[i] * smeluDerivRef(v, beta)), `gradient, β=${beta}, size ${x.length}`);
        });
      }
    });

    if (variant.backend === 'webgpu') {
      it('runs the vec4 programs when the size is divisible by 4, the scalar ones otherwise', async () => {
        const runs = await page.evaluate(async () => {
          // Records which program each call runs, then lets the backend run it unchanged.
          type Program = {shaderKey: string, outputComponent?: number};
          const backend =
              tf.backend() as unknown as {runWebGPUProgram: (program: Program, ...rest: unknown[]) => unknown};
          const original = backend.runWebGPUProgram;
          let programs: string[] = [];
          backend.runWebGPUProgram = function(program: Program, ...rest: unknown[]) {
            programs.push(`${program.shaderKey}/${program.outputComponent ?? 1}`);
            return original.call(this, program, ...rest);
          };
          const out = [];
          try {
            for (const shape of [[7], [8], [3, 4], [2, 3, 5]]) {
              const size = shape.reduce((a, b) => a * b, 1);
              const x = tf.tensor(Array.from({length: size}, (_, i) => (i - size / 2) / 2), shape);
              programs = [];
              const y = tfSmelu.smelu(x, 1.5);
              const dx = tfSmelu.smeluGrad(y, x, 1.5);
              out.push({
                shape,
                programs,
                x: Array.from(await x.data()),
                y: Array.from(await y.data()),
                dx: Array.from(await dx.data())
              });
              tf.dispose([x, y, dx]);
            }
          } finally {
            backend.runWebGPUProgram = original;
          }
          return out;
        });
        expect(runs.map((r) => r.programs)).toEqual([
          ['smelu/1', 'smeluGrad/1'],
          ['smeluVec4/4', 'smeluGradVec4/4'],
          ['smeluVec4/4', 'smeluGradVec4/4'],
          ['smelu/1', 'smeluGrad/1'],
        ]);
        for (const {shape, x, y, dx} of runs) {
          expectClose(variant, y, x.map((v) => smeluRef(v, 1.5)), `forward, shape [${shape}]`);
          expectClose(variant, dx, x.map((v, i) => y[i] * smeluDerivRef(v, 1.5)), `gradient, shape [${shape}]`);
        }
      });
    }

    it('matches the hand-computed vectors, and the CPU kernel on them', async () => {
      // Each vector as given (odd sizes: WebGPU's scalar programs) and four times over (vec4 programs).
      const vectors = [
        ...KNOWN_VECTORS,
        ...KNOWN_VECTORS.map((v) => ({beta: v.beta, x: inEveryLane(v.x), y: inEveryLane(v.y), dy: inEveryLane(v.dy)}))
      ];
      const cases = vectors.map((v) => ({beta: v.beta, x: v.x, dy: v.x.map(() => 1)}));
      const {gpu, cpu} = await runOnGpuAndCpu(page, variant.backend, cases);
      vectors.forEach((v, i) => {
        expectClose(variant, gpu[i].y, v.y, `f on β=${v.beta}, size ${v.x.length}`);
        expectClose(variant, gpu[i].dx, v.dy, `f′ on β=${v.beta}, size ${v.x.length}`);
      });
      expectAccurate(variant, 'hand vectors', cases, gpu, cpu);
    });

    it('maps NaN → NaN, −Inf → 0, +Inf → +Inf (gradient: NaN, 0, 1)', async () => {
      const betas = [0.5, 2, 100];
      // Three values (WebGPU: scalar program), then 12 (vec4 program, each value in every lane).
      const cases = [SPECIAL_VALUES.x, inEveryLane(SPECIAL_VALUES.x)].flatMap(
          (x) => betas.map((beta) => ({beta, x, dy: x.map(() => 1)})));
      // Also in a longer tensor, so special values sit in every lane of a packed texel.
      const mixed = [NaN, -Infinity, Infinity, 1, NaN, 0.5, -Infinity, -3, Infinity, 3, NaN, -1];
      cases.push({beta: 2, x: mixed, dy: mixed.map(() => 1)});
      if (variant.float16) {
        // tfjs's float16 texture path does not carry ±Infinity: its own tf.relu and tf.neg
        // return NaN for them there too. So only NaN → NaN is SmeLU's to get right here.
        const tfjsOwn = await page.evaluate(async () => {
          const t = tf.tensor1d([-Infinity, Infinity]);
          const r = tf.relu(t);
          const values = Array.from(await r.data());
          tf.dispose([t, r]);
          return values;
        });
        expect(tfjsOwn).toEqual([NaN, NaN]);
        console.log(`${variant.name}: ±Infinity not tested (tfjs's own relu gives NaN for them in this mode)`);
        // NaN among finite values (each ±Infinity replaced by ±4): NaN stays NaN, the rest as on CPU.
        const finite =
            cases.map((c) => ({...c, x: c.x.map((v) => Number.isNaN(v) || Number.isFinite(v) ? v : Math.sign(v) * 4)}));
        const {gpu, cpu} = await runOnGpuAndCpu(page, variant.backend, finite);
        expect(gpu.every((r) => Number.isNaN(r.y[0]) && Number.isNaN(r.dx[0]))).toBe(true);
        expectAccurate(variant, 'NaN among finite values', finite, gpu, cpu);
        return;
      }
      const {gpu, cpu} = await runOnGpuAndCpu(page, variant.backend, cases);
      for (let i = 0; i < 2 * betas.length; ++i) {
        const copies = i < betas.length ? 1 : 4;
        expect(gpu[i].y).toEqual(Array.from({length: copies}, () => SPECIAL_VALUES.y).flat());
        expect(gpu[i].dx).toEqual(Array.from({length: copies}, () => [NaN, 0, 1]).flat());
      }
      expectAccurate(variant, 'special values', cases, gpu, cpu);
    });

    it('matches the CPU kernel and the float64 reference on seeded random inputs', async () => {
      // float16 textures cannot hold arbitrary float32 inputs; a float16-exact grid
      // keeps the comparison about the kernel, not about input rounding.
      const samples = variant.float16 ? float16Inputs(7, 24) : sampleInputs(20261123, 60);
      const cases: PageCase[] = samples.map((s) => ({beta: s.beta, x: s.x, dy: upstream(s.x.length)}));
      // Higher ranks too: rank 3, 4 (shape uniforms) and 6 (no shape uniforms).
      const grid = Array.from({length: 48}, (_, i) => (i - 24) / 8);
      cases.push({beta: 2, x: grid, dy: upstream(48), shape: [2, 3, 8]});
      cases.push({beta: 1, x: grid, dy: upstream(48), shape: [2, 1, 3, 8]});
      cases.push({beta: 0.5, x: grid, dy: upstream(48), shape: [1, 2, 1, 3, 2, 4]});
      const {gpu, cpu} = await runOnGpuAndCpu(page, variant.backend, cases);
      expectAccurate(variant, 'seeded inputs', cases, gpu, cpu);
    });

    if (!variant.float16) {
      // (Not for float16 textures, which cannot hold values this small.)
      it('keeps the tiny values next to −β for tiny β (s · (s/(4β)), not s² · 1/(4β))', async () => {
        // With s = x + β a few float32 ulps of β, s² falls below float32's normal range for these β
        // while f = s²/(4β) does not: squaring first gave 0 or lost digits there.
        const cases: PageCase[] = [1e-13, 1e-12, 1e-10, 1e-6].map((beta) => {
          const hi = Math.fround(beta);
          const x = inEveryLane(Array.from({length: 9}, (_, k) => Math.fround(-hi * (1 - (k + 1) * 2 ** -23))));
          return {beta: hi, x, dy: x.map(() => 1)};
        });
        const {gpu, cpu} = await runOnGpuAndCpu(page, variant.backend, cases);
        for (const c of gpu) expect(c.y.every((v) => v > 0)).toBe(true);
        expectAccurate(variant, 'tiny β next to −β', cases, gpu, cpu);
      });
    }

    it('gives first and second derivatives through tf.grad and tf.variableGrads', async () => {
      const beta = 2;
      const xs = Array.from({length: 49}, (_, i) => (i - 24) / 8);  // −3 … 3, both kinks, float16-exact
      const weights = upstream(xs.length);
      const out = await page.evaluate(async ({xs, weights, beta}) => {
        const x = tf.tensor1d(xs);
        const w = tf.tensor1d(weights);
        const f = (t: import('@tensorflow/tfjs').Tensor) => tf.sum(tf.mul(tfSmelu.smelu(t, beta), w));
        const first = tf.grad(f)(x);
        const second = tf.grad(
            (t: import('@tensorflow/tfjs').Tensor) =>
                tf.sum(tf.grad((u: import('@tensorflow/tfjs').Tensor) => tf.sum(tfSmelu.smelu(u, beta)))(t)))(x);
        const v = tf.variable(x.clone());
        const {value, grads} = tf.variableGrads(() => f(v) as import('@tensorflow/tfjs').Scalar, [v]);
        const result = {
          first: Array.from(await first.data()),
          second: Array.from(await second.data()),
          value: (await value.data())[0],
          variableGrad: Array.from(await grads[v.name].data()),
        };
        tf.dispose([x, w, first, second, v, value, grads[v.name]]);
        return result;
      }, {xs, weights, beta});
      const expectedFirst = xs.map((v, i) => weights[i] * smeluDerivRef(v, beta));
      expectClose(variant, out.first, expectedFirst, 'tf.grad');
      expectClose(variant, out.variableGrad, expectedFirst, 'tf.variableGrads');
      expectClose(variant, out.second, xs.map((v) => smeluSecondDerivRef(v, beta)), 'second derivative');
      const expectedValue = xs.reduce((s, v, i) => s + weights[i] * smeluRef(v, beta), 0);
      expect(Math.abs(out.value - expectedValue)).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(expectedValue)));
    });

    it('trains a small model with activation: \'smelu\' (loss goes down)', async () => {
      const losses = await page.evaluate(async () => {
        // y = Σ relu-like features of x: learnable by a 2-layer SmeLU net. Seeded everything.
        const xs = tf.randomUniform([128, 4], -2, 2, 'float32', 1);
        const ys = tf.tidy(() => tf.sum(tf.abs(xs), 1, true));
        const model = tf.sequential({
          layers: [
            tf.layers.dense({
              units: 16,
              inputShape: [4],
              activation: 'smelu' as never,
              kernelInitializer: tf.initializers.glorotUniform({seed: 2}),
            }),
            tfSmelu.layers.smelu({beta: 1}),
            tf.layers.dense({units: 1, kernelInitializer: tf.initializers.glorotUniform({seed: 3})}),
          ],
        });
        // Plain SGD: Adam's ε = 1e-7 underflows in float16 textures (NaN losses even with relu).
        model.compile({optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError'});
        // Full batches: each batch reads its loss back (a GPU sync), slow on software renderers.
        const history = await model.fit(xs, ys, {epochs: 12, batchSize: 128, shuffle: false, verbose: 0});
        tf.dispose([xs, ys]);
        model.dispose();
        return history.history.loss as number[];
      });
      expect(losses).toHaveLength(12);
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses[losses.length - 1]).toBeLessThan(0.3 * losses[0]);
    }, 60_000);

    it('leaks no tensors or GPU memory over 1,000 forward + gradient calls', async () => {
      const out = await page.evaluate(async () => {
        const x = tf.tensor2d(Array.from({length: 96}, (_, i) => (i - 48) / 10), [8, 12]);
        const gradient = tf.grad((t: import('@tensorflow/tfjs').Tensor) => tf.sum(tfSmelu.smelu(t, 1.5)));
        const step = () => {
          const y = tfSmelu.smelu(x, 1.5);
          const dx = gradient(x);
          tf.dispose([y, dx]);
        };
        // Reading a fresh result makes the backend finish queued work; WebGPU frees
        // buffers of disposed tensors (and uniforms) only when it submits its queue.
        const memory = async () => {
          const y = tfSmelu.smelu(x, 1.5);
          await y.data();
          y.dispose();
          const m = tf.memory() as {numTensors: number, numBytesInGPU?: number};
          return {numTensors: m.numTensors, numBytesInGPU: m.numBytesInGPU};
        };
        step();  // uploads x and compiles the programs before the baseline
        const before = await memory();
        for (let i = 0; i < 1000; ++i) step();
        const after = await memory();
        x.dispose();
        return {before, after};
      });
      expect(typeof out.before.numBytesInGPU).toBe('number');
      expect(out.after).toEqual(out.before);
    }, 120_000);
  });
}
