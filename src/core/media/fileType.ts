import { latin1, readVint } from './bytes';
import { UNSUPPORTED_REASONS, UnsupportedFileError } from './errors';

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif' | 'heic';
export type VideoFormat = 'mp4' | 'mov' | 'webm';

/** What a file is, judged by its first bytes (never by its name or the browser's MIME guess). */
export interface FileType {
  kind: 'image' | 'video';
  format: ImageFormat | VideoFormat;
  mime: string;
}

const MIME_TYPES: Record<FileType['format'], string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  heic: 'image/heic',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
};

const VIDEO_FORMATS: readonly FileType['format'][] = ['mp4', 'mov', 'webm'];

/**
 * How many bytes sniffBlob reads. The signatures need 12; the rest leaves room for a long `ftyp`
 * brand list (recent iPhone HEICs list six brands) and a WebM EBML header.
 */
export const SNIFF_BYTES = 256;

// ISO-BMFF brands. AVIF is checked first because AVIF files also list the generic HEIF `mif1`.
const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);
const MP4_BRANDS = new Set(['isom', 'iso2', 'mp41', 'mp42', 'avc1', 'M4V ', 'dash']);
const QUICKTIME_BRAND = 'qt  ';

const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const EBML_SIGNATURE = [0x1a, 0x45, 0xdf, 0xa3];
const EBML_DOCTYPE_ID = [0x42, 0x82];

/**
 * Identifies a photo or video from the start of the file (~64 bytes suffice; more is fine). Throws
 * UnsupportedFileError for anything else. Only the header is checked: a truncated file still
 * sniffs as its format, and the decoder finds the damage later.
 */
export function sniffFileType(head: Uint8Array): FileType {
  if (head.length === 0) throw new UnsupportedFileError(UNSUPPORTED_REASONS.empty);
  const format = signatureFormat(head) ?? isoBmffFormat(head) ?? ebmlFormat(head);
  if (format !== undefined) {
    const kind = VIDEO_FORMATS.includes(format) ? 'video' : 'image';
    return { kind, format, mime: MIME_TYPES[format] };
  }
  if (looksLikeText(head)) throw new UnsupportedFileError(UNSUPPORTED_REASONS.text);
  throw new UnsupportedFileError(UNSUPPORTED_REASONS.unknown);
}

/** sniffFileType on the first SNIFF_BYTES of a Blob (or File). */
export async function sniffBlob(blob: Blob): Promise<FileType> {
  const head = new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer());
  return sniffFileType(head);
}

/** Formats with a fixed signature at a fixed place. */
function signatureFormat(head: Uint8Array): FileType['format'] | undefined {
  if (hasBytes(head, JPEG_SIGNATURE)) return 'jpeg';
  if (hasBytes(head, PNG_SIGNATURE)) return 'png';
  const gif = latin1(head, 0, 6);
  if (gif === 'GIF87a' || gif === 'GIF89a') return 'gif';
  if (latin1(head, 0, 4) === 'RIFF' && latin1(head, 8, 4) === 'WEBP') return 'webp';
  return undefined;
}

/** HEIC, AVIF, MP4 and QuickTime: an ISO base media file starting with an `ftyp` box. */
function isoBmffFormat(head: Uint8Array): FileType['format'] | undefined {
  if (latin1(head, 4, 4) !== 'ftyp') return undefined;
  const brands = ftypBrands(head);
  if (brands.some((brand) => AVIF_BRANDS.has(brand))) return 'avif';
  if (brands.some((brand) => HEIC_BRANDS.has(brand))) return 'heic';
  if (brands[0] === QUICKTIME_BRAND) return 'mov';
  if (brands.some((brand) => MP4_BRANDS.has(brand))) return 'mp4';
  if (brands.includes(QUICKTIME_BRAND)) return 'mov';
  return undefined;
}

/** The major brand (bytes 8-12) then the compatible brands (from byte 16 to the box's end). */
function ftypBrands(head: Uint8Array): string[] {
  const boxSize = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(0);
  const end = Math.min(boxSize, head.length);
  const brands = [latin1(head, 8, 4)];
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(latin1(head, offset, 4));
  return brands;
}

/** WebM: an EBML header whose DocType is "webm" (plain Matroska is not supported). */
function ebmlFormat(head: Uint8Array): FileType['format'] | undefined {
  if (!hasBytes(head, EBML_SIGNATURE)) return undefined;
  for (let at = EBML_SIGNATURE.length; at + 3 <= head.length; at++) {
    if (!hasBytes(head, EBML_DOCTYPE_ID, at)) continue;
    const size = readVint(head, at + EBML_DOCTYPE_ID.length, head.length, false);
    if (size?.value === undefined) return undefined;
    const docType = latin1(head, size.end, size.value).replace(/\0+$/, '');
    return docType === 'webm' ? 'webm' : undefined;
  }
  return undefined;
}

/** Valid UTF-8 without control characters other than tab, line and page breaks. */
function looksLikeText(head: Uint8Array): boolean {
  const allowedControls = new Set([0x09, 0x0a, 0x0c, 0x0d]);
  if (head.some((byte) => (byte < 0x20 && !allowedControls.has(byte)) || byte === 0x7f)) {
    return false;
  }
  try {
    // stream: true, so a character cut off at the end of the head is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function hasBytes(bytes: Uint8Array, expected: readonly number[], at = 0): boolean {
  return expected.every((byte, i) => bytes[at + i] === byte);
}
