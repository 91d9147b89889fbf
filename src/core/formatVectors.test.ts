/** Verifies docs/test-vectors.json, the vectors of docs/format.md, against this implementation. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { deriveSubkey, unwrapKey, type KeyRole } from './crypto/keys';
import { padme } from './crypto/padme';
import { derivePasswordKey, passwordBytes } from './crypto/password';
import { fromHex, toHex } from './crypto/random';
import { openBytes, type ObjectKind } from './crypto/sealed';
import { vectorPlaintext } from './formatVectors';
import {
  decodeKeyBundle,
  openKeyBundleWithPassword,
  openKeyBundleWithRecoveryPhrase,
} from './vault/keyBundle';

interface Vectors {
  padme: [number, number][];
  argon2id: {
    password: string;
    passwordUtf8: string;
    salt: string;
    memoryKiB: number;
    iterations: number;
    parallelism: number;
    key: string;
  };
  kdf: { key: string; context: string; subkeyId: number; subkey: string };
  wrappedKey: {
    wrappingKey: string;
    role: KeyRole;
    subjectId: string;
    wrapperId: string;
    key: string;
    wrapped: string;
  };
  keyBundle: {
    password: string;
    recoveryPhrase: string;
    bundle: string;
    masterKey: string;
  };
  sealed: {
    key: string;
    kind: ObjectKind;
    objectId: string;
    plaintextLength: number;
    sealed: string;
  }[];
}

const vectors = JSON.parse(
  await readFile(new URL('../../docs/test-vectors.json', import.meta.url), 'utf8'),
) as Vectors;

describe('docs/test-vectors.json', () => {
  it('Padmé', () => {
    for (const [length, padded] of vectors.padme) expect(padme(length)).toBe(padded);
  });

  it('Argon2id password key (UTF-8 of the NFC form)', async () => {
    const v = vectors.argon2id;
    expect(toHex(passwordBytes(v.password))).toBe(v.passwordUtf8);
    expect(toHex(await derivePasswordKey(v.password, fromHex(v.salt), v))).toBe(v.key);
  });

  it('subkey derivation', async () => {
    const v = vectors.kdf;
    expect(toHex(await deriveSubkey(fromHex(v.key), v.context, v.subkeyId))).toBe(v.subkey);
  });

  it('wrapped key', async () => {
    const v = vectors.wrappedKey;
    const key = await unwrapKey(
      fromHex(v.wrappingKey),
      fromHex(v.wrapped),
      v.role,
      fromHex(v.subjectId),
      fromHex(v.wrapperId),
    );
    expect(toHex(key)).toBe(v.key);
  });

  it('key bundle, opened with the password and with the recovery phrase', async () => {
    const v = vectors.keyBundle;
    const bundle = await decodeKeyBundle(fromHex(v.bundle));
    expect(toHex(await openKeyBundleWithPassword(bundle, v.password))).toBe(v.masterKey);
    expect(toHex(await openKeyBundleWithRecoveryPhrase(bundle, v.recoveryPhrase))).toBe(
      v.masterKey,
    );
  });

  it('sealed objects, including one of two chunks', async () => {
    expect(vectors.sealed.length).toBeGreaterThanOrEqual(4);
    for (const v of vectors.sealed) {
      const opened = await openBytes(fromHex(v.key), fromHex(v.sealed), {
        kind: v.kind,
        objectId: fromHex(v.objectId),
      });
      expect(opened).toEqual(vectorPlaintext(v.plaintextLength));
    }
  });
});
