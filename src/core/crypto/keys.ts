/**
 * Keys and key wrapping (docs/format.md, "Wrapped key"). Every key is 32 random bytes. A wrapped
 * key is XChaCha20-Poly1305 (IETF AEAD) under its wrapping key, with additional data that names
 * its role and the ids of the key and its wrapper, so a wrapped key cannot be moved elsewhere.
 */
import { concatBytes, randomBytes } from './random';
import { loadSodium } from './sodium';

export const keyBytes = 32;
const idBytes = 16;
const nonceBytes = 24;
const tagBytes = 16;
/** 72: nonce, then the key encrypted with its tag. */
export const wrappedKeyBytes = nonceBytes + keyBytes + tagBytes;

/** What a wrapped key is, bound into its additional data. Never renumber. */
export const KeyRole = {
  albumKeyUnderMasterKey: 1,
  photoKeyUnderAlbumKey: 2,
  masterKeyUnderPasswordKey: 3,
  masterKeyUnderRecoveryKey: 4,
  /** A photo's key in its photoAdded operation, under the master key (wrapper id: library id). */
  photoKeyUnderMasterKey: 5,
} as const;
export type KeyRole = (typeof KeyRole)[keyof typeof KeyRole];

const wrapMagic = new Uint8Array([0x50, 0x4e, 0x48, 0x57]); // "PNHW"
const wrapVersion = 1;
const noId = new Uint8Array(idBytes);

/** A key did not unwrap: the wrapping key is wrong, or the wrapped bytes were changed or moved. */
export class KeyUnwrapError extends Error {
  override readonly name = 'KeyUnwrapError';
}

export const newKey = (): Uint8Array<ArrayBuffer> => randomBytes(keyBytes);
export const newId = (): Uint8Array<ArrayBuffer> => randomBytes(idBytes);

/** Additional data: "PNHW" || version || role || subject id (16) || wrapper id (16). */
function wrapAdditionalData(role: KeyRole, subjectId: Uint8Array, wrapperId: Uint8Array) {
  if (subjectId.length !== idBytes || wrapperId.length !== idBytes) {
    throw new RangeError('key ids are 16 bytes');
  }
  const ad = new Uint8Array(38);
  ad.set(wrapMagic, 0);
  ad[4] = wrapVersion;
  ad[5] = role;
  ad.set(subjectId, 6);
  ad.set(wrapperId, 22);
  return ad;
}

/** Wraps `key` (whose id is `subjectId`) under `wrappingKey` (whose id is `wrapperId`). */
export async function wrapKey(
  wrappingKey: Uint8Array,
  key: Uint8Array,
  role: KeyRole,
  subjectId: Uint8Array,
  wrapperId: Uint8Array = noId,
): Promise<Uint8Array<ArrayBuffer>> {
  if (key.length !== keyBytes) throw new RangeError('keys are 32 bytes');
  const sodium = await loadSodium();
  const nonce = randomBytes(nonceBytes);
  const sealed = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
    key,
    wrapAdditionalData(role, subjectId, wrapperId),
    null,
    nonce,
    wrappingKey,
  );
  return concatBytes([nonce, sealed]);
}

export async function unwrapKey(
  wrappingKey: Uint8Array,
  wrapped: Uint8Array,
  role: KeyRole,
  subjectId: Uint8Array,
  wrapperId: Uint8Array = noId,
): Promise<Uint8Array<ArrayBuffer>> {
  if (wrapped.length !== wrappedKeyBytes) {
    throw new KeyUnwrapError(`a wrapped key is ${wrappedKeyBytes} bytes`);
  }
  const sodium = await loadSodium();
  try {
    const key = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      wrapped.subarray(nonceBytes),
      wrapAdditionalData(role, subjectId, wrapperId),
      wrapped.subarray(0, nonceBytes),
      wrappingKey,
    );
    // libsodium.js copies every output out of wasm memory into a new Uint8Array of its own.
    return key as Uint8Array<ArrayBuffer>;
  } catch {
    throw new KeyUnwrapError('the key did not unwrap (wrong wrapping key, or changed or moved)');
  }
}

/**
 * A purpose-specific key derived from another: libsodium's crypto_kdf_derive_from_key (BLAKE2b
 * keyed with `key`, personalised with the 8-character `context`, salted with `subkeyId`).
 */
export async function deriveSubkey(
  key: Uint8Array,
  context: string,
  subkeyId: number,
): Promise<Uint8Array> {
  if (context.length !== 8) throw new RangeError('KDF contexts are 8 characters');
  const sodium = await loadSodium();
  return sodium.crypto_kdf_derive_from_key(keyBytes, subkeyId, context, key);
}

/** Overwrites key material that is no longer needed. */
export function wipe(...keys: (Uint8Array | null | undefined)[]): void {
  // What libsodium-wrappers' memzero does too: JavaScript cannot pin or lock memory.
  for (const key of keys) key?.fill(0);
}
