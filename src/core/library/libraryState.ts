/**
 * The library as a deterministic function of the operations of every device. Each piece of state
 * is a CRDT with a commutative, idempotent merge (last-writer-wins registers keyed by HLC and
 * operation id, tombstones, an observed-remove set), so folding operations in any order, with
 * repeats, gives the same state as a full replay: late, older operations simply lose. No sorting,
 * no replay: fold costs O(1) per operation (O(duplicates) for photoAdded/photoDeleted), memory is
 * O(photos × fields + album tags). See README.md for the rules.
 */
import { compareHlc, type Hlc } from './hlc';
import type { Operation, PhotoAdded } from './operations';

/** Orders two writes: HLC first, then operation id (a tie only a corrupt log can produce). */
export interface Stamp {
  readonly at: Hlc;
  readonly opId: string;
}
export interface Register<T> {
  readonly value: T;
  readonly stamp: Stamp;
}

export interface PhotoState {
  readonly id: string;
  /** The earliest photoAdded for this id; null while only later operations have arrived. */
  added: { readonly stamp: Stamp; readonly contentHash: string } | null;
  /** Metadata fields: photoAdded's info, then edits, each field last-writer-wins. */
  readonly info: Map<string, Register<unknown>>;
  favourite: Register<boolean> | null;
  archived: Register<boolean> | null;
  /** true after trashed, false after restored: last writer wins. */
  trashed: Register<boolean> | null;
  /** Permanent tombstone (earliest photoDeleted): overrides every other field. */
  deleted: Stamp | null;
  /** Derived: the photo with the same content this one is a duplicate of, or null. */
  duplicateOf: string | null;
}

export interface AlbumState {
  readonly id: string;
  created: Stamp | null;
  name: Register<string> | null;
  cover: Register<string | null> | null;
  /** OR-set: photo id → tags (albumPhotoAdded ids) that added it. */
  readonly addTags: Map<string, Set<string>>;
  readonly removedTags: Set<string>;
  /** Tombstone: a deleted album stays deleted whatever renames arrive. */
  deleted: Stamp | null;
}

export interface LibraryState {
  readonly photos: Map<string, PhotoState>;
  readonly albums: Map<string, AlbumState>;
  /** Content hash → the visible photo holding that content (see duplicateOf). */
  readonly photosByContentHash: Map<string, string>;
  /** Content hash → every photo id added with it, the input to photosByContentHash. */
  readonly photoIdsByContentHash: Map<string, Set<string>>;
}

export function emptyLibraryState(): LibraryState {
  return {
    photos: new Map(),
    albums: new Map(),
    photosByContentHash: new Map(),
    photoIdsByContentHash: new Map(),
  };
}

/** The state of a set of operations, whatever order they come in and however often repeated. */
export function applyOperations(ops: Iterable<Operation>): LibraryState {
  return fold(emptyLibraryState(), ops);
}

/** Folds operations into the state, in place (the state can hold 100,000 photos), and returns it. */
export function fold(state: LibraryState, ops: Iterable<Operation>): LibraryState {
  for (const op of ops) applyOne(state, op);
  return state;
}

export function compareStamps(a: Stamp, b: Stamp): number {
  const byTime = compareHlc(a.at, b.at);
  if (byTime !== 0) return byTime;
  return a.opId === b.opId ? 0 : a.opId < b.opId ? -1 : 1;
}

function stampOf(op: Operation): Stamp {
  return { at: op.at, opId: op.id };
}

/** The later of the current register and a new write. */
function lww<T>(current: Register<T> | null, value: T, stamp: Stamp): Register<T> {
  return current && compareStamps(current.stamp, stamp) >= 0 ? current : { value, stamp };
}

function earliest(current: Stamp | null, stamp: Stamp): Stamp {
  return current && compareStamps(current, stamp) <= 0 ? current : stamp;
}

function photo(state: LibraryState, id: string): PhotoState {
  let found = state.photos.get(id);
  if (!found) {
    found = {
      id,
      added: null,
      info: new Map(),
      favourite: null,
      archived: null,
      trashed: null,
      deleted: null,
      duplicateOf: null,
    };
    state.photos.set(id, found);
  }
  return found;
}

function album(state: LibraryState, id: string): AlbumState {
  let found = state.albums.get(id);
  if (!found) {
    const empty = { created: null, name: null, cover: null, deleted: null };
    found = { id, ...empty, addTags: new Map(), removedTags: new Set() };
    state.albums.set(id, found);
  }
  return found;
}

