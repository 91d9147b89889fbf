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
  defaultArgon2idParams,
  derivePasswordKey,
  derivePasswordKeyAdaptive,
  saltBytes,
  type Argon2idParams,
} from '../crypto/password';
import { randomBytes } from '../crypto/random';
import { loadSodium } from '../crypto/sodium';
import { VaultError, corruptKeyBundle, wrongPassword } from './errors';
import {
  recoveryKeyFromPhrase,
  recoveryPhraseFromKey,
  recoveryWrappingKey,
} from './recoveryPhrase';
import { VaultErrorName } from './types';

export interface KeyBundle {
  libraryId: Uint8Array;
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
export const keyBundleBytes = 223;
const checksummed = keyBundleBytes - checksumBytes;

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
  const sodium = await loadSodium();
  bytes.set(sodium.crypto_generichash(checksumBytes, bytes.subarray(0, checksummed), null), 191);
  return bytes;
}

/** Parses and checks a bundle; anything malformed is reported as damage, never as a wrong password. */
export async function decodeKeyBundle(bytes: Uint8Array): Promise<KeyBundle> {
  if (bytes.length !== keyBundleBytes) {
    throw corruptKeyBundle(`it is ${bytes.length} bytes long instead of ${keyBundleBytes}`);
  }
  if (!bundleMagic.every((byte, i) => bytes[i] === byte)) throw corruptKeyBundle('bad magic bytes');
  const sodium = await loadSodium();
  const checksum = sodium.crypto_generichash(checksumBytes, bytes.subarray(0, checksummed), null);
  if (!sodium.memcmp(checksum, bytes.subarray(checksummed))) {
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

/** A new library's keys: a random master key, wrapped under the password and a recovery key. */
export async function createKeyBundle(
  password: string,
  params: Argon2idParams = defaultArgon2idParams,
): Promise<{ bundle: KeyBundle; masterKey: Uint8Array; recoveryPhrase: string[] }> {
  const libraryId = newId();
  const masterKey = newKey();
  const recoveryKey = newKey();
  const recoveryKek = await recoveryWrappingKey(recoveryKey);
  const recoveryWrap = await wrapKey(
    recoveryKek,
    masterKey,
    KeyRole.masterKeyUnderRecoveryKey,
    libraryId,
  );
  const recoveryPhrase = recoveryPhraseFromKey(recoveryKey);
  await wipe(recoveryKey, recoveryKek);
  const bundle = await rewrapForPassword(
    {
      libraryId,
      kdf: params,
      salt: new Uint8Array(saltBytes),
      passwordWrap: new Uint8Array(),
      recoveryWrap,
    },
    masterKey,
    password,
    params,
  );
  return { bundle, masterKey, recoveryPhrase };
}

/** The same bundle with the master key wrapped under a new password (new salt); photos untouched. */
export async function rewrapForPassword(
  bundle: KeyBundle,
  masterKey: Uint8Array,
  newPassword: string,
  params: Argon2idParams = defaultArgon2idParams,
): Promise<KeyBundle> {
  const salt = randomBytes(saltBytes);
  const derived = await derivePasswordKeyAdaptive(newPassword, salt, params);
  const passwordWrap = await wrapKey(
    derived.key,
    masterKey,
    KeyRole.masterKeyUnderPasswordKey,
    bundle.libraryId,
  );
  await wipe(derived.key);
  return { ...bundle, kdf: derived.params, salt, passwordWrap };
}

/**
 * Unwraps the master key with a key derived from what the person typed, then wipes that key.
 * An unwrap failure means the password or phrase is not this library's: `wrongSecret` names it.
 */
async function unwrapMasterKey(
  bundle: KeyBundle,
  wrappingKey: Uint8Array,
  wrap: 'password' | 'recovery',
  wrongSecret: () => VaultError,
  alsoWipe: Uint8Array[] = [],
): Promise<Uint8Array> {
  try {
    return await unwrapKey(
      wrappingKey,
      wrap === 'password' ? bundle.passwordWrap : bundle.recoveryWrap,
      wrap === 'password' ? KeyRole.masterKeyUnderPasswordKey : KeyRole.masterKeyUnderRecoveryKey,
      bundle.libraryId,
    );
  } catch (error) {
    if (error instanceof KeyUnwrapError) throw wrongSecret();
    throw error;
  } finally {
    await wipe(wrappingKey, ...alsoWipe);
  }
}

export async function openKeyBundleWithPassword(
  bundle: KeyBundle,
  password: string,
): Promise<Uint8Array> {
  const passwordKey = await derivePasswordKey(password, bundle.salt, bundle.kdf);
  return unwrapMasterKey(bundle, passwordKey, 'password', wrongPassword);
}

export async function openKeyBundleWithRecoveryPhrase(
  bundle: KeyBundle,
  phrase: string,
): Promise<Uint8Array> {
  const recoveryKey = recoveryKeyFromPhrase(phrase);
  const recoveryKek = await recoveryWrappingKey(recoveryKey);
  const wrongPhrase = () =>
    new VaultError(
      VaultErrorName.wrongRecoveryPhrase,
      'That is a valid recovery phrase, but not the one of this library.',
    );
  return unwrapMasterKey(bundle, recoveryKek, 'recovery', wrongPhrase, [recoveryKey]);
}
