/**
 * The g-SmeLU suite for the GPU backends' fused kernels in a real Chromium
 * page (webgl packed / unpacked, webgpu). Inputs and parameters are made in
 * Node (fixed seeds), computed in the page, returned as plain arrays; every
 * assertion runs here against the float64 reference (test/support/reference.ts),
 * central finite differences of it, and the page's own `cpu` backend (the
 * cpu kernels).
 */
import type {Page} from 'playwright-core';

import type {GeneralizedSmeLUParamName} from 'tfjs-smelu';
import {f32Params, lcg, PARAM_SETS, referenceParamGrad, termScale} from '../generalized_smelu_cases';
import {
  centralDifference,
  GeneralizedSmeLURefParams,
  generalizedSmeluDerivRef,
  generalizedSmeluRef
} from '../reference';
import type {PageSession} from './harness';
import {BrowserFixture, closeVariantPage, openVariantPage} from './smelu_browser_suite';

// Globals of the test page (tf.min.js and our IIFE bundle); only used inside page.evaluate.
declare const tf: typeof import('@tensorflow/tfjs');
declare const tfSmelu: typeof import('tfjs-smelu');

const PARAM_NAMES: GeneralizedSmeLUParamName[] = ['alpha', 'beta', 'gNeg', 'gPos', 'shift'];

/** One backend configuration to run the suite on. */
export interface GeneralizedGpuVariant {
  /** Label in test names and in the error summary, e.g. 'webgl2 packed'. */
  name: string;
  backend: 'webgl'|'webgpu';
  /** tfjs flags set before `tf.setBackend`. */
  flags: Record<string, number|boolean>;
  /** WebGL only: whether the outputs are packed textures. */
  packed?: boolean;
  /** Allowed error of f against the reference, relative to |f| + the size of the terms added (termScale). */
  forwardTolerance: number;
  /** Allowed error of a gradient sum, relative to Σ|dy·∂f/∂p|. */
  gradientTolerance: number;
}

/** A case sent to the page: x, dy, the channel axis, and per parameter one value or one per channel. */
interface PageCase {
  x: number[];
  shape: number[];
  dy: number[];
  axis: number;
  params: Record<GeneralizedSmeLUParamName, number[]>;
}

/** What the page computed: f and the gradients w.r.t. x and each parameter (in PARAM_NAMES order). */
interface PageResult {
  y: number[];
  grads: number[][];
  gradShapes: number[][];
}

/** Runs each case's forward and all six gradients (tf.grads with dy) on the page's current backend. */
async function runCases(page: Page, cases: PageCase[]): Promise<PageResult[]> {
  return page.evaluate(async ({cases, names}) => {
    const results = [];
    for (const c of cases) {
      const x = tf.tensor(c.x, c.shape, 'float32');
      const dy = tf.tensor(c.dy, c.shape, 'float32');
      const params =
          names.map((k) => (c.params[k].length === 1 ? tf.scalar(c.params[k][0]) : tf.tensor1d(c.params[k])));
      type T = import('@tensorflow/tfjs').Tensor;
      const f = (xx: T, a: T, b: T, gn: T, gp: T, t: T) =>
          tfSmelu.generalizedSmelu(xx, {alpha: a, beta: b, gNeg: gn, gPos: gp, shift: t, axis: c.axis});
      const y = f(x, ...(params as [T, T, T, T, T]));
      const grads = tf.grads(f)([x, ...params], dy);
      results.push({
        y: Array.from(await y.data()),
        grads: await Promise.all(grads.map(async (g) => Array.from(await g.data()))),
        gradShapes: grads.map((g) => g.shape),
      });
      tf.dispose([x, dy, y, ...params, ...grads]);
    }
    return results;
  }, {cases, names: PARAM_NAMES});
}

/** Channel of flat element `i` of a row-major `shape` with channels along `axis`. */
function channelOf(shape: number[], axis: number, i: number): number {
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  return Math.floor(i / inner) % shape[axis];
}

