/**
 * Writes docs/test-vectors.json: inputs and outputs of every structure in docs/format.md, so an
 * independent implementation can be checked against ours. src/core/formatVectors.test.ts
 * verifies the committed file on every test run. Regenerate only when the format changes:
 *   npx tsx scripts/make-test-vectors.ts
 * (Encryption uses fresh random nonces, so each run writes different but equally valid vectors.)
 */
import { writeFile } from 'node:fs/promises';
import { KeyRole, wrapKey } from '../src/core/crypto/keys.ts';
import { derivePasswordKey, passwordBytes } from '../src/core/crypto/password.ts';
import { padme } from '../src/core/crypto/padme.ts';
import { fromHex, toHex } from '../src/core/crypto/random.ts';
import { ObjectKind, sealBytes } from '../src/core/crypto/sealed.ts';
import { createKeyBundle, encodeKeyBundle } from '../src/core/vault/keyBundle.ts';
import { recoveryWrappingKey } from '../src/core/vault/recoveryPhrase.ts';
import { vectorPlaintext } from '../src/core/formatVectors.ts';

// Fixed, obviously-fake inputs: anyone can re-derive everything but the random nonces.
const key = fromHex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const objectId = fromHex('a0a1a2a3a4a5a6a7a8a9aaabacadaeaf');
const albumId = fromHex('b0b1b2b3b4b5b6b7b8b9babbbcbdbebf');
const libraryId = fromHex('c0c1c2c3c4c5c6c7c8c9cacbcccdcecf');
const masterKey = fromHex('4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d');
const recoveryKey = fromHex('5252525252525252525252525252525252525252525252525252525252525252');
const smallKdf = { memoryKiB: 8192, iterations: 2, parallelism: 1 };
const password = 'correct horse battery staple ✓';

const sealed = [];
for (const [length, chunkExponent] of [
  [0, 16],
  [5, 16],
  [1000, 16],
  [65536 + 100, 16],
] as const) {
  const plaintext = vectorPlaintext(length);
  const binding = { kind: ObjectKind.thumbnail, objectId };
  sealed.push({
    key: toHex(key),
    kind: binding.kind,
    objectId: toHex(objectId),
    chunkExponent,
    plaintextLength: length,
    sealed: toHex(await sealBytes(key, plaintext, binding, { chunkExponent })),
  });
}

const { bundle, recoveryPhrase } = await createKeyBundle(password, smallKdf, {
  libraryId,
  masterKey,
  recoveryKey,
});

const vectors = {
  padme: [0, 1, 2, 9, 100, 1000, 65536, 1_000_000, 4_194_312].map((n) => [n, padme(n)]),
  argon2id: {
    password,
    passwordUtf8: toHex(passwordBytes(password)),
    salt: '00000000000000000000000000000000',
    ...smallKdf,
    key: toHex(await derivePasswordKey(password, new Uint8Array(16), smallKdf)),
  },
  kdf: {
    key: toHex(recoveryKey),
    context: 'PNHRECOV',
    subkeyId: 1,
    subkey: toHex(await recoveryWrappingKey(recoveryKey)),
  },
  wrappedKey: {
    wrappingKey: toHex(key),
    role: KeyRole.photoKeyUnderAlbumKey,
    subjectId: toHex(objectId),
    wrapperId: toHex(albumId),
    key: toHex(masterKey),
    wrapped: toHex(await wrapKey(key, masterKey, KeyRole.photoKeyUnderAlbumKey, objectId, albumId)),
  },
  keyBundle: {
    password,
    recoveryPhrase: recoveryPhrase.join(' '),
    recoveryKey: toHex(recoveryKey),
    bundle: toHex(await encodeKeyBundle(bundle)),
    masterKey: toHex(masterKey),
  },
  sealed,
};

await writeFile('docs/test-vectors.json', `${JSON.stringify(vectors, null, 2)}\n`);
console.log('wrote docs/test-vectors.json');
