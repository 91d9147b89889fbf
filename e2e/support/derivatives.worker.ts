/**
 * Makes a photo's derivatives with the app's own code inside a real browser worker and reports
 * their sizes; or, given an already decoded image (a video's poster frame), runs
 * derivativesFromBitmap on it as the import does. Loaded from the Vite dev server by
 * e2e/derivatives.spec.ts and e2e/video.spec.ts (see test-worker.ts).
 */
import { derivativesFromBitmap, makeDerivatives } from '../../src/core/media/derivatives';
import { sniffFileType } from '../../src/core/media/fileType';
import { decodeHeic } from '../../src/core/media/heic';

export interface DerivativesRequest {
  name: string;
  bytes: ArrayBuffer;
  /** Also send the thumbnail back, to draw it in the page. */
  wantThumbnail?: boolean;
  /** Also compare the preview with the browser's own upright decode of the whole file. */
  comparePreview?: boolean;
  /** Only try the browser's own decoder on the file, without the app's checks. */
  probe?: boolean;
  /** Only time decodeHeic on the file. */
  timeHeic?: boolean;
  /** Damage the file first: keep only its first `keep` bytes... */
  keep?: number;
  /** ...or overwrite the bytes from `scramble[0]` to `scramble[1]` with a pattern. */
  scramble?: [number, number];
}

export type DerivativesReply =
  | {
      name: string;
      width: number;
      height: number;
      thumbnailType: string;
      thumbnailSize: number;
      thumbnailWidth: number;
      thumbnailHeight: number;
      previewType: string;
      previewWidth: number;
      previewHeight: number;
      placeholderLength: number;
      ms: number;
      thumbnail?: Blob;
      /** The mean difference per channel (0-255) between the two, both drawn at 64 px. */
      previewDifference?: number;
    }
  | { name: string; width: number; height: number; heicMs: number }
  | ErrorReply
  | { name: string; probe: { width: number; height: number } | { error: string } };

interface ErrorReply {
  name: string;
  errorName: string;
  message: string;
}

/** An upright decoded image, transferred: derivativesFromBitmap on it. */
export interface BitmapRequest {
  bitmap: ImageBitmap;
}

export type BitmapReply =
  | {
      width: number;
      height: number;
      thumbnailType: string;
      thumbnailWidth: number;
      thumbnailHeight: number;
      placeholder: string;
    }
  | ErrorReply;

async function sizeOf(blob: Blob): Promise<{ width: number; height: number }> {
  const bitmap = await createImageBitmap(blob);
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return size;
}

/** Both images upright (EXIF applied), drawn at 64 px on the long side: mean |difference|. */
async function meanDifference(a: Blob, b: Blob): Promise<number> {
  const pixelsOf = async (blob: Blob): Promise<Uint8ClampedArray> => {
    const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
    const scale = 64 / Math.max(bitmap.width, bitmap.height);
    const width = Math.round(bitmap.width * scale);
    const height = Math.round(bitmap.height * scale);
    const context = new OffscreenCanvas(width, height).getContext('2d');
    if (!context) throw new Error('no 2d context');
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    return context.getImageData(0, 0, width, height).data;
  };
  const [first, second] = await Promise.all([pixelsOf(a), pixelsOf(b)]);
  if (first.length !== second.length) return 255;
  let sum = 0;
  for (let i = 0; i < first.length; i += 4) {
    for (let c = 0; c < 3; c++) sum += Math.abs((first[i + c] ?? 0) - (second[i + c] ?? 0));
  }
  return sum / ((first.length / 4) * 3);
}

function damage(request: DerivativesRequest): ArrayBuffer {
  const bytes = request.bytes.slice(0, request.keep ?? request.bytes.byteLength);
  if (request.scramble !== undefined) {
    const [from, to] = request.scramble;
    const view = new Uint8Array(bytes);
    for (let at = from; at < to; at++) view[at] = (at * 7) & 0xff;
  }
  return bytes;
}

async function handle(request: DerivativesRequest): Promise<DerivativesReply> {
  const { name } = request;
  const bytes = damage(request);
  const file = new Blob([bytes]);
  if (request.probe === true) {
    try {
      return { name, probe: await sizeOf(file) };
    } catch (error) {
      return { name, probe: { error: String(error) } };
    }
  }
  try {
    if (request.timeHeic === true) {
      const started = performance.now();
      const bitmap = await decodeHeic(file);
      const heicMs = Math.round(performance.now() - started);
      const reply = { name, width: bitmap.width, height: bitmap.height, heicMs };
      bitmap.close();
      return reply;
    }
    const started = performance.now();
    const type = sniffFileType(new Uint8Array(bytes, 0, Math.min(256, bytes.byteLength)));
    const made = await makeDerivatives(file, type);
    const ms = Math.round(performance.now() - started);
    const thumbnailSize = await sizeOf(made.thumbnail);
    const previewSize = await sizeOf(made.preview);
    return {
      name,
      width: made.width,
      height: made.height,
      thumbnailType: made.thumbnail.type,
      thumbnailSize: made.thumbnail.size,
      thumbnailWidth: thumbnailSize.width,
      thumbnailHeight: thumbnailSize.height,
      previewType: made.preview.type,
      previewWidth: previewSize.width,
      previewHeight: previewSize.height,
      placeholderLength: made.placeholder.length,
      ms,
      ...(request.wantThumbnail === true ? { thumbnail: made.thumbnail } : {}),
      ...(request.comparePreview === true
        ? { previewDifference: await meanDifference(made.preview, file) }
        : {}),
    };
  } catch (error) {
    return errorReply(name, error);
  }
}

async function handleBitmap({ bitmap }: BitmapRequest): Promise<BitmapReply> {
  try {
    const made = await derivativesFromBitmap(bitmap);
    const thumbnail = await sizeOf(made.thumbnail);
    return {
      width: made.width,
      height: made.height,
      placeholder: made.placeholder,
      thumbnailType: made.thumbnail.type,
      thumbnailWidth: thumbnail.width,
      thumbnailHeight: thumbnail.height,
    };
  } catch (error) {
    return errorReply('bitmap', error);
  }
}

function errorReply(name: string, error: unknown): ErrorReply {
  const { name: errorName, message } =
    error instanceof Error ? error : { name: 'non-error', message: String(error) };
  return { name, errorName, message };
}

addEventListener('message', (event: MessageEvent<DerivativesRequest | BitmapRequest>) => {
  const request = event.data;
  void ('bitmap' in request ? handleBitmap(request) : handle(request)).then((reply) => {
    postMessage(reply);
  });
});
