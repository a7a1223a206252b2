/**
 * WebGL programs for SmeLU and its gradient, in the style of tfjs-backend-webgl's
 * `UnaryOpProgram` / `UnaryOpPackedProgram`: one class, parameterized by
 * `{packed, gradient}`.
 *
 * - Unpacked: one float per texel, one fragment per element.
 * - Packed: each RGBA texel holds a 2×2 block of values, so a fragment computes
 *   four elements with vec4 arithmetic and tensors stay packed between packed
 *   ops (no pack/unpack passes). Same formulas and uniforms, component by
 *   component, so both variants give the same float32 results.
 *
 * β reaches the shader as a uniform rather than as a literal in the source:
 * tfjs caches compiled programs by their source (and shapes), so a baked-in
 * β would compile and keep one program per β value (every SmeLU layer with
 * its own β, or a β swept in an experiment, would pay a shader compile of
 * tens of milliseconds); with uniforms one binary serves every β. The
 * derived constants 1/(4β) and 1/(2β) are computed in JavaScript (float64,
 * rounded once to float32) and passed along, so the shader only multiplies.
 */
import {env} from '@tensorflow/tfjs-core';

import type {WebGLProgramLike} from '../backend_types';

/**
 * GLSL's min/max/clamp leave NaN unspecified, so NaN is checked first (as
 * tfjs's RELU snippet does) and returned unchanged. Comparisons are false
 * for NaN, which is why the check must come before them.
 */
export const CHECK_NAN_SNIPPET = `if (isnan(x)) return x;`;

/**
 * f(x) = x for x ≥ β (so +Inf → +Inf, exactly x), 0 for x ≤ −β (−Inf → 0
 * via max), (x+β)²/(4β) in between, as s · (s/(4β)): the square s² would
 * leave float32's normal range before f does for β < 1/4 (smelu_math.ts,
 * float32SafeBeta).
 */
export const SMELU = CHECK_NAN_SNIPPET + `
  if (x >= beta) return x;
  float s = max(x + beta, 0.0);
  return s * (s * quarterInvBeta);
`;

/** dy·f′(x), f′ = clip((x+β)/(2β), 0, 1), exactly 1 for x ≥ β; NaN in x gives NaN. */
export const SMELU_GRAD = CHECK_NAN_SNIPPET + `
  float slope = x >= beta ? 1.0 : clamp((x + beta) * halfInvBeta, 0.0, 1.0);
  return dy * slope;
`;

/**
 * Per-component select: GLSL ES 1.00 (WebGL1) has no `mix(vec4, vec4, bvec4)`,
 * and an arithmetic blend (`a*t + b*(1-t)`) would turn 0·Inf into NaN.
 */
export const SELECT_VEC4 = `
  vec4 smeluSelect(bvec4 cond, vec4 ifTrue, vec4 ifFalse) {
    return vec4(
        cond.r ? ifTrue.r : ifFalse.r, cond.g ? ifTrue.g : ifFalse.g,
        cond.b ? ifTrue.b : ifFalse.b, cond.a ? ifTrue.a : ifFalse.a);
  }
`;

/** Packed f: quadratic everywhere (0 for x ≤ −β via max), then x where x ≥ β or x is NaN. */
export const SMELU_PACKED = `
  vec4 s = max(x + beta, vec4(0.0));
  vec4 result = smeluSelect(greaterThanEqual(x, vec4(beta)), x, s * (s * quarterInvBeta));
  return smeluSelect(isnan(x), x, result);
`;

/** Packed dy·f′(x), slope exactly 1 where x ≥ β; NaN where x is NaN. */
export const SMELU_GRAD_PACKED = `
  vec4 slope = clamp((x + beta) * halfInvBeta, vec4(0.0), vec4(1.0));
  slope = smeluSelect(greaterThanEqual(x, vec4(beta)), vec4(1.0), slope);
  return smeluSelect(isnan(x), x, dy * slope);
`;

/** tfjs's rule for shape uniforms (`useShapeUniforms` in tfjs-backend-webgl). */
export function useShapeUniforms(rank: number): boolean {
  return env().getBool('WEBGL_USE_SHAPES_UNIFORMS') && rank <= 4;
}

/** Which of the four SmeLU programs: packed (vec4 per 2×2 texel) or not, forward or gradient. */
export interface SmeLUProgramVariant {
  packed: boolean;
  gradient: boolean;
}

/**
 * y = SmeLU(x) (input `A`; uniforms `beta`, `quarterInvBeta` = 1/(4β)) or
 * dx = dy·f′(x) (inputs `dy`, `x` of equal shape; uniforms `beta`,
 * `halfInvBeta` = 1/(2β)), packed or unpacked.
 */
export class SmeLUProgram implements WebGLProgramLike {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  enableShapeUniforms: boolean;
  packedInputs: boolean;
  packedOutput: boolean;
  customUniforms: Array<{name: string, type: 'float'}>;

  constructor(shape: number[], {packed, gradient}: SmeLUProgramVariant) {
    this.outputShape = shape;
    this.enableShapeUniforms = useShapeUniforms(shape.length);
    this.packedInputs = packed;
    this.packedOutput = packed;
    this.variableNames = gradient ? ['dy', 'x'] : ['A'];
    this.customUniforms = [
      {name: 'beta', type: 'float'},
      {name: gradient ? 'halfInvBeta' : 'quarterInvBeta', type: 'float'},
    ];
    const type = packed ? 'vec4' : 'float';
    const body = gradient ? (packed ? SMELU_GRAD_PACKED : SMELU_GRAD) : (packed ? SMELU_PACKED : SMELU);
    const signature = gradient ? `${type} smeluGrad(${type} dy, ${type} x)` : `${type} smelu(${type} x)`;
    const call = gradient ? 'smeluGrad(getDyAtOutCoords(), getXAtOutCoords())' : 'smelu(getAAtOutCoords())';
    this.userCode = `
      ${packed ? SELECT_VEC4 : ''}

      ${signature} {
        ${body}
      }

      void main() {
        setOutput(${call});
      }
    `;
  }
}
