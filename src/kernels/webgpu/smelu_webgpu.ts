/**
 * WGSL compute programs for SmeLU and its gradient over a flat dispatch
 * (tfjs-backend-webgpu `UnaryOpProgram` / `ClipVec4Program` style): when the
 * element count is divisible by 4 each invocation handles one `vec4<f32>`
 * (buffers bound as `array<vec4<f32>>`, `uniforms.size` counts vec4s), else
 * one element.
 *
 * β is a uniform, not a literal in the source: the backend caches pipelines
 * by `shaderKey` plus shapes and dtypes, never by code, so a baked-in β would
 * need β in the key and compile one pipeline per β; with a uniform one
 * pipeline serves every β. 1/(4β) and 1/(2β) are computed in JavaScript
 * (float64, rounded once) and passed along.
 */
import type {WebGPUProgramLike} from '../backend_types';

export const WORKGROUP_SIZE_X = 128;

/** Elements per invocation: 4 (vec4 loads and stores) or 1. */
export type SmeLUComponents = 1|4;

/** tfjs's rule for its vec4 elementwise programs: a flat size divisible by 4. */
export function smeluComponentsFor(shape: number[]): SmeLUComponents {
  return shape.reduce((a, b) => a * b, 1) % 4 === 0 ? 4 : 1;
}

/** WGSL type, scalar broadcast and NaN test for `components` lanes (`isnan*` are the backend's, bit-pattern based). */
export function wgslLanes(components: SmeLUComponents): {type: string, splat: (v: string) => string, isnan: string} {
  return components === 4 ? {type: 'vec4<f32>', splat: (v) => `vec4<f32>(${v})`, isnan: 'isnanVec4'} :
                            {type: 'f32', splat: (v) => v, isnan: 'isnan'};
}

/**
 * Branch-free body of `fn smelu(x)`: s · (s/(4β)) with s = max(x+β, 0) (not
 * s² · 1/(4β), whose square leaves float32's normal range first), replaced by x itself
 * where x ≥ β (so +∞ → +∞ and no overflow of the product matters) or x is NaN.
 * WGSL lets max/clamp do anything with NaN, hence the explicit NaN lanes;
 * −∞ gives max(−∞, 0) = 0.
 */
function smeluWgsl(components: SmeLUComponents): string {
  const {splat, isnan} = wgslLanes(components);
  // WGSL has no `||` on vectors, and its grammar needs parentheses to mix `|` with `>=`.
  const or = components === 4 ? '|' : '||';
  return `
  let s = max(x + ${splat('uniforms.beta')}, ${splat('0.0')});
  return select(s * (s * ${splat('uniforms.quarterInvBeta')}), x,
                ${isnan}(x) ${or} (x >= ${splat('uniforms.beta')}));
`;
}

/** Branch-free body of `fn smeluGrad(dy, x)`: dy·f′(x), slope exactly 1 for x ≥ β; NaN in x gives NaN. */
function smeluGradWgsl(components: SmeLUComponents): string {
  const {splat, isnan} = wgslLanes(components);
  return `
  let slope = select(clamp((x + ${splat('uniforms.beta')}) * ${splat('uniforms.halfInvBeta')}, ${splat('0.0')},
                           ${splat('1.0')}),
                     ${splat('1.0')}, x >= ${splat('uniforms.beta')});
  return select(dy * slope, x, ${isnan}(x));
`;
}

/** Flat layout and dispatch as tfjs's `flatDispatchLayout` / `computeDispatch` give them. */
export function flatDispatch(shape: number[], components: SmeLUComponents):
    Pick<WebGPUProgramLike, 'dispatchLayout'|'dispatch'|'workgroupSize'> {
  const size = shape.reduce((a, b) => a * b, 1);
  return {
    dispatchLayout: {x: shape.map((_, i) => i)},
    dispatch: [Math.ceil(size / (WORKGROUP_SIZE_X * components)), 1, 1],
    workgroupSize: [WORKGROUP_SIZE_X, 1, 1],
  };
}

/** Which SmeLU program: forward (`gradient: false`) or dy·f′(x). */
export interface SmeLUProgramVariant {
  gradient: boolean;
}

/**
 * y = SmeLU(x) (input `A`; uniforms `beta`, `quarterInvBeta` = 1/(4β)) or
 * dx = dy·f′(x) (inputs `dy`, `x` of equal shape; uniforms `beta`,
 * `halfInvBeta` = 1/(2β)); vec4 lanes when the size allows.
 */
export class SmeLUProgram implements WebGPUProgramLike {
  shaderKey: string;
  variableNames: string[];
  outputShape: number[];
  outputComponent: SmeLUComponents;
  dispatchLayout: WebGPUProgramLike['dispatchLayout'];
  dispatch: WebGPUProgramLike['dispatch'];
  workgroupSize: WebGPUProgramLike['workgroupSize'];
  size = true;
  uniforms: string;
  private readonly gradient: boolean;

  constructor(shape: number[], {gradient}: SmeLUProgramVariant) {
    this.gradient = gradient;
    this.outputShape = shape;
    this.outputComponent = smeluComponentsFor(shape);
    this.variableNames = gradient ? ['dy', 'x'] : ['A'];
    this.uniforms = gradient ? 'beta : f32, halfInvBeta : f32, ' : 'beta : f32, quarterInvBeta : f32, ';
    this.shaderKey = (gradient ? 'smeluGrad' : 'smelu') + (this.outputComponent === 4 ? 'Vec4' : '');
    ({dispatchLayout: this.dispatchLayout, dispatch: this.dispatch, workgroupSize: this.workgroupSize} =
         flatDispatch(shape, this.outputComponent));
  }

  getUserCode(): string {
    const {type} = wgslLanes(this.outputComponent);
    if (this.gradient) {
      return `
      fn smeluGrad(dy : ${type}, x : ${type}) -> ${type} {
        ${smeluGradWgsl(this.outputComponent)}
      }

      fn main(index : i32) {
        if (index < uniforms.size) {
          setOutputAtIndex(index, smeluGrad(getDyByOutputIndex(index), getXByOutputIndex(index)));
        }
      }
    `;
    }
    return `
      fn smelu(x : ${type}) -> ${type} {
        ${smeluWgsl(this.outputComponent)}
      }

      fn main(index : i32) {
        if (index < uniforms.size) {
          setOutputAtIndex(index, smelu(getAByOutputIndex(index)));
        }
      }
    `;
  }
}