function applyOne(state: LibraryState, op: Operation): void {
  const stamp = stampOf(op);
  switch (op.type) {
    case 'photoAdded':
      applyPhotoAdded(state, op);
      return;
    case 'photoInfoEdited': {
      const { info } = photo(state, op.photoId);
      info.set(op.field, lww(info.get(op.field) ?? null, op.value, stamp));
      return;
    }
    case 'favouriteSet': {
      const target = photo(state, op.photoId);
      target.favourite = lww(target.favourite, op.favourite, stamp);
      return;
    }
    case 'archivedSet': {
      const target = photo(state, op.photoId);
      target.archived = lww(target.archived, op.archived, stamp);
      return;
    }
    case 'trashed':
    case 'restored': {
      const target = photo(state, op.photoId);
      target.trashed = lww(target.trashed, op.type === 'trashed', stamp);
      return;
    }
    case 'photoDeleted': {
      const target = photo(state, op.photoId);
      target.deleted = earliest(target.deleted, stamp);
      if (target.added) refreshDuplicates(state, target.added.contentHash);
      return;
    }
    default:
      applyAlbumOperation(state, op, stamp);
      return;
  }
}

function applyAlbumOperation(state: LibraryState, op: Operation, stamp: Stamp): void {
  if (!('albumId' in op)) return;
  const target = album(state, op.albumId);
  switch (op.type) {
    case 'albumCreated':
      target.created = earliest(target.created, stamp);
      target.name = lww(target.name, op.name, stamp);
      return;
    case 'albumRenamed':
      target.name = lww(target.name, op.name, stamp);
      return;
    case 'albumCoverSet':
      target.cover = lww(target.cover, op.photoId, stamp);
      return;
    case 'albumDeleted':
      target.deleted = earliest(target.deleted, stamp);
      return;
    case 'albumPhotoAdded': {
      const tags = target.addTags.get(op.photoId) ?? new Set<string>();
      target.addTags.set(op.photoId, tags.add(op.id));
      return;
    }
    case 'albumPhotoRemoved':
      for (const tag of op.removedTags) target.removedTags.add(tag);
      return;
  }
}

function applyPhotoAdded(state: LibraryState, op: PhotoAdded): void {
  const target = photo(state, op.photoId);
  const stamp = stampOf(op);
  for (const [field, value] of Object.entries(op.info)) {
    target.info.set(field, lww(target.info.get(field) ?? null, value, stamp));
  }
  const previous = target.added;
  if (previous && compareStamps(previous.stamp, stamp) <= 0) return;
  target.added = { stamp, contentHash: op.contentHash };
  if (previous && previous.contentHash !== op.contentHash) {
    state.photoIdsByContentHash.get(previous.contentHash)?.delete(target.id);
    refreshDuplicates(state, previous.contentHash);
  }
  const ids = state.photoIdsByContentHash.get(op.contentHash) ?? new Set<string>();
  state.photoIdsByContentHash.set(op.contentHash, ids.add(target.id));
  refreshDuplicates(state, op.contentHash);
}

/** The later of two registers (either may be absent). */
function laterRegister<T>(a: Register<T> | null, b: Register<T> | null): Register<T> | null {
  if (!a || !b) return a ?? b;
  return compareStamps(a.stamp, b.stamp) >= 0 ? a : b;
}

function earlierStamp(a: Stamp | null, b: Stamp | null): Stamp | null {
  if (!a || !b) return a ?? b;
  return compareStamps(a, b) <= 0 ? a : b;
}

/**
 * Joins `from` into `into` (in place) and returns it: the state of the union of the operations
 * behind each, field by field with the same rules as fold (later register, earlier tombstone,
 * union of tags). How a device takes in another device's snapshot without losing what it knew.
 */
