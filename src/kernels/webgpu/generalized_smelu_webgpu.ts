/**
 * WGSL compute programs for g-SmeLU, forward and gradients, over a flat
 * dispatch with vec4 lanes when the element count is divisible by 4 (as
 * smelu_webgpu.ts). The formulas are the WebGL programs' (see
 * ../webgl/generalized_smelu_gpu.ts): f, dy·∂f/∂x, or the per-element
 * products dy·∂f/∂p that the kernel sums on the GPU.
 *
 * Parameters are f32 uniforms (numbers, the kernel's attrs) or input
 * buffers of one value or one value per channel, read with one element per
 * load whatever the lanes of x; the layout of x as [outer, channels, inner]
 * reaches the shader as the uniforms `channels` and `inner` (element i is in
 * channel ⌊i / inner⌋ mod channels). So one pipeline serves every parameter
 * value and every shape; the key only says which parameters are uniforms
 * and which are per channel. A number goes through the same expressions as
 * a tensor holding it, so both give the same results.
 */
import type {GeneralizedSmeLUParamName} from '../../kernel_names';
import type {WebGPUProgramLike} from '../backend_types';
import {GENERALIZED_SMELU_PROGRAM_PARAMS, GeneralizedSmeLUOutput} from '../generalized_smelu_gpu_shared';
import {flatDispatch, SmeLUComponents, smeluComponentsFor, wgslLanes} from './smelu_webgpu';

/**
 * The formula body for `output`. x and dy are lanes of type `T`; a
 * parameter is of type T only when it is per channel (its lanes may
 * differ), else an f32, and so is every constant derived from parameters
 * alone, computed once per invocation rather than per lane. WGSL mixes
 * vectors and scalars in arithmetic, not in min/max/clamp/select: there
 * scalars are splatted with `lanes()`.
 */
function bodyFor(output: GeneralizedSmeLUOutput, components: SmeLUComponents, perChannel: Set<string>): string {
  const {splat, isnan} = wgslLanes(components);
  const zero = splat('0.0');
  const vectorOf = (...names: string[]) => components === 4 && names.some((n) => perChannel.has(n));
  /** `value` (computed from `names` only) as T lanes. */
  const lanes = (value: string, ...names: string[]) => (vectorOf(...names) ? value : splat(value));
  /** `ifZero` where parameter `name` is 0, else `otherwise` (per lane when its lanes differ). */
  const whereZero = (name: string, ifZero: string, otherwise: string) =>
      `select(${otherwise}, ${ifZero}, ${name} == ${vectorOf(name) ? zero : '0.0'})`;
  // WGSL leaves min/max/clamp of NaN unspecified: NaN inputs are returned explicitly (as x itself).
  const nanGuard = (value: string) => `return select(${value}, x, ${isnan}(x));`;
  const common = `
    let w = alpha + beta;
    let u = x + alpha;
    let c = clamp(u, ${zero}, ${lanes('w', 'alpha', 'beta')});`;
  switch (output) {
    case 'forward':
      // A zero slope times an infinite distance counts as 0: that side stays flat at ±Infinity.
      return common + `
    let k = (gPos - gNeg) / (2.0 * w);
    let left = ${whereZero('gNeg', zero, `gNeg * min(u, ${zero})`)};
    let right = ${whereZero('gPos', zero, `gPos * max(u - w, ${zero})`)};
    ${nanGuard('shift + left + c * (gNeg + k * c) + right')}`;
    case 'x':
      return common + `
    let d = (gPos - gNeg) / w;
    ${nanGuard('dy * (gNeg + d * c)')}`;
    case 'alpha':
      return common + `
    let r = c * (1.0 / w);
    ${nanGuard('dy * (gNeg + (gPos - gNeg) * r * (1.0 - 0.5 * r))')}`;
    case 'beta':
      return common + `
    let r = c * (1.0 / w);
    ${nanGuard('dy * (-0.5 * (gPos - gNeg) * r * r)')}`;
    case 'gNeg':
      return common + `
    ${nanGuard(`dy * (min(u, ${zero}) + c - (0.5 / w) * c * c)`)}`;
    case 'gPos':
      return common + `
    ${nanGuard(`dy * ((0.5 / w) * c * c + max(u - w, ${zero}))`)}`;
    default:
      throw new Error(`GeneralizedSmeLUProgram: unknown output '${String(output)}'`);
  }
}

/**
 * How one parameter reaches the program: a uniform (a number), or an input
 * buffer of one value or of one value per channel.
 */
export type ParamLayout = 'uniform'|'single'|'perChannel';

