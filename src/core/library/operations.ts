/**
 * The library's operations: every change a device makes is one of these, appended to that
 * device's encrypted log. Other devices' logs are decrypted and parsed here, so parseOperation
 * trusts nothing: a bug or a stale app version on another device must not corrupt this one.
 */
import { randomBytes, toHex } from '../crypto/random';
import { type Hlc, isHlc, isValidDeviceId } from './hlc';

interface OperationBase {
  /** 16 random bytes as lowercase hex; also the OR-set tag of an albumPhotoAdded. */
  readonly id: string;
  readonly at: Hlc;
  /** The device whose log holds the operation; always equal to at.deviceId. */
  readonly deviceId: string;
}

export type PhotoAdded = OperationBase & {
  readonly type: 'photoAdded';
  readonly photoId: string;
  /** Keyed hash (hex) of the original's bytes, for de-duplication across devices. */
  readonly contentHash: string;
  /** Metadata fields (taken time, size, camera...), opaque here. */
  readonly info: Readonly<Record<string, unknown>>;
};
export type PhotoInfoEdited = OperationBase & {
  readonly type: 'photoInfoEdited';
  readonly photoId: string;
  readonly field: string;
  readonly value: unknown;
};
export type FavouriteSet = OperationBase & {
  readonly type: 'favouriteSet';
  readonly photoId: string;
  readonly favourite: boolean;
};
export type ArchivedSet = OperationBase & {
  readonly type: 'archivedSet';
  readonly photoId: string;
  readonly archived: boolean;
};
export type Trashed = OperationBase & { readonly type: 'trashed'; readonly photoId: string };
export type Restored = OperationBase & { readonly type: 'restored'; readonly photoId: string };
export type PhotoDeleted = OperationBase & {
  readonly type: 'photoDeleted';
  readonly photoId: string;
};
export type AlbumCreated = OperationBase & {
  readonly type: 'albumCreated';
  readonly albumId: string;
  readonly name: string;
};
export type AlbumRenamed = OperationBase & {
  readonly type: 'albumRenamed';
  readonly albumId: string;
  readonly name: string;
};
export type AlbumCoverSet = OperationBase & {
  readonly type: 'albumCoverSet';
  readonly albumId: string;
  readonly photoId: string | null;
};
export type AlbumDeleted = OperationBase & {
  readonly type: 'albumDeleted';
  readonly albumId: string;
};
export type AlbumPhotoAdded = OperationBase & {
  readonly type: 'albumPhotoAdded';
  readonly albumId: string;
  readonly photoId: string;
};
export type AlbumPhotoRemoved = OperationBase & {
  readonly type: 'albumPhotoRemoved';
  readonly albumId: string;
  readonly photoId: string;
  /** Ids of the albumPhotoAdded operations the remover had seen: only those are undone. */
  readonly removedTags: readonly string[];
};

export type Operation =
  | PhotoAdded
  | PhotoInfoEdited
  | FavouriteSet
  | ArchivedSet
  | Trashed
  | Restored
  | PhotoDeleted
  | AlbumCreated
  | AlbumRenamed
  | AlbumCoverSet
  | AlbumDeleted
  | AlbumPhotoAdded
  | AlbumPhotoRemoved;

export type OperationType = Operation['type'];

export class InvalidOperationError extends Error {
  override name = 'InvalidOperationError';
}

const OPERATION_ID = /^[0-9a-f]{32}$/;
/** Photo and album ids: random, URL-safe, bounded. */
const SUBJECT_ID = /^[0-9A-Za-z_-]{1,64}$/;
const CONTENT_HASH = /^[0-9a-f]{32,128}$/;
const MAX_NAME_LENGTH = 500;
const MAX_FIELD_LENGTH = 100;

export function newOperationId(): string {
  return toHex(randomBytes(16));
}

type Fields = Record<string, unknown>;
type Check = (value: unknown) => boolean;

