import 'fake-indexeddb/auto';
import { validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { describe, expect, it } from 'vitest';
import { KeyRole, newId, newKey, unwrapKey, wrapKey } from '../crypto/keys';
import { derivePasswordKeyAdaptive, type derivePasswordKey } from '../crypto/password';
import { randomBytes } from '../crypto/random';
import { ObjectKind, openBytes, sealBytes } from '../crypto/sealed';
import { openPinholeDatabase } from '../storage/db';
import { VaultErrorName } from './types';
import { Vault } from './vault';
import { VaultStore } from './vaultStore';

// Fast Argon2id for unit tests; the defaults (256 MiB, t=3) are measured by `npm run bench`.
const testKdf = { memoryKiB: 8 * 1024, iterations: 1, parallelism: 1 };
let databases = 0;

function newVault() {
  const store = new VaultStore(openPinholeDatabase(`vault-test-${++databases}`));
  return { vault: new Vault(store, testKdf), store };
}

async function createdVault(password = 'correct horse battery staple') {
  const { vault, store } = newVault();
  const { recoveryPhrase, confirmPositions } = await vault.beginCreateVault(password);
  await vault.completeCreateVault(
    confirmPositions.map((i) => recoveryPhrase[i] ?? ''),
    false,
  );
  return { vault, store, recoveryPhrase, password };
}

async function errorName(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'no error',
    (error: unknown) => (error instanceof Error ? error.name : String(error)),
  );
}

describe('creating a library', () => {
  it('shows a 24-word phrase and saves nothing until three of its words are typed back', async () => {
    const { vault, store } = newVault();
    const pending = await vault.beginCreateVault('a long enough passphrase');
    expect(pending.recoveryPhrase).toHaveLength(24);
    expect(pending.confirmPositions).toHaveLength(3);
    expect(await store.keyBundle()).toBeUndefined();

    expect(await errorName(vault.completeCreateVault(['wrong', 'words', 'here'], false))).toBe(
      VaultErrorName.recoveryConfirmation,
    );
    const words = pending.confirmPositions.map((i) => ` ${pending.recoveryPhrase[i] ?? ''} `);
    await vault.completeCreateVault(
      words.map((word) => word.toUpperCase()),
      false,
    );
    expect(await vault.vaultStatus()).toMatchObject({ exists: true, unlocked: true });
    expect(await errorName(vault.beginCreateVault('another'))).toBe(VaultErrorName.vaultExists);
  });
});

describe('unlocking and locking', () => {
  it('a wrong password is named as such; locking wipes the master key', async () => {
    const { vault, password } = await createdVault();
    const masterKey = vault.masterKey();
    const copy = masterKey.slice();
    await vault.lock();
    expect(masterKey.every((byte) => byte === 0)).toBe(true);
    expect(() => vault.masterKey()).toThrow(
      expect.objectContaining({ name: VaultErrorName.locked }),
    );
    expect(await errorName(vault.unlock('not it', false))).toBe(VaultErrorName.wrongPassword);
    await vault.unlock(password, false);
    expect(vault.masterKey()).toEqual(copy);
  });

  it('a damaged key bundle is reported as damage, never as a wrong password', async () => {
    const { vault, store, password } = await createdVault();
    const bundle = (await store.keyBundle()) ?? new Uint8Array();
    for (const at of [0, 4, 10, 25, 40, 60, 150, 200, 222]) {
      const damaged = bundle.slice();
      damaged[at] = (damaged[at] ?? 0) ^ 0x10;
      await store.saveKeyBundle(damaged);
      expect(await errorName(vault.unlock(password, false)), `byte ${at}`).toBe(
        VaultErrorName.corruptKeyBundle,
      );
    }
    await store.saveKeyBundle(bundle.subarray(0, 200));
    expect(await errorName(vault.unlock(password, false))).toBe(VaultErrorName.corruptKeyBundle);
  });

  it('"stay unlocked on this device" reopens without a password until Lock', async () => {
    const { vault, store, password } = await createdVault();
    const masterKey = vault.masterKey().slice();
    await vault.unlock(password, true);
    const record = await store.deviceUnlock();
    expect(record?.deviceKey.extractable).toBe(false);

    const reopened = new Vault(store, testKdf); // a new tab
    expect(await reopened.resumeOnDevice()).toBe(true);
    expect(reopened.masterKey()).toEqual(masterKey);
    await reopened.lock();
    expect(await new Vault(store, testKdf).resumeOnDevice()).toBe(false);
  });

  it('a damaged device record is forgotten; the password still opens the library', async () => {
    const { vault, store, password } = await createdVault();
    await vault.unlock(password, true);
    const record = await store.deviceUnlock();
    if (!record) throw new Error('no device record');
    const damaged = record.wrappedMasterKey.slice();
    damaged[0] = (damaged[0] ?? 0) ^ 1;
    await store.saveDeviceUnlock({ ...record, wrappedMasterKey: damaged });
    const reopened = new Vault(store, testKdf);
    expect(await reopened.resumeOnDevice()).toBe(false);
    expect(await store.deviceUnlock()).toBeUndefined();
    await reopened.unlock(password, false);
  });

  it('creating and recovering can keep the library unlocked on this device', async () => {
    const { vault, store } = newVault();
    const pending = await vault.beginCreateVault('remember me here');
    await vault.completeCreateVault(
      pending.confirmPositions.map((i) => pending.recoveryPhrase[i] ?? ''),
      true,
    );
    expect(await new Vault(store, testKdf).resumeOnDevice()).toBe(true);
    await vault.lock();
    await vault.recoverWithPhrase(pending.recoveryPhrase.join(' '), 'new one', true);
    expect(await new Vault(store, testKdf).resumeOnDevice()).toBe(true);
  });
});

