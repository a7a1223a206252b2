/**
 * `require` and the package's folder for the Node-only modules of the toolkit,
 * in both of its builds: an ES module has neither `require` nor `__filename`.
 * These modules load optional packages (backends, vega) only when asked to.
 * Only Node-side modules import this file, so the browser-safe entry never
 * pulls in `module`, `path` or `url`.
 */
import {createRequire} from 'module';
import * as path from 'path';
import {fileURLToPath} from 'url';

import {packageDirOf} from '../../../src/package_dir';

/** The ES module build defines this as `import.meta.url` (tsup.config.ts); elsewhere it is not defined. */
declare const __TOOLKIT_MODULE_URL__: string|undefined;

/** This file's path: `__filename` in CommonJS (the CJS build, tests), from `import.meta.url` in the ESM build. */
const thisFile: string =
    typeof __TOOLKIT_MODULE_URL__ === 'string' ? fileURLToPath(__TOOLKIT_MODULE_URL__) : __filename;

/** `require` resolving from this package's own folder. */
export const nodeRequire: NodeRequire = createRequire(thisFile);

/** The toolkit's package folder (`repro/` in the repository): the one way both packages find their own folder. */
export const toolkitDir: string = packageDirOf(path.dirname(thisFile));
