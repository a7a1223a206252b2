/**
 * g-SmeLU's fused WebGL kernels in headless Chromium (SwiftShader): WebGL2
 * packed and unpacked programs, and WebGL1 packed. Required: fails when
 * Chromium or WebGL is missing.
 * @fullRun browser
 */
import {
  describeGeneralizedGpuVariant,
  printMeasuredGeneralizedErrors
} from '../../support/browser/generalized_smelu_browser_suite';
import {useBrowserFixture} from '../../support/browser/smelu_browser_suite';

const fixture = useBrowserFixture();
printMeasuredGeneralizedErrors();

/** The packing flags tfjs's unary and binary kernels read on each call. */
const packing = (packed: boolean) => ({WEBGL_PACK_UNARY_OPERATIONS: packed, WEBGL_PACK_BINARY_OPERATIONS: packed});

for (const [name, version, packed] of [
         ['webgl2 packed', 2, true],
         ['webgl2 unpacked', 2, false],
         ['webgl1 packed', 1, true],
] as const) {
  describeGeneralizedGpuVariant(fixture, {
    name,
    backend: 'webgl',
    flags: {WEBGL_VERSION: version, ...packing(packed)},
    packed,
    forwardTolerance: 2e-6,
    gradientTolerance: 5e-5,
  });
}
