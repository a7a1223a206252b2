/**
 * Unpacked WebGL programs for SmeLU and its gradient: one float per texel,
 * one fragment per element (tfjs-backend-webgl `UnaryOpProgram` style).
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
 * via max), (x+β)²/(4β) in between.
 */
export const SMELU = CHECK_NAN_SNIPPET + `
  if (x >= beta) return x;
  float s = max(x + beta, 0.0);
  return s * s * quarterInvBeta;
`;

/** dy·f′(x), f′ = clip((x+β)/(2β), 0, 1), exactly 1 for x ≥ β; NaN in x gives NaN. */
export const SMELU_GRAD = CHECK_NAN_SNIPPET + `
  float slope = x >= beta ? 1.0 : clamp((x + beta) * halfInvBeta, 0.0, 1.0);
  return dy * slope;
`;

/** tfjs's rule for shape uniforms (`useShapeUniforms` in tfjs-backend-webgl). */
export function useShapeUniforms(rank: number): boolean {
  return env().getBool('WEBGL_USE_SHAPES_UNIFORMS') && rank <= 4;
}

/** y = SmeLU(x) for float32 `x`; uniforms `beta`, `quarterInvBeta` = 1/(4β). */
export class SmeLUProgram implements WebGLProgramLike {
  variableNames = ['A'];
  outputShape: number[];
  userCode: string;
  enableShapeUniforms: boolean;
  customUniforms = [
    {name: 'beta', type: 'float' as const},
    {name: 'quarterInvBeta', type: 'float' as const},
  ];

  constructor(shape: number[]) {
    this.outputShape = shape;
    this.enableShapeUniforms = useShapeUniforms(shape.length);
    this.userCode = `
      float smelu(float x) {
        ${SMELU}
      }

      void main() {
        setOutput(smelu(getAAtOutCoords()));
      }
    `;
  }
}

/** dx = dy·f′(x); inputs `dy`, `x` of equal shape; uniforms `beta`, `halfInvBeta` = 1/(2β). */
export class SmeLUGradProgram implements WebGLProgramLike {
  variableNames = ['dy', 'x'];
  outputShape: number[];
  userCode: string;
  enableShapeUniforms: boolean;
  customUniforms = [
    {name: 'beta', type: 'float' as const},
    {name: 'halfInvBeta', type: 'float' as const},
  ];

  constructor(shape: number[]) {
    this.outputShape = shape;
    this.enableShapeUniforms = useShapeUniforms(shape.length);
    this.userCode = `
      float smeluGrad(float dy, float x) {
        ${SMELU_GRAD}
      }

      void main() {
        setOutput(smeluGrad(getDyAtOutCoords(), getXAtOutCoords()));
      }
    `;
  }
}
