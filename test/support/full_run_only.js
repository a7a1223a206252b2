/**
 * What a suite of the `unit` jest project gets for playwright-core and
 * @tensorflow/tfjs-node (jest.config.js maps both here): a suite that needs a
 * browser or tfjs-node carries a `@fullRun` tag (test/support/tiers.js),
 * which leaves it to the full run.
 */
'use strict';
throw new Error(
    'This suite imports playwright-core or @tensorflow/tfjs-node, which the fast tier (npm run test:unit) does not ' +
    'have: add \'@fullRun browser\' or \'@fullRun tfjs-node\' to its leading comment (see test/support/tiers.js).');