// The checks of each field, shared with snapshots from other devices (snapshot.ts).
export const isSubjectId: Check = (v) => typeof v === 'string' && SUBJECT_ID.test(v);
export const isOperationId: Check = (v) => typeof v === 'string' && OPERATION_ID.test(v);
export const isContentHash: Check = (v) => typeof v === 'string' && CONTENT_HASH.test(v);
const isBoolean: Check = (v) => typeof v === 'boolean';
export const isName: Check = (v) => typeof v === 'string' && v.length <= MAX_NAME_LENGTH;
const isPlainRecord: Check = (v) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && isJsonValue(v);
export const isField: Check = (v) =>
  typeof v === 'string' && v.length > 0 && v.length <= MAX_FIELD_LENGTH && v !== '__proto__';

/** Only what JSON can carry: the value must survive the round trip through the log unchanged. */
export function isJsonValue(value: unknown, depth = 0): boolean {
  if (depth > 16) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (typeof value !== 'object') return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every((item) => isJsonValue(item, depth + 1));
}

/** The fields each operation type carries beyond id, at, deviceId and type. */
const SCHEMAS: Record<OperationType, Record<string, Check>> = {
  photoAdded: {
    photoId: isSubjectId,
    contentHash: isContentHash,
    info: isPlainRecord,
  },
  photoInfoEdited: { photoId: isSubjectId, field: isField, value: (v) => isJsonValue(v) },
  favouriteSet: { photoId: isSubjectId, favourite: isBoolean },
  archivedSet: { photoId: isSubjectId, archived: isBoolean },
  trashed: { photoId: isSubjectId },
  restored: { photoId: isSubjectId },
  photoDeleted: { photoId: isSubjectId },
  albumCreated: { albumId: isSubjectId, name: isName },
  albumRenamed: { albumId: isSubjectId, name: isName },
  albumCoverSet: { albumId: isSubjectId, photoId: (v) => v === null || isSubjectId(v) },
  albumDeleted: { albumId: isSubjectId },
  albumPhotoAdded: { albumId: isSubjectId, photoId: isSubjectId },
  albumPhotoRemoved: {
    albumId: isSubjectId,
    photoId: isSubjectId,
    removedTags: (v) => Array.isArray(v) && v.every(isOperationId),
  },
};

function fail(message: string): never {
  throw new InvalidOperationError(`invalid operation: ${message}`);
}

function isOperationType(value: unknown): value is OperationType {
  return typeof value === 'string' && Object.hasOwn(SCHEMAS, value);
}

/**
 * Checks a value decoded from a log and returns a fresh, frozen copy holding only the known
 * fields (unknown extra fields are dropped, so nothing unchecked reaches the state).
 */
export function parseOperation(value: unknown): Operation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('not an object');
  const fields = value as Fields;
  if (!isOperationType(fields.type))
    fail(
      `unknown type ${typeof fields.type === 'string' ? fields.type.slice(0, 40) : typeof fields.type}`,
    );
  if (!isOperationId(fields.id)) fail('id must be 32 lowercase hex digits');
  if (!isHlc(fields.at)) fail('at is not a valid HLC timestamp');
  if (!isValidDeviceId(fields.deviceId) || fields.deviceId !== fields.at.deviceId) {
    fail('deviceId must be valid and equal to at.deviceId');
  }
  const { wallMs, counter, deviceId } = fields.at;
  const parsed: Fields = { type: fields.type, id: fields.id, at: { wallMs, counter, deviceId } };
  parsed.deviceId = deviceId;
  for (const [name, check] of Object.entries(SCHEMAS[fields.type])) {
    if (!Object.hasOwn(fields, name)) fail(`${fields.type} is missing ${name}`);
    if (!check(fields[name])) fail(`${fields.type} has a malformed ${name}`);
    parsed[name] = structuredClone(fields[name]);
  }
  // Every field of the type's schema was checked above, so the cast is sound.
  return deepFreeze(parsed) as unknown as Operation;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