describe('joining a library from another device', () => {
  it("opens another device's key bundle with the password and saves it here", async () => {
    const { vault: first, store: firstStore, password } = await createdVault();
    const bundle = (await firstStore.keyBundle()) ?? new Uint8Array();
    const { vault: second, store: secondStore } = newVault();
    expect(await errorName(second.joinVault(bundle, 'not it', false))).toBe(
      VaultErrorName.wrongPassword,
    );
    expect(await secondStore.keyBundle()).toBeUndefined();
    const damaged = bundle.slice();
    damaged[40] = (damaged[40] ?? 0) ^ 1;
    expect(await errorName(second.joinVault(damaged, password, false))).toBe(
      VaultErrorName.corruptKeyBundle,
    );
    await second.joinVault(bundle, password, false);
    expect(second.masterKey()).toEqual(first.masterKey());
    expect(await secondStore.keyBundle()).toEqual(bundle);
    expect(await errorName(second.joinVault(bundle, password, false))).toBe(
      VaultErrorName.vaultExists,
    );
  });
});

describe('changing the password and recovering keep every key usable', () => {
  it('album and photo keys wrapped before still open the photo after both', async () => {
    const { vault, recoveryPhrase, password } = await createdVault();
    const albumId = newId();
    const photoId = newId();
    const albumKey = newKey();
    const photoKey = newKey();
    const wrappedAlbumKey = await wrapKey(
      vault.masterKey(),
      albumKey,
      KeyRole.albumKeyUnderMasterKey,
      albumId,
    );
    const wrappedPhotoKey = await wrapKey(
      albumKey,
      photoKey,
      KeyRole.photoKeyUnderAlbumKey,
      photoId,
      albumId,
    );
    const binding = { kind: ObjectKind.original, objectId: photoId };
    const photo = randomBytes(1000);
    const sealedPhoto = await sealBytes(photoKey, photo, binding);

    const openPhoto = async (v: Vault) => {
      const album = await unwrapKey(
        v.masterKey(),
        wrappedAlbumKey,
        KeyRole.albumKeyUnderMasterKey,
        albumId,
      );
      const key = await unwrapKey(
        album,
        wrappedPhotoKey,
        KeyRole.photoKeyUnderAlbumKey,
        photoId,
        albumId,
      );
      return openBytes(key, sealedPhoto, binding);
    };

    expect(await errorName(vault.changePassword('wrong current', 'x'))).toBe(
      VaultErrorName.wrongPassword,
    );
    await vault.changePassword(password, 'a brand new passphrase');
    await vault.lock();
    expect(await errorName(vault.unlock(password, false))).toBe(VaultErrorName.wrongPassword);
    await vault.unlock('a brand new passphrase', false);
    expect(await openPhoto(vault)).toEqual(photo);

    await vault.lock();
    await vault.recoverWithPhrase(recoveryPhrase.join(' '), 'after recovery', false);
    expect(await openPhoto(vault)).toEqual(photo);
    await vault.lock();
    await vault.unlock('after recovery', false);
    expect(await openPhoto(vault)).toEqual(photo);
  });

  it('a wrapped key moved to another photo or album does not unwrap', async () => {
    const albumKey = newKey();
    const [photoId, otherPhoto, albumId] = [newId(), newId(), newId()];
    const wrapped = await wrapKey(
      albumKey,
      newKey(),
      KeyRole.photoKeyUnderAlbumKey,
      photoId,
      albumId,
    );
    await expect(
      unwrapKey(albumKey, wrapped, KeyRole.photoKeyUnderAlbumKey, otherPhoto, albumId),
    ).rejects.toThrow(/did not unwrap/);
    await expect(
      unwrapKey(albumKey, wrapped, KeyRole.albumKeyUnderMasterKey, photoId, albumId),
    ).rejects.toThrow(/did not unwrap/);
  });
});

