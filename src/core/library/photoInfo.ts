/**
 * What a photoAdded operation says about a photo (its `info`), and the timeline entry shown for
 * it. Info arrives from other devices' logs, so readPhotoInfo checks every field it uses.
 */
import type { Camera, Exposure, GpsPosition, TakenAt } from '../media/metadata';
import type { LibraryState, Register } from './libraryState';

/** The objects a photo is stored as; each value is a 16-byte object id in hex. */
export interface PhotoObjects {
  original: string;
  preview: string;
  thumbnail: string;
}

/** Every object a photo is stored as. */
export function objectIdsOf(objects: PhotoObjects): string[] {
  return [objects.original, objects.preview, objects.thumbnail];
}

/**
 * The objects of `photoIds` that no other photo still refers to: what deleting those photos for
 * good frees. (Photos share objects only in test libraries today; the check keeps it safe.)
 */
export function objectsOnlyOf(state: LibraryState, photoIds: ReadonlySet<string>): string[] {
  const kept = new Set<string>();
  const dropped = new Set<string>();
  for (const photo of state.photos.values()) {
    const doomed = photoIds.has(photo.id);
    if (photo.deleted && !doomed) continue;
    const objects = readPhotoInfo(photo.info)?.objects;
    if (!objects) continue;
    for (const id of objectIdsOf(objects)) (doomed ? dropped : kept).add(id);
  }
  return [...dropped].filter((id) => !kept.has(id));
}

/** The `info` of a photoAdded operation. Every field is last-writer-wins on its own. */
export interface PhotoInfo {
  kind: 'image' | 'video';
  /** The original's type, from its bytes. */
  mime: string;
  fileName: string;
  /** Folder path inside what was dropped, '' for a loose file. */
  folder: string;
  /** Bytes of the original. */
  size: number;
  /** The file's lastModified (ms since the epoch). */
  fileModifiedMs: number;
  /** Displayed size in pixels (after orientation). */
  width: number;
  height: number;
  takenAt: TakenAt;
  gps: GpsPosition | null;
  camera: Camera | null;
  lens: string | null;
  exposure: Exposure | null;
  /** Videos only: length in seconds. */
  durationS: number | null;
  /** ThumbHash (base64): painted before the thumbnail arrives. */
  placeholder: string;
  /** The photo's key wrapped under the master key (KeyRole.photoKeyUnderMasterKey), hex. */
  key: string;
  objects: PhotoObjects;
}

const HEX_ID = /^[0-9a-f]{32}$/;
const HEX_WRAPPED_KEY = /^[0-9a-f]{144}$/;

const isString = (v: unknown): v is string => typeof v === 'string';
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function isTakenAt(v: unknown): v is TakenAt {
  if (!isRecord(v)) return false;
  return (
    isString(v.local) &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(v.local) &&
    (v.offsetMinutes === null || isFiniteNumber(v.offsetMinutes)) &&
    (v.utcMs === null || isFiniteNumber(v.utcMs)) &&
    (v.source === 'exif' || v.source === 'file')
  );
}

function isGps(v: unknown): v is GpsPosition {
  return (
    isRecord(v) &&
    isFiniteNumber(v.latitude) &&
    Math.abs(v.latitude) <= 90 &&
    isFiniteNumber(v.longitude) &&
    Math.abs(v.longitude) <= 180 &&
    (v.altitudeM === undefined || isFiniteNumber(v.altitudeM))
  );
}

function isObjects(v: unknown): v is PhotoObjects {
  return (
    isRecord(v) &&
    [v.original, v.preview, v.thumbnail].every((id) => isString(id) && HEX_ID.test(id))
  );
}

/**
 * The photo's info from its registers, or null when a field the app needs is missing or
 * malformed (an operation from a broken or future app version): such a photo is not shown
 * rather than shown wrong.
 */
export function readPhotoInfo(registers: ReadonlyMap<string, Register<unknown>>): PhotoInfo | null {
  const get = (name: string): unknown => registers.get(name)?.value;
  const kind = get('kind');
  const width = get('width');
  const height = get('height');
  const takenAt = get('takenAt');
  const key = get('key');
  const objects = get('objects');
  if (kind !== 'image' && kind !== 'video') return null;
  if (!isFiniteNumber(width) || !isFiniteNumber(height) || width <= 0 || height <= 0) return null;
  if (!isTakenAt(takenAt) || !isString(key) || !HEX_WRAPPED_KEY.test(key)) return null;
  if (!isObjects(objects)) return null;
  const text = (name: string): string => {
    const value = get(name);
    return isString(value) ? value : '';
  };
  const number = (name: string): number | null => {
    const value = get(name);
    return isFiniteNumber(value) ? value : null;
  };
  const gps = get('gps');
  const camera = get('camera');
  const exposure = get('exposure');
  return {
    kind,
    mime: text('mime'),
    fileName: text('fileName'),
    folder: text('folder'),
    size: number('size') ?? 0,
    fileModifiedMs: number('fileModifiedMs') ?? 0,
    width,
    height,
    takenAt,
    gps: isGps(gps) ? gps : null,
    camera:
      isRecord(camera) && isString(camera.make) && isString(camera.model)
        ? { make: camera.make, model: camera.model }
        : null,
    lens: isString(get('lens')) ? text('lens') : null,
    exposure: isRecord(exposure) ? pickExposure(exposure) : null,
    durationS: number('durationS'),
    placeholder: text('placeholder'),
    key,
    objects,
  };
}

function pickExposure(record: Record<string, unknown>): Exposure {
  const exposure: Exposure = {};
  for (const name of ['exposureTimeS', 'fNumber', 'iso', 'focalLengthMm'] as const) {
    const value = record[name];
    if (isFiniteNumber(value) && value > 0) exposure[name] = value;
  }
  return exposure;
}

/**
 * When a photo sorts on the timeline: its instant when the offset is known, else its local wall
 * time read as if it were UTC (close enough to place it among its neighbours).
 */
export function timelineMs(takenAt: TakenAt): number {
  return takenAt.utcMs ?? Date.parse(`${takenAt.local}Z`);
}

/** The month a photo belongs to, by the local date the camera recorded: 'YYYY-MM'. */
export function monthOf(takenAt: TakenAt): string {
  return takenAt.local.slice(0, 7);
}
