/**
 * The library state as JSON, to skip replaying every operation at each start (docs/format.md,
 * "Snapshot"). A snapshot records the `frontier` it includes: for each device, the highest log
 * sequence number folded in. Folding the log records after the frontier gives the current state;
 * folding one twice is harmless (the merge is idempotent).
 */
import type { Hlc } from './hlc';
import type { AlbumState, LibraryState, PhotoState, Register, Stamp } from './libraryState';

/** Device id → highest log sequence number included. */
export type Frontier = Record<string, number>;

export const snapshotVersion = 1;

type SerialStamp = [wallMs: number, counter: number, deviceId: string, opId: string];
type SerialRegister = [value: unknown, stamp: SerialStamp];

interface SerialPhoto {
  id: string;
  added: [SerialStamp, string] | null;
  info: [string, SerialRegister][];
  favourite: SerialRegister | null;
  archived: SerialRegister | null;
  trashed: SerialRegister | null;
  deleted: SerialStamp | null;
  duplicateOf: string | null;
}

interface SerialAlbum {
  id: string;
  created: SerialStamp | null;
  name: SerialRegister | null;
  cover: SerialRegister | null;
  addTags: [string, string[]][];
  removedTags: string[];
  deleted: SerialStamp | null;
}

export interface Snapshot {
  /** Checked on restore: a snapshot is read back by later app versions. */
  version: number;
  frontier: Frontier;
  photos: SerialPhoto[];
  albums: SerialAlbum[];
  photosByContentHash: [string, string][];
  photoIdsByContentHash: [string, string[]][];
}

const stampOut = ({ at, opId }: Stamp): SerialStamp => [at.wallMs, at.counter, at.deviceId, opId];
const stampIn = ([wallMs, counter, deviceId, opId]: SerialStamp): Stamp => ({
  at: { wallMs, counter, deviceId } satisfies Hlc,
  opId,
});
const registerOut = <T>(register: Register<T> | null): SerialRegister | null =>
  register && [register.value, stampOut(register.stamp)];
// The value was written by registerOut from a Register<T> of the same field.
const registerIn = <T>(serial: SerialRegister | null): Register<T> | null =>
  serial && { value: serial[0] as T, stamp: stampIn(serial[1]) };

export function takeSnapshot(state: LibraryState, frontier: Frontier): Snapshot {
  return {
    version: snapshotVersion,
    frontier: { ...frontier },
    photos: [...state.photos.values()].map(photoOut),
    albums: [...state.albums.values()].map(albumOut),
    photosByContentHash: [...state.photosByContentHash],
    photoIdsByContentHash: [...state.photoIdsByContentHash].map(([hash, ids]) => [hash, [...ids]]),
  };
}

export function restoreSnapshot(snapshot: Snapshot): { state: LibraryState; frontier: Frontier } {
  if (snapshot.version !== snapshotVersion) {
    throw new Error(`snapshot version ${String(snapshot.version)} is not supported`);
  }
  return {
    frontier: { ...snapshot.frontier },
    state: {
      photos: new Map(snapshot.photos.map((serial) => [serial.id, photoIn(serial)])),
      albums: new Map(snapshot.albums.map((serial) => [serial.id, albumIn(serial)])),
      photosByContentHash: new Map(snapshot.photosByContentHash),
      photoIdsByContentHash: new Map(
        snapshot.photoIdsByContentHash.map(([hash, ids]) => [hash, new Set(ids)]),
      ),
    },
  };
}

function photoOut(photo: PhotoState): SerialPhoto {
  return {
    id: photo.id,
    added: photo.added && [stampOut(photo.added.stamp), photo.added.contentHash],
    info: [...photo.info].map(([field, register]) => [
      field,
      [register.value, stampOut(register.stamp)],
    ]),
    favourite: registerOut(photo.favourite),
    archived: registerOut(photo.archived),
    trashed: registerOut(photo.trashed),
    deleted: photo.deleted && stampOut(photo.deleted),
    duplicateOf: photo.duplicateOf,
  };
}

function photoIn(serial: SerialPhoto): PhotoState {
  return {
    id: serial.id,
    added: serial.added && { stamp: stampIn(serial.added[0]), contentHash: serial.added[1] },
    info: new Map(
      serial.info.map(([field, register]) => [
        field,
        registerIn<unknown>(register) ?? { value: null, stamp: stampIn(register[1]) },
      ]),
    ),
    favourite: registerIn(serial.favourite),
    archived: registerIn(serial.archived),
    trashed: registerIn(serial.trashed),
    deleted: serial.deleted && stampIn(serial.deleted),
    duplicateOf: serial.duplicateOf,
  };
}

function albumOut(album: AlbumState): SerialAlbum {
  return {
    id: album.id,
    created: album.created && stampOut(album.created),
    name: registerOut(album.name),
    cover: registerOut(album.cover),
    addTags: [...album.addTags].map(([photoId, tags]) => [photoId, [...tags]]),
    removedTags: [...album.removedTags],
    deleted: album.deleted && stampOut(album.deleted),
  };
}

function albumIn(serial: SerialAlbum): AlbumState {
  return {
    id: serial.id,
    created: serial.created && stampIn(serial.created),
    name: registerIn(serial.name),
    cover: registerIn(serial.cover),
    addTags: new Map(serial.addTags.map(([photoId, tags]) => [photoId, new Set(tags)])),
    removedTags: new Set(serial.removedTags),
    deleted: serial.deleted && stampIn(serial.deleted),
  };
}
