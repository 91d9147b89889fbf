/**
 * The library state as JSON, to skip replaying every operation at each start (docs/format.md,
 * "Snapshot"). A snapshot records the `frontier` it includes: for each device, the highest log
 * sequence number folded in. Folding the log records after the frontier gives the current state;
 * folding one twice is harmless (the merge is idempotent).
 *
 * Version 2 is compact, because a library of 100,000 photos made a 273 MB version 1: a photo's
 * info fields that share a stamp (all of a photoAdded's) are written once with it, device ids
 * become indexes into `devices`, and what the state derives (content-hash maps, duplicates) is
 * rebuilt on restore instead of stored.
 */
import { isValidDeviceId, type Hlc } from './hlc';
import {
  emptyLibraryState,
  mergeStates,
  type AlbumState,
  type LibraryState,
  type PhotoState,
  type Register,
  type Stamp,
} from './libraryState';
import {
  isContentHash,
  isField,
  isJsonValue,
  isName,
  isOperationId,
  isSubjectId,
} from './operations';

/** Device id → highest log sequence number included. */
export type Frontier = Record<string, number>;

export const snapshotVersion = 2;

/** [wallMs, counter, index into `devices`, operation id] */
type SerialStamp = [wallMs: number, counter: number, device: number, opId: string];
type SerialRegister = [value: unknown, stamp: SerialStamp];

type SerialPhoto = [
  id: string,
  added: [SerialStamp, contentHash: string] | null,
  /** Info fields grouped by the stamp they were written with. */
  info: [SerialStamp, Record<string, unknown>][],
  favourite: SerialRegister | null,
  archived: SerialRegister | null,
  trashed: SerialRegister | null,
  deleted: SerialStamp | null,
];

type SerialAlbum = [
  id: string,
  created: SerialStamp | null,
  name: SerialRegister | null,
  cover: SerialRegister | null,
  addTags: [photoId: string, tags: string[]][],
  removedTags: string[],
  deleted: SerialStamp | null,
];

export interface Snapshot {
  /** Checked on restore: a snapshot is read back by later app versions. */
  version: number;
  frontier: Frontier;
  /** Every device id a stamp names, once. */
  devices: string[];
  photos: SerialPhoto[];
  albums: SerialAlbum[];
}

/** A snapshot from another device that is not one this app can read. */
export class InvalidSnapshotError extends Error {
  override readonly name = 'InvalidSnapshotError';
}

const isSeq = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isList = (v: unknown, length?: number): v is unknown[] =>
  Array.isArray(v) && (length === undefined || v.length === length);

/**
 * Checks a snapshot read from the bucket field by field, as parseOperation checks another
 * device's operations: the state must never hold what an operation could not have put there.
 * Throws InvalidSnapshotError naming the first thing wrong. Info values are checked as JSON
 * only; readPhotoInfo checks each field where it is used.
 */