/** The float32 parameters element `i` of a case sees. */
function paramsAt(c: PageCase, i: number): GeneralizedSmeLURefParams {
  const ch = c.shape.length === 0 ? 0 : channelOf(c.shape, c.axis, i);
  const p = {} as GeneralizedSmeLURefParams;
  for (const k of PARAM_NAMES) p[k] = Math.fround(c.params[k].length === 1 ? c.params[k][0] : c.params[k][ch]);
  return p;
}

/**
 * A case with `shape`, channels along `axis`, the parameters in `perChannel`
 * one per channel (from PARAM_SETS), the rest single values (from `shared`);
 * inputs over all three pieces, kept 1e-3·(α+β) away from the breakpoints.
 */
function makeCase(
    seed: number, shape: number[], axis: number, perChannel: GeneralizedSmeLUParamName[],
    shared: GeneralizedSmeLURefParams): PageCase {
  const rand = lcg(seed);
  const channels = shape.length === 0 ? 1 : shape[axis];
  const params = {} as Record<GeneralizedSmeLUParamName, number[]>;
  for (const k of PARAM_NAMES) {
    params[k] = perChannel.includes(k) ?
        Array.from({length: channels}, (_, ch) => Math.fround(PARAM_SETS[1 + ch % (PARAM_SETS.length - 1)][k])) :
        [Math.fround(shared[k])];
  }
  const size = shape.reduce((a, b) => a * b, 1);
  const c: PageCase = {x: [], shape, dy: [], axis, params};
  for (let i = 0; i < size; ++i) {
    const p = paramsAt(c, i);
    const w = p.alpha + p.beta;
    let v: number;
    do {
      v = Math.fround(-p.alpha - w + 3 * w * rand());
    } while (Math.abs(v + p.alpha) < 1e-3 * w || Math.abs(v - p.beta) < 1e-3 * w);
    c.x.push(v);
    c.dy.push(Math.fround(rand() * 2 - 1));
  }
  return c;
}

/** Largest errors seen per variant, printed once per file for the docs. */
const measured = new Map<string, Record<string, number>>();

function record(variant: string, what: string, error: number): void {
  const row = measured.get(variant) ?? {};
  row[what] = Math.max(row[what] ?? 0, error);
  measured.set(variant, row);
}

/** Prints the largest measured errors of this file's variants (for the docs). */
export function printMeasuredGeneralizedErrors(): void {
  afterAll(() => {
    const lines = [...measured].map(
        ([variant, row]) =>
            `  ${variant}: ` + Object.entries(row).map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', '));
    console.log(`g-SmeLU, largest errors (forward: relative to |f| + term size; gradients: relative to Σ|dy·∂f/∂p|):\n${
        lines.join('\n')}`);
  });
}

/** Asserts forward values and every gradient of `cases` against the reference; records the errors. */
function expectMatchesReference(
    variant: GeneralizedGpuVariant, label: string, cases: PageCase[], got: PageResult[]): void {
  cases.forEach((c, k) => {
    const r = got[k];
    let worstForward = 0;
    c.x.forEach((v, i) => {
      const p = paramsAt(c, i);
      const expected = generalizedSmeluRef(v, p);
      const error = Math.abs(r.y[i] - expected) / (Math.abs(expected) + termScale(v, p));
      worstForward = Math.max(worstForward, error);
      if (!(error <= variant.forwardTolerance)) {
        throw new Error(`${variant.name}, ${label}, case ${k} (shape [${c.shape}], axis ${c.axis}), element ${i}: x=${
            v} gave ${r.y[i]}, expected ${expected}`);
      }
    });
    record(variant.name, 'forward', worstForward);
    // dy·∂f/∂x element by element against central differences of the reference.
    let worstDx = 0;
    c.x.forEach((v, i) => {
      const p = paramsAt(c, i);
      const fd = c.dy[i] * centralDifference((t) => generalizedSmeluRef(t, p), v, 1e-6 * Math.max(1, Math.abs(v)));
      const error = Math.abs(r.grads[0][i] - fd) / (Math.abs(c.dy[i]) * (Math.abs(p.gNeg) + Math.abs(p.gPos)) + 1e-12);
      worstDx = Math.max(worstDx, error);
      if (!(error <= variant.gradientTolerance + 1e-5)) {
        throw new Error(`${variant.name}, ${label}, case ${k}: dx[${i}] (x=${v}) = ${r.grads[0][i]}, expected ${fd}`);
      }
    });
    record(variant.name, 'dx', worstDx);
    PARAM_NAMES.forEach((name, j) => {
      const perChannel = c.params[name].length > 1;
      expect(r.gradShapes[j + 1]).toEqual(perChannel ? [c.params[name].length] : []);
      const {sums, magnitude} = referenceParamGrad(
          name, c.x, c.dy, (i) => paramsAt(c, i), (i) => perChannel ? channelOf(c.shape, c.axis, i) : 0,
          perChannel ? c.params[name].length : 1);
      sums.forEach((s, ch) => {
        const error = Math.abs(r.grads[j + 1][ch] - s) / (magnitude[ch] + 1e-12);
        record(variant.name, `d${name}`, error);
        if (!(Math.abs(r.grads[j + 1][ch] - s) <= variant.gradientTolerance * magnitude[ch] + 1e-6)) {
          throw new Error(`${variant.name}, ${label}, case ${k}: d${name}[${ch}] = ${r.grads[j + 1][ch]}, expected ${
              s} (Σ|terms| ${magnitude[ch]})`);
        }
      });
    });
  });
}

