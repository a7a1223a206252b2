import * as path from 'path';

/** The repository root (the `tfjs-smelu` package). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The `tfjs-smelu-repro` package folder. */
export const REPRO_ROOT = path.join(REPO_ROOT, 'repro');
