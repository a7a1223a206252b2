/**
 * @jest-environment ./test/support/shared_typed_arrays_environment.js
 */
/**
 * g-SmeLU on tfjs-node's backend `tensorflow` with tfjs-smelu's native ops
 * switched off: the kernels' composite of stock ops (and the shared backend
 * suite, which trains and reloads a per-channel β layer). Never skipped: if
 * tfjs-node does not load, this fails with the fix.
 * @fullRun tfjs-node
 */
import {describeGeneralizedSmeLUOnBackend} from '../../support/generalized_smelu_backend_suite';
import {describeGeneralizedSmeLUTensorflowKernels} from './generalized_smelu_tensorflow_suite';
import {useTensorflow} from './tensorflow_env';

describeGeneralizedSmeLUTensorflowKernels('composite');

describeGeneralizedSmeLUOnBackend(
    'tensorflow', () => useTensorflow('composite'),
    // Saving works here: the environment above shares Node's typed arrays with the test realm.
    {fusedKernels: true, fusedKernelsRunOps: true, label: 'kernels on the composite of stock ops'});
