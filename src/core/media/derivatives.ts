import { rgbaToThumbHash } from 'thumbhash';
import { UNDECODABLE_REASONS, UndecodableFileError } from './errors';
import type { FileType } from './fileType';
import { decodeHeic } from './heic';

/** The smaller images made from a photo at import, and its displayed size. */
export interface Derivatives {
  /** The displayed size in pixels, after EXIF orientation (a portrait photo is taller than wide). */
  width: number;
  height: number;
  /** Long side THUMBNAIL_LONG_SIDE (or less for a smaller photo); WebP where it can be encoded, else JPEG. */
  thumbnail: Blob;
  /** Long side PREVIEW_LONG_SIDE (or less: never upscaled); JPEG. */
  preview: Blob;
  /** A ThumbHash (base64) of a ≤PLACEHOLDER_LONG_SIDE px copy: a blurry stand-in while loading. */
  placeholder: string;
}

export const THUMBNAIL_LONG_SIDE = 512;
export const PREVIEW_LONG_SIDE = 2048;
/** ThumbHash takes images up to 100x100. */
export const PLACEHOLDER_LONG_SIDE = 100;
/** WebP quality for thumbnails. */
export const THUMBNAIL_QUALITY = 0.8;
/**
 * JPEG quality for previews. JPEG, not WebP: Chromium's WebP encoder takes ~260 ms for a 2048 px
 * preview here, four times the decode of the 12-MP original, against ~30 ms for JPEG. Immich makes
 * the same choice (JPEG previews, WebP thumbnails). Thumbnails are small and shown by the hundred,
 * so their smaller WebP size is worth its ~20 ms.
 */
export const PREVIEW_QUALITY = 0.85;

/**
 * Decodes a photo once (applying its EXIF orientation) and makes its preview, thumbnail and
 * placeholder. For Web Workers: uses OffscreenCanvas and createImageBitmap, no DOM; HEIC goes
 * through libheif (heic.ts, loaded on first use). Throws UndecodableFileError for a damaged or
 * truncated file; a video is a caller error.
 */
export async function makeDerivatives(file: Blob, type: FileType): Promise<Derivatives> {
  if (type.kind !== 'image') {
    throw new TypeError(`makeDerivatives handles photos only, not ${type.format} video`);
  }
  // Chromium cannot decode HEIC; libheif applies its rotation and mirroring (irot, imir).
  if (type.format === 'heic') return derivativesFromBitmap(await decodeHeic(file));
  // Chromium's worker decoder rejects bad-truncated.jpg itself, but decoders may draw a cut-off
  // JPEG's missing part grey and report success: check the structure too (a fast byte scan).
  if (type.format === 'jpeg' && !isCompleteJpeg(new Uint8Array(await file.arrayBuffer()))) {
    throw new UndecodableFileError(UNDECODABLE_REASONS.damaged);
  }

  return derivativesFromBitmap(await decode(file));
}

/**
 * The preview, thumbnail and placeholder of an already decoded, upright image (a photo decoded
 * elsewhere, or a video's poster frame). Closes the bitmap as soon as the preview is drawn.
 */
export async function derivativesFromBitmap(bitmap: ImageBitmap): Promise<Derivatives> {
  const width = bitmap.width;
  const height = bitmap.height;
  let preview: OffscreenCanvas;
  try {
    preview = scaledCopy(bitmap, width, height, PREVIEW_LONG_SIDE);
  } finally {
    bitmap.close(); // the full-size pixels (64 MB for 16 MP) go as soon as the preview is drawn
  }
  const thumbnail = scaledCopy(preview, width, height, THUMBNAIL_LONG_SIDE);
  const placeholder = thumbHashOf(scaledCopy(thumbnail, width, height, PLACEHOLDER_LONG_SIDE));

  try {
    const previewBlob = await preview.convertToBlob({
      type: 'image/jpeg',
      quality: PREVIEW_QUALITY,
    });
    const thumbnailBlob = await encodeThumbnail(thumbnail);
    return { width, height, thumbnail: thumbnailBlob, preview: previewBlob, placeholder };
  } finally {
    // Their pixels (13 MB for a 2048 px preview) go now, not when the collector gets to them:
    // two import workers left several photos' canvases behind (npm run bench, import).
    for (const canvas of [preview, thumbnail]) canvas.width = canvas.height = 0;
  }
}

