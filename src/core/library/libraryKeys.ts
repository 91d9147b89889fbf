/**
 * The keys an unlocked library works with, all derived from the master key (docs/format.md,
 * "Derived keys"), and the object ids derived from them. Lives in the crypto worker; only the
 * content-hash key is handed on, to the import workers.
 */
import { deriveSubkey, KeyRole, keyBytes, unwrapKey, wipe, wrapKey } from '../crypto/keys';
import { fromHex, toHex } from '../crypto/random';
import { objectIdBytes } from '../crypto/sealed';
import { loadSodium } from '../crypto/sodium';

/** crypto_kdf contexts (8 characters each) and subkey ids. Never change. */
const CONTEXT = {
  contentHash: 'pnhdedup',
  log: 'pnhoplog',
  index: 'pnhindex',
  objectIds: 'pnhobjid',
} as const;

export interface LibraryKeys {
  libraryId: Uint8Array;
  masterKey: Uint8Array;
  /** Keys the BLAKE3 hash that recognises duplicate photos (contentHash.ts). */
  contentHashKey: Uint8Array;
  /** Seals this device's operation log records. */
  logKey: Uint8Array;
  /** Seals the timeline index, the snapshot and the import journal. */
  indexKey: Uint8Array;
  /** Keys the BLAKE2b that names derived objects (objectIdFor). */
  objectIdKey: Uint8Array;
}

export async function deriveLibraryKeys(
  masterKey: Uint8Array,
  libraryId: Uint8Array,
): Promise<LibraryKeys> {
  return {
    libraryId: libraryId.slice(),
    masterKey,
    contentHashKey: await deriveSubkey(masterKey, CONTEXT.contentHash, 1),
    logKey: await deriveSubkey(masterKey, CONTEXT.log, 1),
    indexKey: await deriveSubkey(masterKey, CONTEXT.index, 1),
    objectIdKey: await deriveSubkey(masterKey, CONTEXT.objectIds, 1),
  };
}

/** Wipes the derived keys (the master key belongs to the vault, which wipes it). */
export function wipeLibraryKeys(keys: LibraryKeys): void {
  wipe(keys.contentHashKey, keys.logKey, keys.indexKey, keys.objectIdKey);
}

/**
 * The 16-byte id of an object whose name is fixed by what it is ('index-head', 'month 2019-09',
 * 'log <device> <seq>'): keyed BLAKE2b, so the name means nothing to anyone without the key,
 * and a record moved to another name no longer opens.
 */
export async function objectIdFor(keys: LibraryKeys, label: string): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_generichash(objectIdBytes, sodium.from_string(label), keys.objectIdKey);
}

/** A photo id as the 16 bytes bound into its wrapped key (photo ids are 32 hex digits). */
function photoIdBytes(photoId: string): Uint8Array {
  const bytes = fromHex(photoId);
  if (bytes.length !== 16) throw new RangeError('photo ids are 16 bytes (32 hex digits)');
  return bytes;
}

export async function wrapPhotoKey(
  keys: LibraryKeys,
  photoId: string,
  photoKey: Uint8Array,
): Promise<string> {
  if (photoKey.length !== keyBytes) throw new RangeError('photo keys are 32 bytes');
  const wrapped = await wrapKey(
    keys.masterKey,
    photoKey,
    KeyRole.photoKeyUnderMasterKey,
    photoIdBytes(photoId),
    keys.libraryId,
  );
  return toHex(wrapped);
}

export async function unwrapPhotoKey(
  keys: LibraryKeys,
  photoId: string,
  wrappedHex: string,
): Promise<Uint8Array> {
  return unwrapKey(
    keys.masterKey,
    fromHex(wrappedHex),
    KeyRole.photoKeyUnderMasterKey,
    photoIdBytes(photoId),
    keys.libraryId,
  );
}
