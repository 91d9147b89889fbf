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
import type { Hlc } from './hlc';
import {
  emptyLibraryState,
  mergeStates,
  type AlbumState,
  type LibraryState,
  type PhotoState,
  type Register,
  type Stamp,
} from './libraryState';

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
