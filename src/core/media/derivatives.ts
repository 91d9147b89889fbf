import { rgbaToThumbHash } from 'thumbhash';
import { uint16 } from './bytes';
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
  /**
   * Long side PREVIEW_LONG_SIDE or less (never upscaled; a large JPEG's as short as
   * PREVIEW_MIN_LONG_SIDE, see jpegPreviewScale); JPEG.
   */
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
 * placeholder. For Web Workers: uses OffscreenCanvas, ImageDecoder and createImageBitmap, no DOM;
 * HEIC goes through libheif (heic.ts, loaded on first use). Throws UndecodableFileError for a
 * damaged or truncated file; a video is a caller error.
 */
export async function makeDerivatives(file: Blob, type: FileType): Promise<Derivatives> {
  if (type.kind !== 'image') {
    throw new TypeError(`makeDerivatives handles photos only, not ${type.format} video`);
  }
  // Chromium cannot decode HEIC; libheif applies its rotation and mirroring (irot, imir).
  if (type.format === 'heic') return derivativesFromBitmap(await decodeHeic(file));
  if (type.format === 'jpeg') return jpegDerivatives(file);
  return derivativesFromBitmap(await decode(file));
}

/**
 * A JPEG's preview is at least this long where decoding it at 1/2, 1/4 or 1/8 of its size
 * reaches it: a 12-MP photo (4000 or 4032 px) gets a 2000 or 2016 px preview, not 2048.
 * Decoding at half size inside the JPEG's own DCT (libjpeg-turbo, through ImageDecoder's desired
 * size) and encoding the preview costs ~113 ms, against ~200 ms for a full decode drawn down to
 * 2048 px (the bench's 4000x3000 JPEG, one worker). Other eighths take libjpeg's slow path and
 * cost more than a full decode.
 */
export const PREVIEW_MIN_LONG_SIDE = 1920;

/**
 * How many times smaller than its full size a JPEG is decoded for its preview: 1, 2, 4 or 8 (the
 * scales libjpeg-turbo decodes fast), the largest that keeps a long side of PREVIEW_MIN_LONG_SIDE.
 */
export function jpegPreviewScale(width: number, height: number): 1 | 2 | 4 | 8 {
  const longSide = Math.max(width, height);
  for (const scale of [8, 4, 2] as const) {
    if (longSide / scale >= PREVIEW_MIN_LONG_SIDE) return scale;
  }
  return 1;
}

async function jpegDerivatives(file: Blob): Promise<Derivatives> {
  // Read once: the structure check, the frame size and the decoder share the bytes.
  const bytes = new Uint8Array(await file.arrayBuffer());
  // Chromium's worker decoder rejects bad-truncated.jpg itself, but decoders may draw a cut-off
  // JPEG's missing part grey and report success: check the structure too (a fast byte scan).
  const { complete, frameSize } = scanJpeg(bytes);
  if (!complete) throw new UndecodableFileError(UNDECODABLE_REASONS.damaged);
  const scale = frameSize ? jpegPreviewScale(frameSize.width, frameSize.height) : 1;
  if (frameSize && scale > 1) {
    const decoded = await decodeJpegScaled(bytes, frameSize, scale);
    if (decoded) {
      const { bitmap, rotation, flip } = decoded;
      const { width, height } = frameSize;
      const turned = rotation % 180 !== 0; // EXIF orientation 5-8
      return derivativesOf(bitmap, turned ? height : width, turned ? width : height, {
        asIs: rotation === 0 && !flip,
      });
    }
  }
  return derivativesFromBitmap(await decode(file));
}

/** VideoFrame's orientation (WebCodecs), which TypeScript's DOM library does not declare yet. */
interface FrameOrientation {
  readonly rotation?: number;
  readonly flip?: boolean;
}

/**
 * The JPEG decoded at 1/`scale` of its size, or null where ImageDecoder is missing or fails (the
 * caller then decodes it whole, and reports a damaged file). ImageDecoder decodes at the largest
 * eighth whose pixels fit in desiredWidth x desiredHeight, so asking for that size gives it.
 * Its frame carries the EXIF orientation as rotation and flip (hence the check that this browser
 * has them), which drawing the bitmap made from it applies; the bitmap's own pixels stay as
 * stored. e2e/derivatives.spec.ts compares all eight orientations with createImageBitmap's
 * 'from-image'. The frame becomes a bitmap because a canvas a VideoFrame was drawn on keeps its
 * pixels until the garbage collector runs, even once closed: ~600 MB in one worker after 40
 * photos.
 */
async function decodeJpegScaled(
  bytes: Uint8Array,
  size: JpegFrameSize,
  scale: number,
): Promise<{ bitmap: ImageBitmap; rotation: number; flip: boolean } | null> {
  if (typeof ImageDecoder === 'undefined' || !('rotation' in VideoFrame.prototype)) return null;
  let decoder: ImageDecoder | undefined;
  let frame: (VideoFrame & FrameOrientation) | undefined;
  try {
    decoder = new ImageDecoder({
      data: bytes,
      type: 'image/jpeg',
      desiredWidth: Math.ceil(size.width / scale),
      desiredHeight: Math.ceil(size.height / scale),
    });
    frame = (await decoder.decode()).image;
    const { rotation = 0, flip = false } = frame;
    return { bitmap: await createImageBitmap(frame), rotation, flip };
  } catch {
    return null;
  } finally {
    frame?.close();
    decoder?.close();
  }
}

