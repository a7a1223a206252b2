export {
  fileSystemHandler,
  MODEL_JSON_FILENAME,
  readLayersModelFiles,
  resolveModelPath,
  WEIGHTS_BINARY_FILENAME,
  withSingleShard,
  writeLayersModelFiles,
} from './file_system';
export type {FileSystemHandlerOptions, LayersModelFiles} from './file_system';
