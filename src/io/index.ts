export {fileSystemHandler, MODEL_JSON_FILENAME, resolveModelPath, WEIGHTS_BINARY_FILENAME} from './file_system';
export type {FileSystemHandlerOptions} from './file_system';