async function decode(file: Blob): Promise<ImageBitmap> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new UndecodableFileError(UNDECODABLE_REASONS.damaged);
  }
  if (bitmap.width === 0 || bitmap.height === 0) {
    bitmap.close();
    throw new UndecodableFileError(UNDECODABLE_REASONS.damaged);
  }
  return bitmap;
}

/** The size that fits `longSide`, keeping the aspect ratio; never larger than the original. */
export function fitWithin(
  width: number,
  height: number,
  longSide: number,
): { width: number; height: number } {
  const scale = Math.min(1, longSide / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/** Chromium cannot show these in an <img>; their originals are shown through viewableOriginal. */
const UNVIEWABLE_TYPES = new Set(['image/heic', 'image/heif']);
/** A HEIC original shown at full size: close to the camera's own quality. */
const VIEWABLE_ORIGINAL_QUALITY = 0.92;

/**
 * An original as the browser can show it at full size: itself, or for HEIC/HEIF (which Chromium
 * cannot decode) a JPEG of every pixel, upright, made in a worker when the viewer zooms in.
 */
export async function viewableOriginal(original: Blob): Promise<Blob> {
  if (!UNVIEWABLE_TYPES.has(original.type)) return original;
  const bitmap = await decodeHeic(original);
  try {
    const { width, height } = bitmap;
    const canvas = scaledCopy(bitmap, width, height, Math.max(width, height));
    return await canvas.convertToBlob({ type: 'image/jpeg', quality: VIEWABLE_ORIGINAL_QUALITY });
  } finally {
    bitmap.close();
  }
}

/** A canvas holding `source` scaled to fit `longSide` (the aspect ratio is the photo's own). */
function scaledCopy(
  source: ImageBitmap | OffscreenCanvas,
  photoWidth: number,
  photoHeight: number,
  longSide: number,
): OffscreenCanvas {
  const size = fitWithin(photoWidth, photoHeight, longSide);
  const canvas = new OffscreenCanvas(size.width, size.height);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('OffscreenCanvas 2d context unavailable');
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, 0, 0, size.width, size.height);
  return canvas;
}

/** WebP when the browser can encode it here, else JPEG (an unsupported type silently gives PNG). */
async function encodeThumbnail(canvas: OffscreenCanvas): Promise<Blob> {
  const webp = await canvas.convertToBlob({ type: 'image/webp', quality: THUMBNAIL_QUALITY });
  if (webp.type === 'image/webp') return webp;
  return canvas.convertToBlob({ type: 'image/jpeg', quality: THUMBNAIL_QUALITY });
}

function thumbHashOf(canvas: OffscreenCanvas): string {
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('OffscreenCanvas 2d context unavailable');
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  const hash = rgbaToThumbHash(canvas.width, canvas.height, pixels);
  return btoa(String.fromCharCode(...hash));
}

const MARKER = 0xff;
const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const TEM = 0x01;
const RST0 = 0xd0;
const RST7 = 0xd7;

/**
 * Whether a JPEG's main image runs to its end-of-image marker. Walks the marker segments (so an
 * EXIF thumbnail's own EOI inside APP1 does not count) and the entropy-coded scans, where 0xFF is
 * followed only by a stuffed 0x00 or a restart marker. Data after the EOI (Motion Photo videos,
 * Samsung trailers, zero padding) is allowed.
 */
export function isCompleteJpeg(bytes: Uint8Array): boolean {
  if (bytes[0] !== MARKER || bytes[1] !== SOI) return false;
  let at = 2;
  while (at + 1 < bytes.length) {
    if (bytes[at] !== MARKER) return false;
    const marker = bytes[at + 1] ?? 0;
    if (marker === MARKER) {
      at += 1; // fill bytes before a marker
      continue;
    }
    if (marker === EOI) return true;
    if (marker === TEM || (marker >= RST0 && marker <= RST7)) {
      at += 2; // markers without a length
      continue;
    }
    if (at + 3 >= bytes.length) return false;
    const length = ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0);
    if (length < 2) return false;
    at += 2 + length;
    if (marker === SOS) at = endOfScan(bytes, at);
  }
  return false;
}

/** The offset of the first real marker after entropy-coded data, or the length when none. */
function endOfScan(bytes: Uint8Array, from: number): number {
  let at = bytes.indexOf(MARKER, from);
  while (at !== -1 && at + 1 < bytes.length) {
    const next = bytes[at + 1] ?? 0;
    if (next !== 0 && !(next >= RST0 && next <= RST7) && next !== MARKER) return at;
    at = bytes.indexOf(MARKER, at + (next === MARKER ? 1 : 2));
  }
  return bytes.length;
}
