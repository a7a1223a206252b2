/**
 * WebGL programs for g-SmeLU, forward and gradients, packed (vec4 per 2×2
 * texel) or unpacked, in the style of smelu_gpu.ts. With u = x + α,
 * w = α + β, c = clip(u, 0, w), D = g₊ − g₋, r = c/w:
 *
 *   f = t + g₋·min(u, 0) + c·(g₋ + D·c/(2w)) + g₊·max(u − w, 0)
 *   ∂f/∂x = g₋ + D·r           ∂f/∂α = g₋ + D·r·(1 − r/2)   ∂f/∂β = −D·r²/2
 *   ∂f/∂g₋ = min(u, 0) + c − c·r/2      ∂f/∂g₊ = c·r/2 + max(u − w, 0)
 *
 * (the cpu kernels' form: see generalized_smelu_math.ts). The gradient
 * programs output dy·∂f/∂x, or the per-element products dy·∂f/∂p that the
 * kernel then sums to the parameter's shape on the GPU.
 *
 * The parameters are uniforms (numbers, the kernel's attrs) or kernel
 * inputs (textures, or uniforms for small tensors still on the CPU), never
 * values in the source: one compiled program serves every parameter value.
 * An input is a single value or one value per channel along `axis`; the
 * program reads the channel from the output coordinates, so it depends on
 * the layout (rank, axis, which parameters are uniforms or per channel) but
 * not on the shape when tfjs uses shape uniforms. A number is derived from
 * exactly as a tensor holding it is (same expressions, in the shader), so
 * both give the same results.
 */
import type {WebGLProgramLike} from '../backend_types';
import {GENERALIZED_SMELU_PROGRAM_PARAMS, GeneralizedSmeLUOutput} from '../generalized_smelu_gpu_shared';
import {SELECT_VEC4, useShapeUniforms} from './smelu_gpu';

/** Names of the coordinate components tfjs's GLSL gives `getOutputCoords()` (ivec5/ivec6 are structs). */
const COORD_COMPONENTS = ['x', 'y', 'z', 'w', 'u', 'v'];

/** GLSL expression for output coordinate `dim` of a rank-`rank` output. */
function coord(rank: number, dim: number): string {
  return rank <= 1 ? 'coords' : `coords.${COORD_COMPONENTS[dim]}`;
}

/**
 * The formula body for each output. x and dy are of type `T` (vec4 packed,
 * float unpacked); a parameter is of type T only when it is per channel
 * (its lanes may differ), else a float, and so is every constant derived
 * from parameters alone (GLSL mixes vec4 and float operands). The derived
 * constants w = α + β, halfSlope = (g₊ − g₋)/(2w), slope = (g₊ − g₋)/w and
 * invW = 1/w are computed here, or `given` (read from the constants texture
 * of {@link GeneralizedSmeLUConstantsProgram}).
 */
function bodyFor(output: GeneralizedSmeLUOutput, packed: boolean, perChannel: Set<string>, given: boolean): string {
  const T = packed ? 'vec4' : 'float';
  /** Type of a value computed from these parameters only. */
  const typeOf = (...names: string[]) => (packed && names.some((n) => perChannel.has(n)) ? 'vec4' : 'float');
  const zeroOf = (type: string) => (type === 'vec4' ? 'vec4(0.0)' : '0.0');
  /** `ifZero` where parameter `name` is 0, else `otherwise` (per lane when its lanes differ). */
  const whereZero = (name: string, ifZero: string, otherwise: string) => typeOf(name) === 'vec4' ?
      `smeluSelect(equal(${name}, vec4(0.0)), ${ifZero}, ${otherwise})` :
      `(${name} == 0.0 ? ${ifZero} : ${otherwise})`;
  // GLSL leaves min/max/clamp of NaN unspecified: NaN inputs are returned explicitly (as x itself).
  const nanGuard = (value: string) =>
      packed ? `return smeluSelect(isnan(x), x, ${value});` : `return isnan(x) ? x : ${value};`;
  const wType = typeOf('alpha', 'beta');
  const slopeType = typeOf('alpha', 'beta', 'gNeg', 'gPos');
  const derive = (line: string) => (given ? '' : line);
  const common = `
    ${derive(`${wType} w = alpha + beta;`)}
    ${T} u = x + alpha;
    ${T} c = clamp(u, ${zeroOf(wType)}, w);`;
  switch (output) {
    case 'forward':
      // A zero slope times an infinite distance counts as 0: that side stays flat at ±Infinity.
      return common + `
    ${derive(`${slopeType} halfSlope = (gPos - gNeg) / (2.0 * w);`)}
    ${T} left = ${whereZero('gNeg', zeroOf(T), 'gNeg * min(u, 0.0)')};
    ${T} right = ${whereZero('gPos', zeroOf(T), 'gPos * max(u - w, 0.0)')};
    ${nanGuard('shift + left + c * (gNeg + halfSlope * c) + right')}`;
    case 'x':
      return common + `
    ${derive(`${slopeType} slope = (gPos - gNeg) / w;`)}
    ${nanGuard('dy * (gNeg + slope * c)')}`;
    case 'alpha':
      return common + `
    ${derive(`${wType} invW = 1.0 / w;`)}
    ${T} r = c * invW;
    ${nanGuard('dy * (gNeg + (gPos - gNeg) * r * (1.0 - 0.5 * r))')}`;
    case 'beta':
      return common + `
    ${derive(`${wType} invW = 1.0 / w;`)}
    ${T} r = c * invW;
    ${nanGuard('dy * (-0.5 * (gPos - gNeg) * r * r)')}`;
    case 'gNeg':
      return common + `
    ${derive(`${wType} invW = 1.0 / w;`)}
    ${nanGuard('dy * (min(u, 0.0) + c - 0.5 * invW * c * c)')}`;
    case 'gPos':
      return common + `
    ${derive(`${wType} invW = 1.0 / w;`)}
    ${nanGuard('dy * (0.5 * invW * c * c + max(u - w, 0.0))')}`;
    default:
      throw new Error(`GeneralizedSmeLUProgram: unknown output '${String(output)}'`);
  }
}

