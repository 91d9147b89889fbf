/**
 * The key bundle (docs/format.md, "Key bundle"): everything needed to unlock a library on any
 * device with the password or the recovery phrase, and nothing readable without one of them.
 * 223 bytes; a BLAKE2b checksum tells a damaged bundle from a wrong password.
 */
import {
  KeyRole,
  newId,
  newKey,
  unwrapKey,
  wipe,
  wrapKey,
  wrappedKeyBytes,
  KeyUnwrapError,
} from '../crypto/keys';
import {
  derivePasswordKey,
  derivePasswordKeyAdaptive,
  saltBytes,
  type Argon2idParams,
} from '../crypto/password';
import { bytesEqual, randomBytes } from '../crypto/random';
import { loadSodium } from '../crypto/sodium';
import { corruptKeyBundle, wrongPassword, wrongRecoveryPhrase, type VaultError } from './errors';
import {
  recoveryKeyFromPhrase,
  recoveryPhraseFromKey,
  recoveryWrappingKey,
} from './recoveryPhrase';

export interface KeyBundle {
  libraryId: Uint8Array<ArrayBuffer>;
  kdf: Argon2idParams;
  salt: Uint8Array;
  /** The master key wrapped under the password key. */
  passwordWrap: Uint8Array;
  /** The master key wrapped under the recovery key. */
  recoveryWrap: Uint8Array;
}

const bundleMagic = new Uint8Array([0x50, 0x4e, 0x48, 0x42]); // "PNHB"
const bundleVersion = 1;
const kdfArgon2id13 = 1;
const checksumBytes = 32;
const keyBundleBytes = 223;
const checksummed = keyBundleBytes - checksumBytes;

/** BLAKE2b-256 of a bundle's bytes before the checksum. */
async function checksumOf(bundleBytes: Uint8Array): Promise<Uint8Array> {
  const sodium = await loadSodium();
  return sodium.crypto_generichash(checksumBytes, bundleBytes.subarray(0, checksummed), null);
}

export async function encodeKeyBundle(bundle: KeyBundle): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = new Uint8Array(keyBundleBytes);
  const view = new DataView(bytes.buffer);
  bytes.set(bundleMagic, 0);
  bytes[4] = bundleVersion;
  bytes.set(bundle.libraryId, 5);
  bytes[21] = kdfArgon2id13;
  view.setUint32(22, bundle.kdf.memoryKiB, true);
  view.setUint32(26, bundle.kdf.iterations, true);
  bytes[30] = bundle.kdf.parallelism;
  bytes.set(bundle.salt, 31);
  bytes.set(bundle.passwordWrap, 47);
  bytes.set(bundle.recoveryWrap, 119);
  bytes.set(await checksumOf(bytes), checksummed);
  return bytes;
}

