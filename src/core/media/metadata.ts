import exifr from 'exifr';
import { readBytes } from './bytes';
import { sniffBlob, type FileType } from './fileType';
import { offsetMinutesOf, recordedTakenAt, utcTakenAt, wallClock } from './takenAt';

/** When a photo was taken. */
export interface TakenAt {
  /** Wall-clock time as the camera recorded it, 'YYYY-MM-DDTHH:MM:SS', in the camera's zone. */
  local: string;
  /** The camera's offset from UTC in minutes (+03:00 → 180), or null when the file does not say. */
  offsetMinutes: number | null;
  /** The instant, in ms since the Unix epoch; null when the offset is unknown. */
  utcMs: number | null;
  /** 'exif': from the file's metadata; 'file': from the fallback date (the file's lastModified). */
  source: 'exif' | 'file';
}

/** Where a photo was taken: WGS 84 decimal degrees, negative south and west. */
export interface GpsPosition {
  latitude: number;
  longitude: number;
  altitudeM?: number; // metres above sea level (negative below), when recorded
}

/** The camera as it names itself: EXIF Make and Model, trimmed ('' when one is missing). */
export interface Camera {
  make: string;
  model: string;
}

/** Exposure settings as recorded; each is left out when missing or not a positive number. */
export interface Exposure {
  exposureTimeS?: number; // shutter time in seconds (1/800 → 0.00125)
  fNumber?: number; // aperture, f/5.6 → 5.6
  iso?: number; // ISO speed
  focalLengthMm?: number; // real (not 35 mm-equivalent) focal length
}

/** EXIF orientation: 1 as stored, 3 rotated 180°, 6 and 8 rotated 90° (CW, CCW), 2/4/5/7 mirrored. */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** What a photo's metadata says about it. Only takenAt and orientation are always there. */
export interface PhotoMetadata {
  takenAt: TakenAt; // from the EXIF dates, else from the fallback date
  gps: GpsPosition | undefined;
  camera: Camera | undefined;
  lens: string | undefined; // EXIF LensModel
  exposure: Exposure | undefined;
  /**
   * EXIF Orientation, 1 when missing. In HEIC and AVIF the container's irot/imir boxes are what
   * decoders apply, and EXIF repeats them: do not rotate a decoded HEIC a second time.
   */
  orientation: Orientation;
  /**
   * The stored (coded) pixel size, before orientation, only from a source that describes the
   * pixels themselves (PNG IHDR). Not from EXIF ImageWidth/PixelXDimension: resized and cropped
   * copies keep the original camera's values there. Otherwise undefined; the decoder knows it.
   */
  width: number | undefined;
  height: number | undefined;
}

/** Raw tag values by exifr's tag names, with the IFD0, EXIF and GPS blocks merged. */
type Tags = Readonly<Record<string, unknown>>;

// exifr's defaults read IFD0, EXIF and GPS (plus a PNG's IHDR) and skip the rest.
const EXIFR_OPTIONS = {
  // Keep dates as the strings the camera wrote: exifr's Dates would be in this machine's zone.
  reviveValues: false,
  translateValues: false, // numbers, not "Rotate 90 CW"
  mergeOutput: false, // keeps PNG's IHDR size apart from IFD0 ImageWidth
  silentErrors: true, // a damaged block costs that block, not the whole result
};

/** A JPEG's EXIF is an APP1 segment right after the start; 1 MiB leaves room for ICC or XMP first. */
const JPEG_HEAD_BYTES = 1 << 20;
const RIFF_HEADER_BYTES = 12;
const RIFF_CHUNK_HEADER_BYTES = 8;
const MAX_WEBP_CHUNKS = 64;

// Each date with the offset tag that belongs to it (exifr's names: CreateDate is EXIF
// DateTimeDigitized, ModifyDate is IFD0 DateTime).
const DATE_TAGS = [
  ['DateTimeOriginal', 'OffsetTimeOriginal'],
  ['CreateDate', 'OffsetTimeDigitized'],
  ['ModifyDate', 'OffsetTime'],
] as const;

