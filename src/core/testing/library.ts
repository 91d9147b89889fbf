/** Test helpers for libraries in fake-indexeddb: a fresh database and keys, photos to add. */
import { newId, newKey } from '../crypto/keys';
import { randomBytes, toHex } from '../crypto/random';
import { deriveLibraryKeys, wrapPhotoKey, type LibraryKeys } from '../library/libraryKeys';
import type { PhotoAdded } from '../library/operations';
import type { PhotoInfo, PhotoObjects } from '../library/photoInfo';
import { openPinholeDatabase, type PinholeDatabase } from '../storage/db';
import { createKeyBundle, encodeKeyBundle } from '../vault/keyBundle';

let databases = 0;

export interface TestLibrary {
  db: PinholeDatabase;
  keys: LibraryKeys;
  masterKey: Uint8Array<ArrayBuffer>;
  libraryId: Uint8Array<ArrayBuffer>;
}

/** Cheap Argon2id for tests (the real default takes a second and 256 MiB). */
export const testKdf = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 };

/**
 * A library in a fresh database, with its key bundle stored as the vault stores it; `of` makes
 * another device of the same library (same keys, its own database and device id).
 */
export async function newTestLibrary(of?: TestLibrary): Promise<TestLibrary> {
  const db = await openPinholeDatabase(`library-test-${String(++databases)}`);
  const masterKey = of?.masterKey ?? newKey();
  const libraryId = of?.libraryId ?? newId();
  const { bundle } = await createKeyBundle('test password', testKdf, {
    libraryId: libraryId.slice(),
    masterKey: masterKey.slice(),
  });
  await db.put('vault', await encodeKeyBundle(bundle), 'key-bundle');
  // Copies: deriveLibraryKeys keeps the master key it is given, and a session wipes it.
  const keys = await deriveLibraryKeys(masterKey.slice(), libraryId.slice());
  return { db, keys, masterKey, libraryId };
}

/** A photoAdded as the import writes it, taken at `local` (camera time, 'YYYY-MM-DDTHH:MM:SS'). */
export async function photoAddedDraft(
  keys: LibraryKeys,
  local: string,
  extra: Partial<PhotoInfo> = {},
): Promise<Omit<PhotoAdded, 'id' | 'at' | 'deviceId'> & { objects: PhotoObjects }> {
  const photoId = toHex(randomBytes(16));
  const info: PhotoInfo = {
    kind: 'image',
    mime: 'image/jpeg',
    fileName: `IMG_${local.slice(0, 10)}.jpg`,
    folder: 'Holiday in Lisbon',
    size: 1234,
    fileModifiedMs: 0,
    width: 4000,
    height: 3000,
    takenAt: { local, offsetMinutes: null, utcMs: null, source: 'exif' },
    gps: { latitude: 38.71316, longitude: -9.13914 },
    camera: { make: 'FUJIFILM', model: 'X-T30 Secret Model' },
    lens: null,
    exposure: null,
    durationS: null,
    placeholder: 'AAAA',
    key: await wrapPhotoKey(keys, photoId, newKey()),
    objects: { original: toHex(newId()), preview: toHex(newId()), thumbnail: toHex(newId()) },
    ...extra,
  };
  const contentHash = toHex(randomBytes(32));
  return { type: 'photoAdded', photoId, contentHash, info: { ...info }, objects: info.objects };
}