/**
 * The preview, thumbnail and placeholder of an already decoded, upright image (a photo decoded
 * elsewhere, or a video's poster frame). Closes the bitmap as soon as the preview is drawn.
 */
export async function derivativesFromBitmap(bitmap: ImageBitmap): Promise<Derivatives> {
  return derivativesOf(bitmap, bitmap.width, bitmap.height);
}

/**
 * The derivatives of a photo displayed `width` x `height`, drawn from `bitmap`: the photo itself,
 * or a JPEG decoded smaller. Closes `bitmap` as soon as the preview is drawn.
 */
async function derivativesOf(
  bitmap: ImageBitmap,
  width: number,
  height: number,
  { asIs = true } = {},
): Promise<Derivatives> {
  let preview: OffscreenCanvas;
  try {
    preview = previewOf(bitmap, asIs);
  } finally {
    bitmap.close(); // the decoded pixels (64 MB for 16 MP) go as soon as the preview is drawn
  }
  const thumbnail = scaledCopy(preview, width, height, THUMBNAIL_LONG_SIDE);
  const placeholder = thumbHashOf(scaledCopy(thumbnail, width, height, PLACEHOLDER_LONG_SIDE));

  try {
    // Both encoders run at once, on Chromium's pool threads: on two cores, two import workers
    // left a core idle while each waited for one encode after the other.
    const [previewBlob, thumbnailBlob] = await Promise.all([
      preview.convertToBlob({ type: 'image/jpeg', quality: PREVIEW_QUALITY }),
      encodeThumbnail(thumbnail),
    ]);
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

/**
 * The preview's canvas. A bitmap that is already the preview's size (a JPEG decoded smaller) and
 * whose pixels are upright as they are (`asIs`: no orientation left to apply in drawing) is handed
 * to the canvas, not drawn: the same pixels, without a 12 MB copy and its raster (preview and
 * thumbnail of the bench's decoded JPEG, one worker: ~70 -> ~50-64 ms).
 */
function previewOf(bitmap: ImageBitmap, asIs: boolean): OffscreenCanvas {
  const size = fitWithin(bitmap.width, bitmap.height, PREVIEW_LONG_SIDE);
  if (!asIs || size.width !== bitmap.width || size.height !== bitmap.height) {
    return scaledCopy(bitmap, bitmap.width, bitmap.height, PREVIEW_LONG_SIDE);
  }
  const canvas = new OffscreenCanvas(size.width, size.height);
  const context = canvas.getContext('bitmaprenderer');
  if (context === null) throw new Error('OffscreenCanvas bitmaprenderer context unavailable');
  context.transferFromImageBitmap(bitmap); // detaches `bitmap`: closing it after is harmless
  return canvas;
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
const SOF0 = 0xc0;
const SOF15 = 0xcf;
const DHT = 0xc4;
const JPG = 0xc8;
const DAC = 0xcc;

/** The size of a JPEG's main image as its frame header stores it (before EXIF orientation). */
export interface JpegFrameSize {
  width: number;
  height: number;
}

export interface JpegScan {
  /** Whether the main image runs to its end-of-image marker. */
  complete: boolean;
  /** From the first start-of-frame marker; null when there is none, it is cut off or has a 0. */
  frameSize: JpegFrameSize | null;
}

/**
 * Walks a JPEG's marker segments (so an EXIF thumbnail's own markers inside APP1 do not count) and
 * entropy-coded scans, where 0xFF is followed only by a stuffed 0x00 or a restart marker: whether
 * the main image is whole, and its frame size. Data after the EOI (Motion Photo videos, Samsung
 * trailers, zero padding) is allowed. Written here: it is one loop, and parsers such as exifr stop
 * at the metadata and never look at the scans.
 */
export function scanJpeg(bytes: Uint8Array): JpegScan {
  let frameSize: JpegFrameSize | null = null;
  const ended = (complete: boolean): JpegScan => ({ complete, frameSize });
  if (bytes[0] !== MARKER || bytes[1] !== SOI) return ended(false);
  let at = 2;
  while (at + 1 < bytes.length) {
    if (bytes[at] !== MARKER) return ended(false);
    const marker = bytes[at + 1] ?? 0;
    if (marker === MARKER) {
      at += 1; // fill bytes before a marker
      continue;
    }
    if (marker === EOI) return ended(true);
    if (marker === TEM || (marker >= RST0 && marker <= RST7)) {
      at += 2; // markers without a length
      continue;
    }
    if (at + 3 >= bytes.length) return ended(false);
    const length = uint16(bytes, at + 2);
    if (length < 2) return ended(false);
    if (frameSize === null && isStartOfFrame(marker) && at + 8 < bytes.length) {
      // SOFn: length, precision, height (2 bytes), width (2 bytes), ...
      const height = uint16(bytes, at + 5);
      const width = uint16(bytes, at + 7);
      // A height of 0 is legal: a DNL marker after the first scan gives it. Then: unknown.
      if (width > 0 && height > 0) frameSize = { width, height };
    }
    at += 2 + length;
    if (marker === SOS) at = endOfScan(bytes, at);
  }
  return ended(false);
}

/** SOF0-SOF15, except DHT (0xC4), JPG (0xC8) and DAC (0xCC), which share the range. */
function isStartOfFrame(marker: number): boolean {
  return marker >= SOF0 && marker <= SOF15 && marker !== DHT && marker !== JPG && marker !== DAC;
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
