/**
 * WGSL compute programs for SmeLU and its gradient, one invocation per
 * element over a flat dispatch (tfjs-backend-webgpu `UnaryOpProgram` style).
 *
 * β is a uniform, not a literal in the source: the backend caches pipelines
 * by `shaderKey` plus shapes and dtypes, never by code, so a baked-in β would
 * need β in the key and compile one pipeline per β; with a uniform one
 * pipeline serves every β. 1/(4β) and 1/(2β) are computed in JavaScript
 * (float64, rounded once) and passed along.
 */
import type {WebGPUProgramLike} from '../backend_types';

const WORKGROUP_SIZE_X = 128;

/**
 * WGSL lets min/max/clamp do anything with NaN, so NaN is tested first with
 * the backend's bit-pattern `isnan` (which the compiler cannot assume away)
 * and returned unchanged.
 */
export const SMELU_WGSL = `
  if (isnan(x) || x >= uniforms.beta) { return x; }
  let s = max(x + uniforms.beta, 0.0);
  return s * s * uniforms.quarterInvBeta;
`;

/** dy·f′(x), slope exactly 1 for x ≥ β; NaN in x gives NaN. */
export const SMELU_GRAD_WGSL = `
  if (isnan(x)) { return x; }
  let slope = select(clamp((x + uniforms.beta) * uniforms.halfInvBeta, 0.0, 1.0), 1.0,
                     x >= uniforms.beta);
  return dy * slope;
`;

/** Flat layout and dispatch as tfjs's `flatDispatchLayout` / `computeDispatch` give them. */
function flatDispatch(shape: number[]):
    Pick<WebGPUProgramLike, 'dispatchLayout'|'dispatch'|'workgroupSize'> {
  const size = shape.reduce((a, b) => a * b, 1);
  return {
    dispatchLayout: {x: shape.map((_, i) => i)},
    dispatch: [Math.ceil(size / WORKGROUP_SIZE_X), 1, 1],
    workgroupSize: [WORKGROUP_SIZE_X, 1, 1],
  };
}

/** y = SmeLU(x); uniforms `beta`, `quarterInvBeta` = 1/(4β). */
export class SmeLUProgram implements WebGPUProgramLike {
  shaderKey = 'smelu';
  variableNames = ['A'];
  outputShape: number[];
  dispatchLayout: WebGPUProgramLike['dispatchLayout'];
  dispatch: WebGPUProgramLike['dispatch'];
  workgroupSize: WebGPUProgramLike['workgroupSize'];
  size = true;
  uniforms = 'beta : f32, quarterInvBeta : f32, ';

  constructor(shape: number[]) {
    this.outputShape = shape;
    ({dispatchLayout: this.dispatchLayout, dispatch: this.dispatch, workgroupSize: this.workgroupSize} =
         flatDispatch(shape));
  }

  getUserCode(): string {
    return `
      fn smelu(x : f32) -> f32 {
        ${SMELU_WGSL}
      }

      fn main(index : i32) {
        if (index < uniforms.size) {
          setOutputAtIndex(index, smelu(getAByOutputIndex(index)));
        }
      }
    `;
  }
}

/** dx = dy·f′(x); inputs `dy`, `x` of equal shape; uniforms `beta`, `halfInvBeta` = 1/(2β). */
export class SmeLUGradProgram implements WebGPUProgramLike {
  shaderKey = 'smeluGrad';
  variableNames = ['dy', 'x'];
  outputShape: number[];
  dispatchLayout: WebGPUProgramLike['dispatchLayout'];
  dispatch: WebGPUProgramLike['dispatch'];
  workgroupSize: WebGPUProgramLike['workgroupSize'];
  size = true;
  uniforms = 'beta : f32, halfInvBeta : f32, ';

  constructor(shape: number[]) {
    this.outputShape = shape;
    ({dispatchLayout: this.dispatchLayout, dispatch: this.dispatch, workgroupSize: this.workgroupSize} =
         flatDispatch(shape));
  }

  getUserCode(): string {
    return `
      fn smeluGrad(dy : f32, x : f32) -> f32 {
        ${SMELU_GRAD_WGSL}
      }

      fn main(index : i32) {
        if (index < uniforms.size) {
          setOutputAtIndex(index, smeluGrad(getDyByOutputIndex(index), getXByOutputIndex(index)));
        }
      }
    `;
  }
}
