/**
 * Node-only utilities shared by the commands: the output-folder rule and its
 * manifest (output_folder.ts: a tool never overwrites or deletes what it did
 * not write), cleanups on SIGINT/SIGTERM/SIGHUP (interrupts.ts), scratch
 * folders in the OS temp folder (scratch_dir.ts), and `require` and the
 * package's folder in both builds (node_require.ts).
 *
 * In: paths and cleanups. Out: files written whole or not at all, nothing
 * left behind.
 */
export {OutputFolderError} from './output_folder';