/**
 * How one parameter reaches a program: `'uniform'` (a number: a float
 * uniform, see {@link paramUniformName}), or an input, a single value (rank
 * 0 or [1]) or one per channel ([C]).
 */
export type ParamLayout = 'uniform'|{rank: number, perChannel: boolean};

/** The uniform that carries a number parameter (not the parameter's own name, which the program's function takes). */
export function paramUniformName(name: string): string {
  return `${name}Value`;
}

/**
 * GLSL that reads parameter `name` for the current output element
 * (unpacked: a float) or 2×2 block (packed: a float for a single value, a
 * vec4 whose lanes are the block's elements r,c / r,c+1 / r+1,c / r+1,c+1
 * for per-channel values).
 */
function readParam(name: string, layout: ParamLayout, rank: number, axis: number, packed: boolean): string {
  if (layout === 'uniform') return paramUniformName(name);
  const getter = `get${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  const single = layout.rank === 0 ? `${getter}()` : `${getter}(0)`;
  if (!packed) return layout.perChannel ? `${getter}(${coord(rank, axis)})` : single;
  // Packed: a rank-1 parameter's texel holds values i, i+1 (i even) in .r and .g.
  if (!layout.perChannel) return `${single}.r`;
  if (axis === rank - 1) return `${getter}(${coord(rank, axis)}).rgrg`;       // block columns c, c+1
  if (axis === rank - 2) return `${getter}(${coord(rank, axis)}).rrgg`;       // block rows r, r+1
  return `paramLane(${getter}(${coord(rank, axis)}), ${coord(rank, axis)})`;  // one channel per block
}

/** Packed: the value of channel `ch` from its texel (even channels in .r, odd in .g), in every lane. */
const PARAM_LANE = `
  vec4 paramLane(vec4 texel, int ch) {
    return vec4(ch - 2 * (ch / 2) == 0 ? texel.r : texel.g);
  }
`;

export interface GeneralizedSmeLUProgramOptions {
  output: GeneralizedSmeLUOutput;
  /** vec4 per 2×2 texel (tfjs's packed layout) or one float per texel. */
  packed: boolean;
  /** Channel axis, 0 ≤ axis < rank (any value when no parameter is per channel). */
  axis: number;
  /**
   * How each parameter this output reads reaches the program, in
   * GENERALIZED_SMELU_PROGRAM_PARAMS order (inputs in that order after the
   * leading ones, uniforms in that order in `customUniforms`); or
   * 'constants': one input `k`, the [2, 4] packed texture of
   * {@link GeneralizedSmeLUConstantsProgram} (packed, single values only).
   */
  params: ParamLayout[]|'constants';
}

/** The float uniforms of the parameters laid out as `'uniform'`, in order (their values go in that order). */
function uniformsOf(names: readonly string[], layouts: readonly ParamLayout[]): Array<{name: string, type: 'float'}> {
  return names.filter((_, i) => layouts[i] === 'uniform').map((n) => ({name: paramUniformName(n), type: 'float'}));
}

/** Where each constant sits in the constants texture: two texels, (α, w, g₋, g₊) and (t, halfSlope, slope, 1/w). */
const CONSTANT_TEXELS = `
    vec4 k0 = getK(0, 0);
    vec4 k1 = getK(0, 2);`;
const CONSTANT_NAMES = ['alpha', 'gNeg', 'gPos', 'shift', 'w', 'halfSlope', 'slope', 'invW'];
const CONSTANT_VALUES = ['k0.r', 'k0.b', 'k0.a', 'k1.r', 'k0.g', 'k1.g', 'k1.b', 'k1.a'];

/**
 * One g-SmeLU program: inputs `x` then the output's parameters (forward), or
 * `dy`, `x` then the parameters (gradients); output of x's shape.
 */
export class GeneralizedSmeLUProgram implements WebGLProgramLike {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  enableShapeUniforms: boolean;
  packedInputs: boolean;
  packedOutput: boolean;
  customUniforms: Array<{name: string, type: 'float'}>;

  constructor(shape: number[], {output, packed, axis, params}: GeneralizedSmeLUProgramOptions) {
    const names = GENERALIZED_SMELU_PROGRAM_PARAMS[output];
    const given = params === 'constants';
    if (given ? !packed : params.length !== names.length) {
      throw new Error(`GeneralizedSmeLUProgram: '${output}' reads ${names.length} parameters (or packed constants)`);
    }
    this.outputShape = shape;
    this.enableShapeUniforms = useShapeUniforms(shape.length);
    this.packedInputs = packed;
    this.packedOutput = packed;
    const gradient = output !== 'forward';
    const leading = gradient ? ['dy', 'x'] : ['x'];
    this.variableNames = [...leading, ...(given ? ['k'] : names.filter((_, i) => params[i] !== 'uniform'))];
    this.customUniforms = given ? [] : uniformsOf(names, params);
    const T = packed ? 'vec4' : 'float';
    const rank = shape.length;
    const perChannel = new Set<string>(given ? [] : names.filter((_, i) => {
      const layout = params[i];
      return layout !== 'uniform' && layout.perChannel;
    }));
    const paramType = (n: string) => (perChannel.has(n) ? T : 'float');
    const paramNames = given ? CONSTANT_NAMES : names;
    const args = [...leading.map((n) => `${T} ${n}`), ...paramNames.map((n) => `${paramType(n)} ${n}`)].join(', ');
    const values = [
      ...leading.map((n) => `get${n.charAt(0).toUpperCase()}${n.slice(1)}AtOutCoords()`),
      ...(given ? CONSTANT_VALUES : names.map((n, i) => readParam(n, params[i], rank, axis, packed))),
    ].join(',\n            ');
    const needsCoords = perChannel.size > 0;
    this.userCode = `
      ${packed ? SELECT_VEC4 : ''}
      ${packed && needsCoords ? PARAM_LANE : ''}

      ${T} generalizedSmelu(${args}) {
        ${bodyFor(output, packed, perChannel, given)}
      }

      void main() {
        ${needsCoords ? `${rank <= 1 ? 'int' : `ivec${rank}`} coords = getOutputCoords();` : ''}
        ${given ? CONSTANT_TEXELS : ''}
        setOutput(generalizedSmelu(
            ${values}));
      }
    `;
  }
}

/**
 * The constants of a g-SmeLU whose parameters are all single values, some of
 * them tensors, in two texels of a packed [2, 4] texture: (α, w, g₋, g₊) and
 * (t, (g₊ − g₋)/(2w), (g₊ − g₋)/w, 1/w). One tiny pass per call, so that the
 * packed main program fetches two texels per fragment instead of five and
 * derives nothing (about a quarter of its time on SwiftShader, measured).
 * (With every parameter a number there is nothing to fetch: the main
 * program reads uniforms and needs no such pass.)
 */
export class GeneralizedSmeLUConstantsProgram implements WebGLProgramLike {
  variableNames: string[];
  outputShape = [2, 4];
  userCode: string;
  packedInputs = true;
  packedOutput = true;
  customUniforms: Array<{name: string, type: 'float'}>;

  /**
   * `layouts`: for each of the five parameters (GENERALIZED_SMELU_PARAM_NAMES
   * order), `'uniform'` or the rank (0 or 1) of its single-value input.
   */
  constructor(layouts: Array<'uniform'|number>) {
    const names = ['alpha', 'beta', 'gNeg', 'gPos', 'shift'];
    const paramLayouts: ParamLayout[] =
        layouts.map((l) => (l === 'uniform' ? 'uniform' : {rank: l, perChannel: false}));
    this.variableNames = names.filter((_, i) => paramLayouts[i] !== 'uniform');
    this.customUniforms = uniformsOf(names, paramLayouts);
    const read = names.map((n, i) => `float ${n} = ${readParam(n, paramLayouts[i], 2, 0, true)};`);
    this.userCode = `
      void main() {
        ivec2 rc = getOutputCoords();
        ${read.join('\n        ')}
        float w = alpha + beta;
        float diff = gPos - gNeg;
        setOutput(rc.y == 0 ? vec4(alpha, w, gNeg, gPos) : vec4(shift, diff / (2.0 * w), diff / w, 1.0 / w));
      }
    `;
  }
}