describe('recovery phrase errors say what is wrong', () => {
  it('word count, unknown word, checksum, and a phrase of another library', async () => {
    const { vault, recoveryPhrase } = await createdVault();
    await vault.lock();
    const recover = (phrase: string) => vault.recoverWithPhrase(phrase, 'new', false);
    await expect(recover(recoveryPhrase.slice(0, 23).join(' '))).rejects.toThrow(/24 words.*23/);
    const typo = [...recoveryPhrase];
    typo[4] = 'zzzz';
    await expect(recover(typo.join(' '))).rejects.toThrow(/Word 5 \("zzzz"\)/);
    // Real words, wrong checksum: the last word carries the checksum, so pick one that breaks it
    // (a random swap of two words keeps a valid checksum once in 256 tries).
    const badChecksum = [...recoveryPhrase];
    badChecksum[23] =
      wordlist.find(
        (word) => !validateMnemonic([...recoveryPhrase.slice(0, 23), word].join(' '), wordlist),
      ) ?? '';
    await expect(recover(badChecksum.join(' '))).rejects.toThrow(/checksum/);
    expect(await errorName(recover(badChecksum.join(' ')))).toBe(
      VaultErrorName.invalidRecoveryPhrase,
    );
    const other = await createdVault();
    expect(await errorName(recover(other.recoveryPhrase.join(' ')))).toBe(
      VaultErrorName.wrongRecoveryPhrase,
    );
    // Numbered, comma-separated, mixed case: still the phrase.
    await recover(recoveryPhrase.map((word, i) => `${i + 1}. ${word.toUpperCase()}`).join(', '));
    expect((await vault.vaultStatus()).unlocked).toBe(true);
  });
});

describe('Argon2id parameters', () => {
  it('halve memory and double iterations when allocation fails, never below 64 MiB', async () => {
    const tried: number[] = [];
    const failAbove = (limitKiB: number) =>
      ((_password, _salt, params) => {
        tried.push(params.memoryKiB);
        if (params.memoryKiB > limitKiB)
          return Promise.reject(new RangeError('WebAssembly.Memory(): could not allocate memory'));
        return Promise.resolve(new Uint8Array(32));
      }) as typeof derivePasswordKey;

    const result = await derivePasswordKeyAdaptive(
      'pw',
      randomBytes(16),
      undefined,
      failAbove(64 * 1024),
    );
    expect(result.params).toEqual({ memoryKiB: 64 * 1024, iterations: 12, parallelism: 1 });
    expect(tried).toEqual([262144, 131072, 65536]);

    await expect(
      derivePasswordKeyAdaptive('pw', randomBytes(16), undefined, failAbove(32 * 1024)),
    ).rejects.toThrow(RangeError);
  });
});
