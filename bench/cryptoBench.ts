/**
 * The app's own crypto path, measured in a worker: sealBlob/openBlob (Blob in, Blob out, 4 MiB
 * chunks, padding included) and unlocking a real vault at the default Argon2id parameters.
 */
import { BlobIoClient } from '../src/core/crypto/blobIo';
import { newId, newKey } from '../src/core/crypto/keys';
import { randomBytes } from '../src/core/crypto/random';
import { ObjectKind, openBlob, sealBlob } from '../src/core/crypto/sealed';
import { openPinholeDatabase } from '../src/core/storage/db';
import { Vault } from '../src/core/vault/vault';
import { VaultStore } from '../src/core/vault/vaultStore';
import { median, timed } from './measure';

const MiB = 1024 * 1024;
const binding = { kind: ObjectKind.original, objectId: newId() };
const key = newKey();
let photo = new Blob();
// As the app's workers do: Blob reads and writes on a helper thread, encryption on this one.
const io = new BlobIoClient(
  new Worker(new URL('../workers/blob-io.worker.ts', import.meta.url), { type: 'module' }),
);
let sealed = new Blob();

/** Makes this worker's photo-sized input (random, so nothing compresses). */
export async function prepare(sizeMiB: number): Promise<void> {
  photo = new Blob([randomBytes(sizeMiB * MiB)]);
  sealed = await sealBlob(key, photo, binding, { io });
}

/** One sealBlob of the prepared photo; milliseconds. Reads the result so it is really written. */
export async function sealOnce(): Promise<number> {
  return timed(async () => {
    sealed = await sealBlob(key, photo, binding, { io });
  });
}

export async function openOnce(): Promise<number> {
  return timed(async () => {
    const opened = await openBlob(key, sealed, binding, { io });
    if (opened.size !== photo.size) throw new Error('opened size differs');
  });
}

export async function sealAndOpen(
  runs = 5,
): Promise<{ sealMs: number; openMs: number; bytes: number }> {
  await sealOnce();
  await openOnce(); // warm-up
  const seal: number[] = [];
  const open: number[] = [];
  for (let run = 0; run < runs; run++) {
    seal.push(await sealOnce());
    open.push(await openOnce());
  }
  return { sealMs: median(seal), openMs: median(open), bytes: photo.size };
}

/** Password to unlocked master key with the app's Vault at its default parameters. */
export async function unlockTime(runs = 3): Promise<number> {
  const databaseName = `pinhole-bench-vault-${Date.now()}`;
  const vault = new Vault(new VaultStore(openPinholeDatabase(databaseName)));
  const password = 'bench: correct horse battery staple';
  const { recoveryPhrase, confirmPositions } = await vault.beginCreateVault(password);
  await vault.completeCreateVault(
    confirmPositions.map((i) => recoveryPhrase[i] ?? ''),
    false,
  );
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    await vault.lock();
    times.push(await timed(() => vault.unlock(password, false)));
  }
  await vault.lock();
  return median(times);
}