export function parseSnapshot(value: unknown): Snapshot {
  const fail = (what: string): never => {
    throw new InvalidSnapshotError(`A snapshot in the bucket is malformed: ${what}.`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('not an object');
  const snapshot = value as Record<string, unknown>;
  if (snapshot.version !== snapshotVersion) {
    throw new InvalidSnapshotError(
      `A snapshot in the bucket is version ${String(snapshot.version)}, which this app cannot read: update the app.`,
    );
  }
  const { frontier, devices, photos, albums } = snapshot;
  if (typeof frontier !== 'object' || frontier === null || Array.isArray(frontier)) {
    fail('no frontier');
  }
  for (const [deviceId, seq] of Object.entries(frontier as object)) {
    if (!isValidDeviceId(deviceId) || !isSeq(seq)) fail('a bad frontier entry');
  }
  if (!isList(devices) || !devices.every(isValidDeviceId)) fail('a bad device list');
  const deviceCount = (devices as string[]).length;
  const isStamp = (v: unknown) =>
    isList(v, 4) &&
    isSeq(v[0]) &&
    isSeq(v[1]) &&
    isSeq(v[2]) &&
    v[2] < deviceCount &&
    isOperationId(v[3]);
  const isStampOrNull = (v: unknown) => v === null || isStamp(v);
  const isRegister = (v: unknown, ofValue: (value: unknown) => boolean) =>
    v === null || (isList(v, 2) && ofValue(v[0]) && isStamp(v[1]));
  const isFlag = (v: unknown) => isRegister(v, (flag) => typeof flag === 'boolean');
  const isInfoGroup = (v: unknown) =>
    isList(v, 2) &&
    isStamp(v[0]) &&
    typeof v[1] === 'object' &&
    v[1] !== null &&
    !Array.isArray(v[1]) &&
    Object.entries(v[1]).every(([field, fieldValue]) => isField(field) && isJsonValue(fieldValue));

  if (!isList(photos)) fail('no photo list');
  (photos as unknown[]).forEach((photo, index) => {
    const ok =
      isList(photo, 7) &&
      isSubjectId(photo[0]) &&
      (photo[1] === null ||
        (isList(photo[1], 2) && isStamp(photo[1][0]) && isContentHash(photo[1][1]))) &&
      isList(photo[2]) &&
      photo[2].every(isInfoGroup) &&
      isFlag(photo[3]) &&
      isFlag(photo[4]) &&
      isFlag(photo[5]) &&
      isStampOrNull(photo[6]);
    if (!ok) fail(`photo ${String(index)}`);
  });
  if (!isList(albums)) fail('no album list');
  (albums as unknown[]).forEach((album, index) => {
    const ok =
      isList(album, 7) &&
      isSubjectId(album[0]) &&
      isStampOrNull(album[1]) &&
      isRegister(album[2], isName) &&
      isRegister(album[3], (cover) => cover === null || isSubjectId(cover)) &&
      isList(album[4]) &&
      album[4].every(
        (entry) =>
          isList(entry, 2) &&
          isSubjectId(entry[0]) &&
          isList(entry[1]) &&
          entry[1].every(isOperationId),
      ) &&
      isList(album[5]) &&
      album[5].every(isOperationId) &&
      isStampOrNull(album[6]);
    if (!ok) fail(`album ${String(index)}`);
  });
  // Every field of the type was checked above.
  return value as Snapshot;
}

/** Writes stamps with device ids replaced by their index in `devices`. */
class StampWriter {
  readonly devices: string[] = [];
  private readonly indexes = new Map<string, number>();

  stamp({ at, opId }: Stamp): SerialStamp {
    let index = this.indexes.get(at.deviceId);
    if (index === undefined) {
      index = this.devices.push(at.deviceId) - 1;
      this.indexes.set(at.deviceId, index);
    }
    return [at.wallMs, at.counter, index, opId];
  }

  register<T>(register: Register<T> | null): SerialRegister | null {
    return register && [register.value, this.stamp(register.stamp)];
  }
}

export function takeSnapshot(state: LibraryState, frontier: Frontier): Snapshot {
  const writer = new StampWriter();
  const photos = [...state.photos.values()].map((photo) => photoOut(photo, writer));
  const albums = [...state.albums.values()].map((album) => albumOut(album, writer));
  return {
    version: snapshotVersion,
    frontier: { ...frontier },
    devices: writer.devices,
    photos,
    albums,
  };
}

export function restoreSnapshot(snapshot: Snapshot): { state: LibraryState; frontier: Frontier } {
  if (snapshot.version !== snapshotVersion) {
    throw new Error(`snapshot version ${String(snapshot.version)} is not supported`);
  }
  const stampIn = ([wallMs, counter, device, opId]: SerialStamp): Stamp => {
    const deviceId = snapshot.devices[device];
    if (deviceId === undefined) throw new Error('a snapshot stamp names an unknown device');
    return { at: { wallMs, counter, deviceId } satisfies Hlc, opId };
  };
  // The value was written from a Register<T> of the same field.
  const registerIn = <T>(serial: SerialRegister | null): Register<T> | null =>
    serial && { value: serial[0] as T, stamp: stampIn(serial[1]) };

  const stored = emptyLibraryState();
  for (const [id, added, info, favourite, archived, trashed, deleted] of snapshot.photos) {
    const photo: PhotoState = {
      id,
      added: added && { stamp: stampIn(added[0]), contentHash: added[1] },
      info: new Map(),
      favourite: registerIn(favourite),
      archived: registerIn(archived),
      trashed: registerIn(trashed),
      deleted: deleted && stampIn(deleted),
      duplicateOf: null,
    };
    for (const [stamp, fields] of info) {
      const written = stampIn(stamp);
      for (const [field, value] of Object.entries(fields)) {
        photo.info.set(field, { value, stamp: written });
      }
    }
    stored.photos.set(id, photo);
  }
  for (const [id, created, name, cover, addTags, removedTags, deleted] of snapshot.albums) {
    const album: AlbumState = {
      id,
      created: created && stampIn(created),
      name: registerIn(name),
      cover: registerIn(cover),
      addTags: new Map(addTags.map(([photoId, tags]) => [photoId, new Set(tags)])),
      removedTags: new Set(removedTags),
      deleted: deleted && stampIn(deleted),
    };
    stored.albums.set(id, album);
  }
  // Joining into an empty state rebuilds what is derived: content-hash maps and duplicates.
  return { frontier: { ...snapshot.frontier }, state: mergeStates(emptyLibraryState(), stored) };
}

function photoOut(photo: PhotoState, writer: StampWriter): SerialPhoto {
  const groups = new Map<Stamp, Record<string, unknown>>();
  for (const [field, register] of photo.info) {
    let fields = groups.get(register.stamp);
    if (!fields) groups.set(register.stamp, (fields = {}));
    fields[field] = register.value;
  }
  return [
    photo.id,
    photo.added && [writer.stamp(photo.added.stamp), photo.added.contentHash],
    [...groups].map(([stamp, fields]) => [writer.stamp(stamp), fields]),
    writer.register(photo.favourite),
    writer.register(photo.archived),
    writer.register(photo.trashed),
    photo.deleted && writer.stamp(photo.deleted),
  ];
}

function albumOut(album: AlbumState, writer: StampWriter): SerialAlbum {
  return [
    album.id,
    album.created && writer.stamp(album.created),
    writer.register(album.name),
    writer.register(album.cover),
    [...album.addTags].map(([photoId, tags]) => [photoId, [...tags]]),
    [...album.removedTags],
    album.deleted && writer.stamp(album.deleted),
  ];
}
