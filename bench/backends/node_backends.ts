/** The Node backends, as one entry point for {@link loadNodeBackends} (node_bundle.ts) to compile. */
export {cpuBench} from './cpu';
export {tensorflowBench} from './tensorflow';
export {wasmBench} from './wasm';