// EXIF "YYYY:MM:DD HH:MM:SS". Only the start has to match, so subseconds and junk after the
// seconds are ignored (face-obama-2.jpg has "2009:09:09 20:27:09.60:04:00").
const EXIF_DATE = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/;
const EXIF_OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/**
 * Reads a photo's metadata (EXIF from JPEG, HEIC, AVIF, PNG eXIf and WebP). Best effort: never
 * throws for what the file contains. Files without metadata (GIF, video, stripped photos, files
 * sniffBlob rejects) get takenAt from fallbackDate and nothing else.
 */
export async function extractMetadata(
  file: Blob,
  fallbackDate: number,
  /** The file's type when the caller has sniffed it already. */
  knownType?: FileType,
): Promise<PhotoMetadata> {
  const { tags, pngHeader } = await readTags(file, knownType);
  return {
    takenAt: takenAtFromTags(tags) ?? utcTakenAt(fallbackDate, 'file'),
    gps: gpsFrom(tags),
    camera: cameraOf(tags.Make, tags.Model),
    lens: text(tags.LensModel),
    exposure: exposureFrom(tags),
    orientation: orientationFrom(tags.Orientation),
    width: positiveInteger(pngHeader.ImageWidth),
    height: positiveInteger(pngHeader.ImageHeight),
  };
}

async function readTags(
  file: Blob,
  knownType: FileType | undefined,
): Promise<{ tags: Tags; pngHeader: Tags }> {
  try {
    const bytes = await metadataBytes(file, knownType ?? (await sniffBlob(file)));
    if (bytes === undefined) return { tags: {}, pngHeader: {} };
    const output: unknown = await exifr.parse(bytes, EXIFR_OPTIONS);
    const block = (name: string): Tags => record(record(output)[name]);
    return {
      tags: { ...block('ifd0'), ...block('exif'), ...block('gps') },
      pngHeader: block('ihdr'),
    };
  } catch {
    // Unsupported file or metadata too damaged for exifr: no metadata, not a failed import.
    return { tags: {}, pngHeader: {} };
  }
}

/** The bytes that hold a file's metadata, read as little of the file as the format allows. */
async function metadataBytes(file: Blob, type: FileType): Promise<Uint8Array | undefined> {
  switch (type.format) {
    case 'jpeg':
      return readBytes(file, 0, JPEG_HEAD_BYTES);
    case 'webp':
      return webpExifChunk(file); // exifr does not read WebP: hand it the TIFF block directly
    case 'png': // eXIf may follow the image data
    case 'heic': // the EXIF item may sit at the end of the file
    case 'avif':
      return readBytes(file, 0, file.size);
    default:
      return undefined; // GIF and the video formats carry no EXIF
  }
}

/** The payload of a WebP file's EXIF chunk: a TIFF block, sometimes after an "Exif\0\0" prefix. */
async function webpExifChunk(file: Blob): Promise<Uint8Array | undefined> {
  let offset = RIFF_HEADER_BYTES;
  for (let chunk = 0; chunk < MAX_WEBP_CHUNKS; chunk++) {
    if (offset + RIFF_CHUNK_HEADER_BYTES > file.size) return undefined;
    const header = await readBytes(file, offset, RIFF_CHUNK_HEADER_BYTES);
    const size = new DataView(header.buffer).getUint32(4, true);
    if (String.fromCharCode(...header.subarray(0, 4)) === 'EXIF') {
      const payload = await readBytes(file, offset + RIFF_CHUNK_HEADER_BYTES, size);
      const hasPrefix = String.fromCharCode(...payload.subarray(0, 6)) === 'Exif\0\0';
      return hasPrefix ? payload.subarray(6) : payload;
    }
    offset += RIFF_CHUNK_HEADER_BYTES + size + (size % 2); // chunks are padded to an even size
  }
  return undefined;
}

/** The first readable date in DATE_TAGS order, with its offset or else OffsetTime. */
function takenAtFromTags(tags: Tags): TakenAt | undefined {
  for (const [dateTag, offsetTag] of DATE_TAGS) {
    const date = parseExifDate(tags[dateTag]);
    if (date === undefined) continue;
    // OffsetTime (of DateTime) stands in when the date's own offset is missing: same device.
    return recordedTakenAt(date, offsetFrom(tags[offsetTag]) ?? offsetFrom(tags.OffsetTime));
  }
  return undefined;
}