export function mergeStates(into: LibraryState, from: LibraryState): LibraryState {
  const hashes = new Set<string>();
  for (const theirs of from.photos.values()) {
    const ours = photo(into, theirs.id);
    for (const [field, register] of theirs.info) {
      ours.info.set(field, laterRegister(ours.info.get(field) ?? null, register) ?? register);
    }
    ours.favourite = laterRegister(ours.favourite, theirs.favourite);
    ours.archived = laterRegister(ours.archived, theirs.archived);
    ours.trashed = laterRegister(ours.trashed, theirs.trashed);
    ours.deleted = earlierStamp(ours.deleted, theirs.deleted);
    const added = theirs.added;
    if (added && (!ours.added || compareStamps(added.stamp, ours.added.stamp) < 0)) {
      if (ours.added && ours.added.contentHash !== added.contentHash) {
        into.photoIdsByContentHash.get(ours.added.contentHash)?.delete(ours.id);
        hashes.add(ours.added.contentHash);
      }
      ours.added = added;
      const ids = into.photoIdsByContentHash.get(added.contentHash) ?? new Set<string>();
      into.photoIdsByContentHash.set(added.contentHash, ids.add(ours.id));
    }
    if (ours.added) hashes.add(ours.added.contentHash);
  }
  for (const hash of hashes) refreshDuplicates(into, hash);
  for (const theirs of from.albums.values()) {
    const ours = album(into, theirs.id);
    ours.created = earlierStamp(ours.created, theirs.created);
    ours.name = laterRegister(ours.name, theirs.name);
    ours.cover = laterRegister(ours.cover, theirs.cover);
    ours.deleted = earlierStamp(ours.deleted, theirs.deleted);
    for (const [photoId, tags] of theirs.addTags) {
      const ourTags = ours.addTags.get(photoId) ?? new Set<string>();
      for (const tag of tags) ourTags.add(tag);
      ours.addTags.set(photoId, ourTags);
    }
    for (const tag of theirs.removedTags) ours.removedTags.add(tag);
  }
  return into;
}

/**
 * Walks the photos with one content hash in photoAdded order. The first is the original; a later
 * one is a duplicate of the current original unless that original was deleted before the later
 * one was added (a re-import after a delete is a new photo, while a copy added before the delete
 * goes with it).
 */
function refreshDuplicates(state: LibraryState, contentHash: string): void {
  const ids = state.photoIdsByContentHash.get(contentHash) ?? new Set<string>();
  const candidates = [...ids].map((id) => photo(state, id));
  candidates.sort((a, b) => compareStamps(addedStamp(a), addedStamp(b)));
  let original: PhotoState | null = null;
  for (const candidate of candidates) {
    const deletedBefore = original?.deleted
      ? compareStamps(original.deleted, addedStamp(candidate)) < 0
      : false;
    if (!original || deletedBefore) original = candidate;
    candidate.duplicateOf = original === candidate ? null : original.id;
  }
  if (original && !original.deleted) state.photosByContentHash.set(contentHash, original.id);
  else state.photosByContentHash.delete(contentHash);
}

function addedStamp(target: PhotoState): Stamp {
  if (!target.added) throw new Error('photo indexed by content hash without photoAdded');
  return target.added.stamp;
}

// Views: what the UI shows, derived from the CRDT state above.

/** Added, not deleted, not a duplicate. Trashed and archived photos are still visible here. */
export function isPhotoVisible(target: PhotoState | undefined): target is PhotoState {
  return !!target?.added && !target.deleted && target.duplicateOf === null;
}

/** When the winning trash operation happened, or null if the photo is not in the trash. */
export function trashedAt(target: PhotoState): Hlc | null {
  return target.trashed?.value ? target.trashed.stamp.at : null;
}

/** The photo a (possibly duplicate) photo id stands for, or null if nothing visible remains. */
export function resolvePhotoId(state: LibraryState, photoId: string): string | null {
  const target = state.photos.get(photoId);
  const resolved = target?.duplicateOf ? state.photos.get(target.duplicateOf) : target;
  return isPhotoVisible(resolved) ? resolved.id : null;
}

export function isAlbumVisible(target: AlbumState | undefined): target is AlbumState {
  return !!target?.created && !target.deleted;
}

/** Members with an add tag no remove has observed, duplicates resolved, deleted photos left out. */
export function albumMembers(state: LibraryState, albumId: string): string[] {
  const target = state.albums.get(albumId);
  if (!isAlbumVisible(target)) return [];
  const members = new Set<string>();
  for (const [photoId, tags] of target.addTags) {
    if (![...tags].some((tag) => !target.removedTags.has(tag))) continue;
    const resolved = resolvePhotoId(state, photoId);
    if (resolved !== null) members.add(resolved);
  }
  return [...members].sort();
}

/**
 * The add tags that make `photoId` a member of the album (duplicates of it included): what an
 * albumPhotoRemoved must list to take it out.
 */
export function albumTagsOf(state: LibraryState, albumId: string, photoId: string): string[] {
  const target = state.albums.get(albumId);
  if (!target) return [];
  const tags: string[] = [];
  for (const [memberId, memberTags] of target.addTags) {
    if (resolvePhotoId(state, memberId) !== photoId) continue;
    for (const tag of memberTags) if (!target.removedTags.has(tag)) tags.push(tag);
  }
  return tags;
}

/** The cover photo, or null when unset or no longer visible. */
export function albumCover(state: LibraryState, albumId: string): string | null {
  const cover = state.albums.get(albumId)?.cover?.value ?? null;
  return cover === null ? null : resolvePhotoId(state, cover);
}
