/**
 * g-SmeLU's fused WebGPU kernels in headless Chromium (WGSL on SwiftShader's
 * Vulkan). Never skipped: when the page gets no WebGPU adapter, every test
 * fails with the reason.
 * @fullRun browser
 */
import {
  describeGeneralizedGpuVariant,
  printMeasuredGeneralizedErrors
} from '../../support/browser/generalized_smelu_browser_suite';
import {useBrowserFixture} from '../../support/browser/smelu_browser_suite';

const fixture = useBrowserFixture();
printMeasuredGeneralizedErrors();

describeGeneralizedGpuVariant(fixture, {
  name: 'webgpu',
  backend: 'webgpu',
  flags: {},
  forwardTolerance: 2e-6,
  gradientTolerance: 5e-5,
});
