/**
 * `tfjs-smelu-repro --version` / `-v`, its usage and its usage errors (test/support/cli_basics.ts).
 * @fullRun built
 */
import {main} from '../../../repro/src/cli/main';
import {describeCliBasics} from '../../support/cli_basics';
import {REPRO_ROOT} from '../../support/paths';

describeCliBasics({bin: 'tfjs-smelu-repro', root: REPRO_ROOT, main});