/** The g-SmeLU browser suite for one variant. */
export function describeGeneralizedGpuVariant(fixture: () => BrowserFixture, variant: GeneralizedGpuVariant): void {
  describe(`g-SmeLU fused kernels in Chromium on ${variant.name}`, () => {
    let session: PageSession;
    let page: Page;

    beforeAll(async () => {
      session = await openVariantPage(fixture, variant);
      page = session.page;
      const setup = await page.evaluate(async ({flags, backend}) => {
        for (const [name, value] of Object.entries(flags)) tf.env().set(name, value);
        const ok = await tf.setBackend(backend);
        return {ok, backend: tf.getBackend(), fused: tfSmelu.hasGeneralizedSmeluKernels(backend)};
      }, {flags: variant.flags, backend: variant.backend});
      expect(setup).toEqual({ok: true, backend: variant.backend, fused: true});
    }, 60_000);

    afterAll(() => closeVariantPage(session));

    it('runs the fused GeneralizedSmeLU / GeneralizedSmeLUGrad kernels (profile), outputs packed as configured',
       async () => {
         const info = await page.evaluate(async () => {
           const x = tf.tensor2d([-3, -1, 0, 1, 3, -2.5, 2.5, 0.5, -0.5], [3, 3]);
           const beta = tf.tensor1d([1, 2, 3]);
           const forward = await tf.profile(() => tfSmelu.generalizedSmelu(x, {beta, gNeg: 0.1}));
           // Every kernel call in order (kernelNames lists each name once).
           const forwardKernels = forward.kernels.map((k) => k.name);
           const y = forward.result as unknown as import('@tensorflow/tfjs').Tensor;
           const backward = await tf.profile(
               () => tf.grads(
                   (xx: import('@tensorflow/tfjs').Tensor, bb: import('@tensorflow/tfjs').Tensor) =>
                       tfSmelu.generalizedSmelu(xx, {beta: bb, gNeg: 0.1}))([x, beta]));
           const backwardKernels = backward.kernels.map((k) => k.name);
           const texData = (tf.backend() as unknown as {texData?: {get(id: unknown): {isPacked: boolean}}}).texData;
           const packed = texData ? texData.get(y.dataId).isPacked === true : null;
           tf.dispose([x, beta, y, ...(backward.result as unknown as import('@tensorflow/tfjs').Tensor[])]);
           return {forwardKernels, backwardKernels, packed};
         });
         expect(info.forwardKernels).toEqual(['GeneralizedSmeLU']);
         // tf.grads runs the forward once more, then one gradient kernel per input (dβ's Sum runs inside it).
         expect(info.backwardKernels.filter((k) => k.startsWith('GeneralizedSmeLU'))).toEqual([
           'GeneralizedSmeLU', 'GeneralizedSmeLUGrad', 'GeneralizedSmeLUGrad'
         ]);
         if (variant.backend === 'webgl') expect(info.packed).toBe(variant.packed);
       });

    it('matches the reference: every parameter set, scalar parameters, forward and all six gradients', async () => {
      const cases = PARAM_SETS.map((p, k) => makeCase(100 + k, [7, 9], 1, [], p));
      // A scalar x, a size divisible by 4 (WebGPU's vec4 lanes) and one that is not.
      cases.push(
          makeCase(7, [], 0, [], PARAM_SETS[1]), makeCase(8, [16], 0, [], PARAM_SETS[2]),
          makeCase(9, [2, 3, 5], 2, [], PARAM_SETS[3]));
      expectMatchesReference(variant, 'scalar parameters', cases, await runCases(page, cases));
    });

    it('matches the reference with per-channel parameters along every axis (ranks 1–5)', async () => {
      const shared = {...PARAM_SETS[2], alpha: 0.7, gPos: 1.3};
      const all = PARAM_NAMES;
      const cases = [
        makeCase(11, [6], 0, all, shared),                            // rank 1, channels = the only axis
        makeCase(12, [5, 7], 1, ['beta', 'gNeg'], shared),            // channels last, odd count
        makeCase(13, [5, 8], 1, all, shared),                         // channels last, vec4-aligned
        makeCase(14, [7, 3], 0, ['alpha', 'shift'], shared),          // channels on rows (packed: .rrgg)
        makeCase(15, [2, 3, 5], 1, ['alpha', 'gPos'], shared),        // a middle axis (packed: one per texel)
        makeCase(16, [3, 2, 5], 0, all, shared),                      // the outer axis of a rank-3 tensor
        makeCase(17, [2, 3, 2, 2, 3], 2, ['beta', 'shift'], shared),  // rank 5 (no shape uniforms)
        makeCase(18, [3, 1, 5], 1, ['beta'], shared),                 // one channel
      ];
      const gpu = await runCases(page, cases);
      expectMatchesReference(variant, 'per-channel parameters', cases, gpu);
      // The page's cpu kernels on the same cases: agreement element by element.
      expect(await page.evaluate(() => tf.setBackend('cpu'))).toBe(true);
      const cpu = await runCases(page, cases);
      expect(await page.evaluate((b) => tf.setBackend(b), variant.backend)).toBe(true);
      let worst = 0;
      cases.forEach((c, k) => c.x.forEach((v, i) => {
        const scale = Math.abs(cpu[k].y[i]) + termScale(v, paramsAt(c, i));
        worst = Math.max(worst, Math.abs(gpu[k].y[i] - cpu[k].y[i]) / scale);
      }));
      record(variant.name, 'forward vs cpu', worst);
      expect(worst).toBeLessThanOrEqual(variant.forwardTolerance);
    });

    it('every program variant (which parameters are per channel × channel axis) agrees with the cpu kernels',
       async () => {
         // Bit i of a mask: parameter i per channel. Each alone, mixed across the α/β and g₋/g₊
         // groups (the programs type derived constants by what they depend on), none and all.
         const masks = [0, 1, 2, 4, 8, 16, 0b01010, 0b00101, 0b11111];
         const run = () => page.evaluate(async ({masks, names}) => {
           const out: number[][] = [];
           for (const [shape, axis] of [[[3, 4], 0], [[3, 4], 1], [[2, 3, 5], 1]] as Array<[number[], number]>) {
             const size = shape.reduce((a, b) => a * b, 1);
             const x = tf.tensor(Array.from({length: size}, (_, i) => ((i * 7919) % 97) / 12 - 4), shape);
             const dy = tf.tensor(Array.from({length: size}, (_, i) => ((i * 31) % 11) / 5 - 1), shape);
             for (const mask of masks) {
               const base = [1, 1.5, 0.1, 1.2, 0.3];
               const p: Record<string, import('@tensorflow/tfjs').Tensor> = {};
               names.forEach((n, i) => {
                 p[n] = (mask >> i) & 1 ?
                     tf.tensor1d(Array.from({length: shape[axis]}, (_, ch) => base[i] * (1 + ch / 4))) :
                     tf.scalar(base[i]);
               });
               for (const wrt of ['forward', 'x', ...names]) {
                 const params = names.map((n) => p[n]);
                 const t =
                     (wrt === 'forward' ?
                          tf.engine().runKernel('GeneralizedSmeLU', [x, ...params] as never, {axis}) :
                          tf.engine().runKernel('GeneralizedSmeLUGrad', [dy, x, ...params] as never, {axis, wrt})) as
                     import('@tensorflow/tfjs').Tensor;
                 out.push(Array.from(await t.data()));
                 t.dispose();
               }
               tf.dispose(Object.values(p));
             }
             tf.dispose([x, dy]);
           }
           return out;
         }, {masks, names: PARAM_NAMES});
         const gpu = await run();
         expect(await page.evaluate(() => tf.setBackend('cpu'))).toBe(true);
         const cpu = await run();
         expect(await page.evaluate((b) => tf.setBackend(b), variant.backend)).toBe(true);
         expect(gpu.length).toBe(3 * masks.length * 7);
         gpu.forEach((values, k) => {
           const scale = cpu[k].reduce((m, v) => Math.max(m, Math.abs(v)), 1);
           values.forEach((v, i) => {
             if (!(Math.abs(v - cpu[k][i]) <= 1e-5 * scale)) {
               throw new Error(`${variant.name}: output ${k} (layout ${Math.floor(k / (7 * masks.length))}, mask ${
                   masks[Math.floor(k / 7) % masks.length]}, output ${k % 7}), element ${i}: ${v} vs cpu ${cpu[k][i]}`);
             }
           });
         });
       },
       120_000);

    it('gives the same floats for a number (a uniform) and a tensor holding it, in every mix; gradients reach the tensors',
       async () => {
         // Each parameter a number or a scalar tensor (all 32 mixes): every parameter a single value
         // (WebGL packed: the constants pass, or none when all are numbers), then next to a per-channel β.
         const settings = [
           {p: f32Params(PARAM_SETS[1]), betas: null}, {p: f32Params(PARAM_SETS[0]), betas: null},
           {p: f32Params(PARAM_SETS[2]), betas: [1, 0.5, 4, 2]}
         ];
         const special = [-Infinity, Infinity, NaN, 0];
         const results = await page.evaluate(async ({settings, names, special}) => {
           type T = import('@tensorflow/tfjs').Tensor;
           const out: number[][][][] = [];
           for (const {p, betas} of settings) {
             const xs =
                 Array.from({length: 32}, (_, i) => -p.alpha - 2 * (p.alpha + p.beta) + i * (p.alpha + p.beta) / 6);
             const x = tf.tensor2d([...xs, ...special], [9, 4]);
             const dy = tf.tensor2d(Array.from({length: 36}, (_, i) => Math.sin(i + 1)), [9, 4]);
             const perMask: number[][][] = [];
             for (let mask = 0; mask < 32; ++mask) {
               const isTensor = (i: number) => ((mask >> i) & 1) === 1 || (betas != null && names[i] === 'beta');
               const tensorNames = names.filter((_, i) => isTensor(i));
               const tensors =
                   tensorNames.map((k) => (k === 'beta' && betas != null ? tf.tensor1d(betas) : tf.scalar(p[k])));
               const f = (xx: T, ...ts: T[]) => {
                 const options: Record<string, number|T> = {};
                 for (const k of names) options[k] = tensorNames.includes(k) ? ts[tensorNames.indexOf(k)] : p[k];
                 return tfSmelu.generalizedSmelu(xx, options);
               };
               const y = f(x, ...tensors);
               const grads = tf.grads(f)([x, ...tensors], dy);
               perMask.push(await Promise.all([y, ...grads].map(async (t) => Array.from(await t.data()))));
               tf.dispose([y, ...grads, ...tensors]);
             }
             out.push(perMask);
             tf.dispose([x, dy]);
           }
           return out;
         }, {settings, names: PARAM_NAMES, special});
         results.forEach((perMask, s) => {
           const allTensors = perMask[31];
           const isTensor = (mask: number, i: number) =>
               ((mask >> i) & 1) === 1 || (settings[s].betas != null && PARAM_NAMES[i] === 'beta');
           perMask.forEach((got, mask) => {
             const context = {setting: s, tensors: PARAM_NAMES.filter((_, i) => isTensor(mask, i))};
             expect({...context, y: got[0]}).toEqual({...context, y: allTensors[0]});
             expect({...context, dx: got[1]}).toEqual({...context, dx: allTensors[1]});
             let k = 2;
             PARAM_NAMES.forEach((name, i) => {
               if (isTensor(mask, i)) {
                 expect({...context, name, grad: got[k++]}).toEqual({...context, name, grad: allTensors[2 + i]});
               }
             });
             expect(got).toHaveLength(k);
           });
         });
       },
       120_000);

    it('maps NaN → NaN and ±Infinity like the cpu kernels (a zero slope keeps its side flat)', async () => {
      const special = [-Infinity, Infinity, NaN, 1, -Infinity, Infinity, NaN, -1];
      const sets = [PARAM_SETS[0], {...PARAM_SETS[0], gPos: 0}, PARAM_SETS[2], PARAM_SETS[3]].map(f32Params);
      const run = () => page.evaluate(async ({special, sets}) => {
        const out = [];
        for (const p of sets) {
          const x = tf.tensor1d(special);
          const y = tfSmelu.generalizedSmelu(x, p);
          const dx = tf.grad((t: import('@tensorflow/tfjs').Tensor) => tfSmelu.generalizedSmelu(t, p))(x);
          // Per-channel slopes, one zero: channels last, each special value in each channel.
          const x2 = tf.tensor2d([...special, ...special], [4, 4]);
          const y2 = tfSmelu.generalizedSmelu(x2, {...p, gNeg: [0, p.gNeg, 0, p.gNeg], gPos: [p.gPos, 0, 0, p.gPos]});
          out.push({y: Array.from(await y.data()), dx: Array.from(await dx.data()), y2: Array.from(await y2.data())});
          tf.dispose([x, y, dx, x2, y2]);
        }
        return out;
      }, {special, sets});
      const gpu = await run();
      expect(await page.evaluate(() => tf.setBackend('cpu'))).toBe(true);
      const cpu = await run();
      expect(await page.evaluate((b) => tf.setBackend(b), variant.backend)).toBe(true);
      sets.forEach((q, k) => {
        const expected = special.map((v) => Number.isNaN(v) ? NaN : Math.fround(generalizedSmeluRef(v, q)));
        expect(gpu[k].y.filter((_, i) => !Number.isFinite(special[i])))
            .toEqual(expected.filter((_, i) => !Number.isFinite(special[i])));
        expect(gpu[k].dx.filter((_, i) => !Number.isFinite(special[i]))).toEqual([
          q.gNeg, q.gPos, NaN, q.gNeg, q.gPos, NaN
        ].map(Math.fround));
        // Exactly the cpu kernels' values wherever they are not finite (NaN, ±Infinity, flat sides).
        gpu[k].y2.forEach((v, i) => {
          if (!Number.isFinite(cpu[k].y2[i]))
            expect(v).toEqual(cpu[k].y2[i]);
          else
            expect(Math.abs(v - cpu[k].y2[i])).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(cpu[k].y2[i])));
        });
      });
    });

    it('has second derivatives through the registered gradients (x, dy, per-channel and scalar parameters)',
       async () => {
         const watched: GeneralizedSmeLUParamName[] = ['alpha', 'beta', 'gNeg', 'gPos'];
         const c = makeCase(41, [12, 3], 1, ['alpha', 'gPos'], {...PARAM_SETS[1], beta: 1.5, gNeg: 0.2, shift: 0.1});
         const vs = c.x.map((_, i) => Math.fround(Math.sin(i + 1)));
         const out = await page.evaluate(async ({c, vs, watched}) => {
           type T = import('@tensorflow/tfjs').Tensor;
           const v = tf.tensor(vs, c.shape);
           const params =
               watched.map((k) => c.params[k].length === 1 ? tf.scalar(c.params[k][0]) : tf.tensor1d(c.params[k]));
           // G = Σ v·dy·f′(x): its gradients are second derivatives of f.
           const G = (x: T, dy: T, alpha: T, beta: T, gNeg: T, gPos: T) => tf.mul(
               tf.grad((xx: T) => tfSmelu.generalizedSmelu(xx, {alpha, beta, gNeg, gPos, shift: c.params.shift[0]}))(
                   x, dy),
               v);
           const x = tf.tensor(c.x, c.shape), dy = tf.tensor(c.dy, c.shape);
           const grads = tf.grads(G)([x, dy, ...params]);
           const result = await Promise.all(grads.map(async (g) => Array.from(await g.data())));
           tf.dispose([v, x, dy, ...params, ...grads]);
           return result;
         }, {c, vs, watched});
         c.x.forEach((x, i) => {
           const p = paramsAt(c, i);
           const second = centralDifference((t) => generalizedSmeluDerivRef(t, p), x, 1e-6);
           expect(Math.abs(out[0][i] - vs[i] * c.dy[i] * second)).toBeLessThan(1e-4);
           expect(Math.abs(out[1][i] - vs[i] * generalizedSmeluDerivRef(x, p))).toBeLessThan(1e-5);
         });
         watched.forEach((name, k) => {
           const perChannel = c.params[name].length > 1;
           const sums = new Array(perChannel ? 3 : 1).fill(0);
           let magnitude = 0;
           c.x.forEach((x, i) => {
             const p = paramsAt(c, i);
             const d = centralDifference((pv) => generalizedSmeluDerivRef(x, {...p, [name]: pv}), p[name], 1e-6);
             sums[perChannel ? channelOf(c.shape, 1, i) : 0] += vs[i] * c.dy[i] * d;
             magnitude += Math.abs(vs[i] * c.dy[i] * d);
           });
           sums.forEach((s, ch) => expect(Math.abs(out[k + 2][ch] - s)).toBeLessThanOrEqual(1e-4 * magnitude + 1e-5));
         });
       });

    it('compiles one program for every parameter value (parameters are inputs or uniforms, not source)', async () => {
      const counts = await page.evaluate(async () => {
        const backend = tf.backend() as unknown as {binaryCache?: object, pipelineCache?: object};
        const cacheSize = () => Object.keys(backend.binaryCache ?? backend.pipelineCache ?? {}).length;
        const x = tf.tensor2d([-3, -1, 0, 1, 3, 0.5, -0.5, 2], [2, 4]);
        const dy = tf.onesLike(x);
        const run = async (s: number) => {
          // Per-channel β, then every parameter a single value.
          for (const beta of [tf.tensor1d([s, 2 * s, 3 * s, 4 * s]), tf.scalar(2 * s)]) {
            const alpha = tf.scalar(s);
            const y = tfSmelu.generalizedSmelu(x, {alpha, beta, gNeg: 0.1 * s, gPos: s, shift: -s});
            const g = tf.grads(
                (a: import('@tensorflow/tfjs').Tensor, b: import('@tensorflow/tfjs').Tensor) =>
                    tfSmelu.generalizedSmelu(x, {alpha: a, beta: b, gNeg: 0.1 * s, gPos: s, shift: -s}))(
                [alpha, beta], dy);
            await Promise.all([y.data(), ...g.map((t) => t.data())]);
            tf.dispose([beta, alpha, y, ...g]);
          }
        };
        await run(1);
        const before = cacheSize();
        for (const s of [0.25, 0.5, 2, 7.5]) await run(s);
        const after = cacheSize();
        tf.dispose([x, dy]);
        return {before, after};
      });
      expect(counts.before).toBeGreaterThan(0);
      expect(counts.after).toBe(counts.before);
    });

    it('trains a per-channel β and g₋ in a gSmelu layer with fit (loss goes down, β moves toward the truth)',
       async () => {
         const out = await page.evaluate(async () => {
           const trueBeta = [0.5, 3];
           const x = tf.randomUniform([128, 2], -4, 4, 'float32', 12);
           const target = tfSmelu.generalizedSmelu(x, {alpha: 2, beta: trueBeta});
           const layer = tfSmelu.layers.gSmelu({perChannel: ['beta'], trainableParams: ['beta', 'gNeg']});
           const model = tf.sequential({layers: [tf.layers.inputLayer({inputShape: [2]}), layer]});
           const optimizer = tf.train.adam(0.05);
           model.compile({optimizer, loss: 'meanSquaredError'});
           const history = await model.fit(x, target, {epochs: 30, batchSize: 128, verbose: 0});
           const betaWeight = layer.weights.find((w) => w.originalName.endsWith('beta'))!;
           const beta = Array.from(await betaWeight.read().data());
           tf.dispose([x, target]);
           model.dispose();
           optimizer.dispose();
           return {losses: history.history.loss as number[], beta};
         });
         expect(out.losses.every(Number.isFinite)).toBe(true);
         expect(out.losses[out.losses.length - 1]).toBeLessThan(0.1 * out.losses[0]);
         expect(Math.abs(out.beta[0] - 0.5)).toBeLessThan(Math.abs(2 - 0.5));
         expect(Math.abs(out.beta[1] - 3)).toBeLessThan(Math.abs(2 - 3));
       },
       120_000);

    it('leaks no tensors or GPU memory over 1,000 forward + gradient calls (x and every parameter)', async () => {
      const out = await page.evaluate(async () => {
        type T = import('@tensorflow/tfjs').Tensor;
        const x = tf.tensor2d(Array.from({length: 96}, (_, i) => (i - 48) / 10), [8, 12]);
        const beta = tf.tensor1d(Array.from({length: 12}, (_, i) => 0.5 + i / 4));
        const alpha = tf.scalar(1.2), gNeg = tf.scalar(0.1), gPos = tf.scalar(1.1), shift = tf.scalar(-0.2);
        const gradient = tf.grads(
            (xx: T, a: T, b: T, gn: T, gp: T, t: T) =>
                tf.sum(tfSmelu.generalizedSmelu(xx, {alpha: a, beta: b, gNeg: gn, gPos: gp, shift: t})));
        const singleBeta = tf.scalar(1.5);
        const step = () => tf.tidy(() => {
          // Per-channel β, and every parameter a single value (WebGL packed: the constants pass).
          tfSmelu.generalizedSmelu(x, {alpha, beta, gNeg, gPos, shift});
          gradient([x, alpha, beta, gNeg, gPos, shift]);
          tfSmelu.generalizedSmelu(x, {alpha, beta: singleBeta, gNeg, gPos, shift});
          gradient([x, alpha, singleBeta, gNeg, gPos, shift]);
          // Numbers (uniforms), alone and next to a per-channel β.
          tfSmelu.generalizedSmelu(x, {alpha: 1.2, beta: 1.5, gNeg: 0.1, gPos: 1.1, shift: -0.2});
          tf.grads((xx: T, b: T) => tf.sum(tfSmelu.generalizedSmelu(xx, {alpha: 1.2, beta: b, gNeg: 0.1})))([x, beta]);
        });
        // Reading a fresh result makes the backend finish queued work; WebGPU frees
        // buffers of disposed tensors (and uniforms) only when it submits its queue.
        const memory = async () => {
          const y = tfSmelu.generalizedSmelu(x, {alpha, beta});
          await y.data();
          y.dispose();
          const m = tf.memory() as {numTensors: number, numBytesInGPU?: number};
          return {numTensors: m.numTensors, numBytesInGPU: m.numBytesInGPU};
        };
        step();  // uploads and compiles before the baseline
        const before = await memory();
        for (let i = 0; i < 1000; ++i) step();
        const after = await memory();
        tf.dispose([x, beta, singleBeta, alpha, gNeg, gPos, shift]);
        return {before, after};
      });
      expect(typeof out.before.numBytesInGPU).toBe('number');
      expect(out.after).toEqual(out.before);
    }, 180_000);
  });
}