/** Parses and checks a bundle; anything malformed is reported as damage, never as a wrong password. */
export async function decodeKeyBundle(bytes: Uint8Array): Promise<KeyBundle> {
  if (bytes.length !== keyBundleBytes) {
    throw corruptKeyBundle(`it is ${bytes.length} bytes long instead of ${keyBundleBytes}`);
  }
  if (!bytesEqual(bytes.subarray(0, bundleMagic.length), bundleMagic)) {
    throw corruptKeyBundle('bad magic bytes');
  }
  const sodium = await loadSodium();
  if (!sodium.memcmp(await checksumOf(bytes), bytes.subarray(checksummed))) {
    throw corruptKeyBundle('its checksum does not match its contents');
  }
  if (bytes[4] !== bundleVersion) throw corruptKeyBundle(`unsupported version ${bytes[4]}`);
  if (bytes[21] !== kdfArgon2id13) throw corruptKeyBundle(`unknown key derivation ${bytes[21]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kdf = {
    memoryKiB: view.getUint32(22, true),
    iterations: view.getUint32(26, true),
    parallelism: bytes[30] ?? 0,
  };
  if (kdf.parallelism < 1 || kdf.iterations < 1 || kdf.memoryKiB < 8 * kdf.parallelism) {
    throw corruptKeyBundle('its Argon2id parameters are out of range');
  }
  return {
    libraryId: bytes.slice(5, 21),
    kdf,
    salt: bytes.slice(31, 47),
    passwordWrap: bytes.slice(47, 47 + wrappedKeyBytes),
    recoveryWrap: bytes.slice(119, 119 + wrappedKeyBytes),
  };
}

/** The master key wrapped under a new password: a new salt, and the parameters that worked. */
export async function wrapForPassword(
  masterKey: Uint8Array,
  libraryId: Uint8Array,
  password: string,
  params?: Argon2idParams,
): Promise<Pick<KeyBundle, 'kdf' | 'salt' | 'passwordWrap'>> {
  const salt = randomBytes(saltBytes);
  const derived = await derivePasswordKeyAdaptive(password, salt, params);
  const passwordWrap = await wrapKey(
    derived.key,
    masterKey,
    KeyRole.masterKeyUnderPasswordKey,
    libraryId,
  );
  wipe(derived.key);
  return { kdf: derived.params, salt, passwordWrap };
}

/**
 * A new library's keys: a master key wrapped under the password and under a recovery key. The
 * keys and id are random unless given (the test vectors use fixed ones); given keys are not wiped.
 */
export async function createKeyBundle(
  password: string,
  params?: Argon2idParams,
  given: {
    libraryId?: Uint8Array<ArrayBuffer>;
    masterKey?: Uint8Array<ArrayBuffer>;
    recoveryKey?: Uint8Array;
  } = {},
): Promise<{ bundle: KeyBundle; masterKey: Uint8Array<ArrayBuffer>; recoveryPhrase: string[] }> {
  const { libraryId = newId(), masterKey = newKey() } = given;
  const recoveryKey = given.recoveryKey ?? newKey();
  const recoveryKek = await recoveryWrappingKey(recoveryKey);
  const recoveryWrap = await wrapKey(
    recoveryKek,
    masterKey,
    KeyRole.masterKeyUnderRecoveryKey,
    libraryId,
  );
  const recoveryPhrase = recoveryPhraseFromKey(recoveryKey);
  wipe(recoveryKek, given.recoveryKey ? null : recoveryKey);
  const bundle = {
    libraryId,
    ...(await wrapForPassword(masterKey, libraryId, password, params)),
    recoveryWrap,
  };
  return { bundle, masterKey, recoveryPhrase };
}

/** The same bundle with the master key wrapped under a new password (new salt); photos untouched. */
export async function rewrapForPassword(
  bundle: KeyBundle,
  masterKey: Uint8Array,
  newPassword: string,
  params?: Argon2idParams,
): Promise<KeyBundle> {
  return {
    ...bundle,
    ...(await wrapForPassword(masterKey, bundle.libraryId, newPassword, params)),
  };
}

/**
 * Unwraps the master key with a key derived from what the person typed, then wipes that key.
 * An unwrap failure means the password or phrase is not this library's: `wrongSecret` names it.
 */
async function unwrapMasterKey(
  wrappingKey: Uint8Array,
  wrapped: Uint8Array,
  role: KeyRole,
  libraryId: Uint8Array,
  wrongSecret: () => VaultError,
  alsoWipe: Uint8Array[] = [],
): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return await unwrapKey(wrappingKey, wrapped, role, libraryId);
  } catch (error) {
    if (error instanceof KeyUnwrapError) throw wrongSecret();
    throw error;
  } finally {
    wipe(wrappingKey, ...alsoWipe);
  }
}

export async function openKeyBundleWithPassword(
  bundle: KeyBundle,
  password: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const passwordKey = await derivePasswordKey(password, bundle.salt, bundle.kdf);
  return unwrapMasterKey(
    passwordKey,
    bundle.passwordWrap,
    KeyRole.masterKeyUnderPasswordKey,
    bundle.libraryId,
    wrongPassword,
  );
}

export async function openKeyBundleWithRecoveryPhrase(
  bundle: KeyBundle,
  phrase: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const recoveryKey = recoveryKeyFromPhrase(phrase);
  const recoveryKek = await recoveryWrappingKey(recoveryKey);
  return unwrapMasterKey(
    recoveryKek,
    bundle.recoveryWrap,
    KeyRole.masterKeyUnderRecoveryKey,
    bundle.libraryId,
    wrongRecoveryPhrase,
    [recoveryKey],
  );
}
