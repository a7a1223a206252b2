/**
 * `tfjs-smelu --version` / `-v`, its usage and its usage errors (test/support/cli_basics.ts).
 * @fullRun built
 */
import {main} from '../../src/cli/main';
import {describeCliBasics} from '../support/cli_basics';
import {REPO_ROOT} from '../support/paths';

describeCliBasics({bin: 'tfjs-smelu', root: REPO_ROOT, main});