/** "2009:09:09 20:27:09" → local '2009-09-09T20:27:09' and that wall-clock time as if in UTC. */
function parseExifDate(value: unknown): { local: string; wallClockMs: number } | undefined {
  const match = typeof value === 'string' ? EXIF_DATE.exec(value) : null;
  return match ? wallClock(match.slice(1)) : undefined;
}

/** "+03:00" → 180; null for anything else (blank, out of range). */
function offsetFrom(value: unknown): number | null {
  const match = typeof value === 'string' ? EXIF_OFFSET.exec(value.trim()) : null;
  if (!match) return null;
  const [, sign = '+', hours = '', minutes = ''] = match;
  return offsetMinutesOf(sign, hours, minutes);
}

function gpsFrom(tags: Tags): GpsPosition | undefined {
  const latitude = degrees(tags.GPSLatitude, tags.GPSLatitudeRef, 'S');
  const longitude = degrees(tags.GPSLongitude, tags.GPSLongitudeRef, 'W');
  if (latitude === undefined || Math.abs(latitude) > 90) return undefined;
  if (longitude === undefined || Math.abs(longitude) > 180) return undefined;
  const altitudeM = altitudeFrom(tags.GPSAltitude, tags.GPSAltitudeRef);
  return altitudeM === undefined ? { latitude, longitude } : { latitude, longitude, altitudeM };
}

/** [degrees, minutes, seconds] (or plain degrees) and a reference letter → signed degrees. */
function degrees(value: unknown, ref: unknown, negativeRef: 'S' | 'W'): number | undefined {
  const parts: unknown[] = Array.isArray(value) ? value : [value];
  if (parts.length === 0 || !parts.every(isFiniteNumber)) return undefined;
  const [deg = 0, min = 0, sec = 0] = parts;
  const unsigned = deg + min / 60 + sec / 3600;
  const letter = text(ref)?.toUpperCase();
  if (letter === undefined) return unsigned; // no reference: trust the sign as written
  return letter === negativeRef ? -Math.abs(unsigned) : Math.abs(unsigned);
}

/** GPSAltitudeRef 1 means below sea level; exifr gives it as a one-byte array. */
function altitudeFrom(value: unknown, ref: unknown): number | undefined {
  if (!isFiniteNumber(value)) return undefined;
  const refByte = ref instanceof Uint8Array || Array.isArray(ref) ? (ref[0] as unknown) : ref;
  return refByte === 1 ? -Math.abs(value) : value;
}

/** The camera from its make and model as recorded; undefined when neither is there. */
export function cameraOf(make: unknown, model: unknown): Camera | undefined {
  const [maker, name] = [text(make), text(model)];
  if (maker === undefined && name === undefined) return undefined;
  return { make: maker ?? '', model: name ?? '' };
}

function exposureFrom(tags: Tags): Exposure | undefined {
  const iso: unknown = Array.isArray(tags.ISO) ? tags.ISO[0] : tags.ISO; // sometimes a list
  const recorded = {
    exposureTimeS: tags.ExposureTime,
    fNumber: tags.FNumber,
    iso,
    focalLengthMm: tags.FocalLength,
  };
  const usable = Object.entries(recorded).flatMap(([field, value]) => {
    const number = positive(value);
    return number === undefined ? [] : [[field, number] as const];
  });
  return usable.length > 0 ? Object.fromEntries(usable) : undefined;
}

function orientationFrom(value: unknown): Orientation {
  const valid = Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 8;
  return valid ? (value as Orientation) : 1;
}

/** A trimmed, non-empty string (EXIF strings are often padded with spaces or NULs). */
export function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.replace(/\0/g, '').trim();
  return trimmed === '' ? undefined : trimmed;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function positive(value: unknown): number | undefined {
  return isFiniteNumber(value) && value > 0 ? value : undefined;
}

function positiveInteger(value: unknown): number | undefined {
  return Number.isInteger(value) && (value as number) > 0 ? (value as number) : undefined;
}

function record(value: unknown): Tags {
  return typeof value === 'object' && value !== null ? (value as Tags) : {};
}
