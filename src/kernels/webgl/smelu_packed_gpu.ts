/**
 * Packed WebGL programs for SmeLU and its gradient: each RGBA texel holds a
 * 2×2 block of values, so a fragment computes four elements with vec4
 * arithmetic and the tensors stay packed between packed ops (no pack/unpack
 * passes). Used when the backend packs unary/binary operations, as tfjs's own
 * `UnaryOpPackedProgram` is. Same formulas and uniforms as smelu_gpu.ts,
 * component by component, so both variants give the same float32 results.
 */
import type {WebGLProgramLike} from '../backend_types';
import {useShapeUniforms} from './smelu_gpu';

/**
 * Per-component select: GLSL ES 1.00 (WebGL1) has no `mix(vec4, vec4, bvec4)`,
 * and an arithmetic blend (`a*t + b*(1-t)`) would turn 0·Inf into NaN.
 */
const SELECT_VEC4 = `
  vec4 smeluSelect(bvec4 cond, vec4 ifTrue, vec4 ifFalse) {
    return vec4(
        cond.r ? ifTrue.r : ifFalse.r, cond.g ? ifTrue.g : ifFalse.g,
        cond.b ? ifTrue.b : ifFalse.b, cond.a ? ifTrue.a : ifFalse.a);
  }
`;

/** Quadratic everywhere (0 for x ≤ −β via max), then x where x ≥ β or x is NaN. */
export const SMELU_PACKED = `
  vec4 s = max(x + beta, vec4(0.0));
  vec4 result = smeluSelect(greaterThanEqual(x, vec4(beta)), x, s * s * quarterInvBeta);
  return smeluSelect(isnan(x), x, result);
`;

/** dy·f′(x), slope exactly 1 where x ≥ β; NaN where x is NaN. */
export const SMELU_GRAD_PACKED = `
  vec4 slope = clamp((x + beta) * halfInvBeta, vec4(0.0), vec4(1.0));
  slope = smeluSelect(greaterThanEqual(x, vec4(beta)), vec4(1.0), slope);
  return smeluSelect(isnan(x), x, dy * slope);
`;

/** Packed y = SmeLU(x); uniforms `beta`, `quarterInvBeta` = 1/(4β). */
export class SmeLUPackedProgram implements WebGLProgramLike {
  variableNames = ['A'];
  outputShape: number[];
  userCode: string;
  enableShapeUniforms: boolean;
  packedInputs = true;
  packedOutput = true;
  customUniforms = [
    {name: 'beta', type: 'float' as const},
    {name: 'quarterInvBeta', type: 'float' as const},
  ];

  constructor(shape: number[]) {
    this.outputShape = shape;
    this.enableShapeUniforms = useShapeUniforms(shape.length);
    this.userCode = `
      ${SELECT_VEC4}

      vec4 smelu(vec4 x) {
        ${SMELU_PACKED}
      }

      void main() {
        setOutput(smelu(getAAtOutCoords()));
      }
    `;
  }
}

/** Packed dx = dy·f′(x); uniforms `beta`, `halfInvBeta` = 1/(2β). */
export class SmeLUGradPackedProgram implements WebGLProgramLike {
  variableNames = ['dy', 'x'];
  outputShape: number[];
  userCode: string;
  enableShapeUniforms: boolean;
  packedInputs = true;
  packedOutput = true;
  customUniforms = [
    {name: 'beta', type: 'float' as const},
    {name: 'halfInvBeta', type: 'float' as const},
  ];

  constructor(shape: number[]) {
    this.outputShape = shape;
    this.enableShapeUniforms = useShapeUniforms(shape.length);
    this.userCode = `
      ${SELECT_VEC4}

      vec4 smeluGrad(vec4 dy, vec4 x) {
        ${SMELU_GRAD_PACKED}
      }

      void main() {
        setOutput(smeluGrad(getDyAtOutCoords(), getXAtOutCoords()));
      }
    `;
  }
}