export interface GeneralizedSmeLUProgramOptions {
  output: GeneralizedSmeLUOutput;
  /**
   * Per parameter this output reads (GENERALIZED_SMELU_PROGRAM_PARAMS order):
   * inputs follow in that order after x (or dy, x), uniforms follow
   * `channels` and `inner` in that order.
   */
  params: ParamLayout[];
}

/**
 * One g-SmeLU program: inputs `x` then the output's parameters (forward), or
 * `dy`, `x` then the parameters (gradients). Uniforms `channels`, `inner`.
 */
export class GeneralizedSmeLUProgram implements WebGPUProgramLike {
  shaderKey: string;
  variableNames: string[];
  variableComponents: number[];
  outputShape: number[];
  outputComponent: SmeLUComponents;
  dispatchLayout: WebGPUProgramLike['dispatchLayout'];
  dispatch: WebGPUProgramLike['dispatch'];
  workgroupSize: WebGPUProgramLike['workgroupSize'];
  size = true;
  uniforms: string;
  private readonly output: GeneralizedSmeLUOutput;
  private readonly params: GeneralizedSmeLUParamName[];
  private readonly layouts: ParamLayout[];
  private readonly perChannel: boolean[];

  constructor(shape: number[], {output, params}: GeneralizedSmeLUProgramOptions) {
    this.output = output;
    this.params = GENERALIZED_SMELU_PROGRAM_PARAMS[output];
    if (params.length !== this.params.length) {
      throw new Error(
          `GeneralizedSmeLUProgram: '${output}' reads ${this.params.length} parameters, got ${params.length} layouts`);
    }
    this.layouts = params;
    this.perChannel = params.map((l) => l === 'perChannel');
    this.outputShape = shape;
    this.outputComponent = smeluComponentsFor(shape);
    const leading = output === 'forward' ? ['x'] : ['dy', 'x'];
    const inputs = this.params.filter((_, i) => params[i] !== 'uniform');
    this.variableNames = [...leading, ...inputs];
    this.variableComponents = [...leading.map(() => this.outputComponent), ...inputs.map(() => 1)];
    this.uniforms = `channels : i32, inner : i32, ${
        this.params.filter((_, i) => params[i] === 'uniform').map((n) => `${n} : f32, `).join('')}`;
    // The code differs by output, lanes and how each parameter arrives; nothing else.
    const paramCodes = params.map((l) => l === 'uniform' ? 'u' : l === 'perChannel' ? 'c' : 's').join('');
    this.shaderKey = `generalizedSmelu_${output}_${this.outputComponent}_${paramCodes}`;
    ({dispatchLayout: this.dispatchLayout, dispatch: this.dispatch, workgroupSize: this.workgroupSize} =
         flatDispatch(shape, this.outputComponent));
  }

  getUserCode(): string {
    const components = this.outputComponent;
    const {type} = wgslLanes(components);
    const anyPerChannel = this.perChannel.some((p) => p);
    const read = (name: string, i: number) => {
      if (this.layouts[i] === 'uniform') return `uniforms.${name}`;
      if (!this.perChannel[i]) return `${name}[0]`;
      return components === 4 ? `vec4<f32>(${name}[ch.x], ${name}[ch.y], ${name}[ch.z], ${name}[ch.w])` : `${name}[ch]`;
    };
    // Channel of each lane: element e = components·index + lane is in channel ⌊e / inner⌋ mod channels.
    const channel = !anyPerChannel ? '' :
        components === 4 ? `let ch = ((vec4<i32>(index * 4) + vec4<i32>(0, 1, 2, 3)) / vec4<i32>(uniforms.inner)) %
                     vec4<i32>(uniforms.channels);` :
                           'let ch = (index / uniforms.inner) % uniforms.channels;';
    const leading = this.output === 'forward' ? ['x'] : ['dy', 'x'];
    // Parameters named like the input buffers shadow them inside the function (as in smelu_webgpu.ts).
    const perChannel = new Set<string>(this.params.filter((_, i) => this.perChannel[i]));
    const args = [
      ...leading.map((n) => `${n} : ${type}`),
      ...this.params.map((n) => `${n} : ${perChannel.has(n) ? type : 'f32'}`),
    ].join(', ');
    const values = [
      ...leading.map((n) => `get${n.charAt(0).toUpperCase()}${n.slice(1)}ByOutputIndex(index)`),
      ...this.params.map(read),
    ].join(',\n              ');
    return `
      fn generalizedSmelu(${args}) -> ${type} {
        ${bodyFor(this.output, components, perChannel)}
      }

      fn main(index : i32) {
        if (index < uniforms.size) {
          ${channel}
          setOutputAtIndex(index, generalizedSmelu(
              ${values}));
        }
      }
    `;
  }
}
