// For the `?url` import, also where a Node project (e2e, tests) type-checks this file.
/// <reference types="vite/client" />
import { UNDECODABLE_REASONS, UndecodableFileError } from './errors';

/**
 * HEIC/HEIF decoding with libheif (libheif-js, LGPL-3.0; see docs/licences.md), because Chromium
 * cannot decode HEIC itself. The emscripten glue and the 1.4 MB wasm are loaded the first time a
 * HEIC arrives, as a separate chunk and a separate file: never in the main bundle.
 *
 * The plain C API is used through the module's exports (`_heif_*`), not libheif-js's embind
 * helpers, so that every libheif object is freed here and decoding warnings can be read: libheif
 * decodes a truncated or corrupt file "as best it can" and only records warnings on the image.
 */

/** The part of the emscripten module used here (wasm32: pointers and size_t are numbers). */
interface Libheif {
  HEAPU8: Uint8Array;
  HEAP32: Int32Array;
  HEAPU32: Uint32Array;
  _malloc(size: number): number;
  _free(pointer: number): void;
  _heif_context_alloc(): number;
  _heif_context_free(context: number): void;
  // Functions returning struct heif_error take a pointer to 12 bytes for it first (sret).
  _heif_context_read_from_memory(
    error: number,
    context: number,
    data: number,
    size: number,
    reserved: number,
  ): void;
  _heif_context_get_primary_image_handle(error: number, context: number, out: number): void;
  _heif_image_handle_release(handle: number): void;
  _heif_decode_image(
    error: number,
    handle: number,
    out: number,
    colorspace: number,
    chroma: number,
    options: number,
  ): void;
  _heif_image_get_decoding_warnings(
    image: number,
    first: number,
    out: number,
    maxEntries: number,
  ): number;
  _heif_image_get_width(image: number, channel: number): number;
  _heif_image_get_height(image: number, channel: number): number;
  _heif_image_get_plane_readonly(image: number, channel: number, outStride: number): number;
  _heif_image_release(image: number): void;
}

// Values from libheif's heif_image.h.
const HEIF_COLORSPACE_RGB = 1;
const HEIF_CHROMA_INTERLEAVED_RGBA = 11;
const HEIF_CHANNEL_INTERLEAVED = 10;

let loading: Promise<Libheif> | undefined;

/** libheif, loaded and compiled once per worker, on first use. */
function libheif(): Promise<Libheif> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined; // a failed download may succeed next time
    throw error;
  });
  return loading;
}

async function load(): Promise<Libheif> {
  const [{ default: factory }, { default: wasmUrl }] = await Promise.all([
    import('libheif-js/libheif-wasm/libheif.js'),
    import('libheif-js/libheif-wasm/libheif.wasm?url'),
  ]);
  const response = await fetch(wasmUrl);
  if (!response.ok) throw new Error(`Could not load the HEIC decoder (HTTP ${response.status})`);
  // Streaming compilation needs the application/wasm type, which a bucket may not send.
  const wasm = (response.headers.get('content-type') ?? '').startsWith('application/wasm')
    ? await WebAssembly.compileStreaming(response)
    : await WebAssembly.compile(await response.arrayBuffer());
  // This build instantiates synchronously; handing it the compiled module skips its own loader
  // (a synchronous XMLHttpRequest) and keeps the compilation asynchronous and streaming.
  return factory({
    instantiateWasm(
      imports: WebAssembly.Imports,
      receive: (instance: WebAssembly.Instance) => WebAssembly.Exports,
    ) {
      return receive(new WebAssembly.Instance(wasm, imports));
    },
  });
}

/**
 * Decodes a HEIC/HEIF photo's primary image, upright: libheif applies the file's own rotation,
 * mirroring and crop (irot, imir, clap), which is what the EXIF orientation describes too, so it
 * must not be applied again. Throws UndecodableFileError (damaged) for a damaged or truncated file.
 */
export async function decodeHeic(file: Blob): Promise<ImageBitmap> {
  const [lib, bytes] = await Promise.all([libheif(), file.arrayBuffer()]);
  let pixels: ImageData;
  try {
    pixels = decodeToRgba(lib, new Uint8Array(bytes));
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) loading = undefined; // aborted (out of memory)
    throw error;
  }
  return createImageBitmap(pixels);
}

/** Synchronous from start to end, so two decodes never interleave inside the module. */
function decodeToRgba(lib: Libheif, bytes: Uint8Array): ImageData {
  const damaged = (): UndecodableFileError => new UndecodableFileError(UNDECODABLE_REASONS.damaged);
  // error (12 bytes: code, subcode, message), an out pointer, a stride.
  const scratch = lib._malloc(24);
  const error = scratch;
  const out = scratch + 12;
  const stride = scratch + 16;
  const failed = (): boolean => lib.HEAP32[error >> 2] !== 0;
  let data = 0;
  let context = 0;
  let handle = 0;
  let image = 0;
  try {
    data = lib._malloc(bytes.length);
    context = lib._heif_context_alloc();
    if (scratch === 0 || data === 0 || context === 0) throw new Error('HEIC decoder out of memory');
    lib.HEAPU8.set(bytes, data);
    lib._heif_context_read_from_memory(error, context, data, bytes.length, 0); // copies the data
    lib._free(data);
    data = 0;
    if (failed()) throw damaged();

    lib._heif_context_get_primary_image_handle(error, context, out);
    if (failed()) throw damaged();
    handle = lib.HEAPU32[out >> 2] ?? 0;

    lib._heif_decode_image(
      error,
      handle,
      out,
      HEIF_COLORSPACE_RGB,
      HEIF_CHROMA_INTERLEAVED_RGBA,
      0, // default options: transformations applied, not strict
    );
    if (failed()) throw damaged();
    image = lib.HEAPU32[out >> 2] ?? 0;
    // Missing or corrupt tiles are warnings, not errors, in libheif's default (lenient) mode.
    if (lib._heif_image_get_decoding_warnings(image, 0, 0, 0) > 0) throw damaged();

    const width = lib._heif_image_get_width(image, HEIF_CHANNEL_INTERLEAVED);
    const height = lib._heif_image_get_height(image, HEIF_CHANNEL_INTERLEAVED);
    const plane = lib._heif_image_get_plane_readonly(image, HEIF_CHANNEL_INTERLEAVED, stride);
    if (width <= 0 || height <= 0 || plane === 0) throw damaged();
    const rowBytes = width * 4;
    const rowStride = lib.HEAP32[stride >> 2] ?? rowBytes;
    // Copy out of the wasm heap (a view into it would break when the heap grows).
    const rgba = new Uint8ClampedArray(rowBytes * height);
    const heap = lib.HEAPU8;
    if (rowStride === rowBytes) {
      rgba.set(heap.subarray(plane, plane + rgba.length));
    } else {
      for (let row = 0; row < height; row++) {
        const from = plane + row * rowStride;
        rgba.set(heap.subarray(from, from + rowBytes), row * rowBytes);
      }
    }
    return new ImageData(rgba, width, height);
  } finally {
    if (image !== 0) lib._heif_image_release(image);
    if (handle !== 0) lib._heif_image_handle_release(handle);
    if (context !== 0) lib._heif_context_free(context);
    if (data !== 0) lib._free(data);
    lib._free(scratch);
  }
}
