/**
 * g-SmeLU's fused WebGPU kernels in headless Chromium (WGSL on SwiftShader's
 * Vulkan). The only browser suite allowed to skip besides SmeLU's WebGPU
 * one: when the page gets no WebGPU adapter, each test prints why.
 */
import {describeGeneralizedGpuVariant, printMeasuredGeneralizedErrors} from '../../support/browser/generalized_smelu_browser_suite';
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
