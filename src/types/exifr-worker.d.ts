// The part of exifr the core uses, for the worker type-check only (tsconfig.worker.json maps
// 'exifr' here). exifr's own typings reference Node's types, which would let Node globals
// (process, Buffer) slip into worker code unnoticed.
declare const exifr: {
  parse(input: ArrayBuffer | Uint8Array, options?: Record<string, unknown>): Promise<unknown>;
};
export default exifr;
