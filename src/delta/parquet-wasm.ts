import type * as ParquetWasm from 'parquet-wasm/node/parquet_wasm';

/**
 * parquet-wasm (arrow-rs compiled to WebAssembly): the Parquet reader/writer for checkpoints, because a checkpoint
 * needs MAP<string,string> columns, which nodejs-polars cannot write. Loaded through the package's `./node` export
 * (the tsconfig's node10 resolution does not read export maps, hence the type-only import above). Loaded on first
 * use (~45 ms), like Arrow.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const loadParquetWasm = (): typeof ParquetWasm => require('parquet-wasm/node');
