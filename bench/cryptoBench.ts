/**
 * The app's own crypto path, measured in a worker: sealBlob/openBlob exactly as the app calls
 * them (Blob in, Blob out, 4 MiB chunks, padding included; Blob reads and writes on the worker's
 * own Blob I/O helper thread, which sealBlob starts) and unlocking a real vault at the default
 * Argon2id parameters.
 */
import { newId, newKey } from '../src/core/crypto/keys';
import { randomBytes } from '../src/core/crypto/random';
import { bytesSource, type BlobIo } from '../src/core/crypto/byteSources';
import { ObjectKind, openBlob, sealBlob } from '../src/core/crypto/sealed';
import { openPinholeDatabase } from '../src/core/storage/db';
import { Vault } from '../src/core/vault/vault';
import { VaultStore } from '../src/core/vault/vaultStore';
import { rawArgon2id, rawSecretstream } from './limits';
import { median, timed } from './measure';

const MiB = 1024 * 1024;
const binding = { kind: ObjectKind.original, objectId: newId() };
const key = newKey();
let photo = new Blob();
let sealed = new Blob();
/** The same bytes in memory, for the path without Blobs. */
let photoBytes = new Uint8Array();
let sealedBytes = new Uint8Array();

/**
 * Blob I/O that never touches a Blob: reads are views of bytes in memory and pieces are copied
 * into arrays made once, as the raw ceiling does. sealBlob/openBlob through it run all of the
 * app's own code (header, length, padding, binding, chunk loop) and none of Chromium's Blob
 * handling: what is left of the gap to the ceiling is the app's, the rest is the Blobs'.
 */
function inMemoryIo(bytes: Uint8Array): BlobIo {
  const pieces: Uint8Array[] = [];
  return {
    source: () => bytesSource(bytes),
    sink: () => {
      let index = 0;
      return {
        add: (piece) => {
          let into = pieces[index];
          if (into?.length !== piece.length) pieces[index] = into = new Uint8Array(piece.length);
          into.set(piece);
          index++;
        },
        finish: () => Promise.resolve(new Blob()),
      };
    },
  };
}

let rawCeiling: Promise<Awaited<ReturnType<typeof rawSecretstream>>> | undefined;
/** Raw secretstream over bytes of the prepared photo's size, made once per worker. */
const ceiling = () => {
  if (photo.size === 0) throw new Error('prepare() the photo first');
  return (rawCeiling ??= rawSecretstream(photo.size / MiB));
};

/** Makes this worker's photo-sized input (random, so nothing compresses). */
export async function prepare(sizeMiB: number): Promise<void> {
  photoBytes = randomBytes(sizeMiB * MiB);
  photo = new Blob([photoBytes]);
  sealed = await sealBlob(key, photo, binding);
  sealedBytes = new Uint8Array(await sealed.arrayBuffer());
}

/** One sealBlob of the prepared photo; milliseconds, until the sealed Blob is returned. */
export async function sealOnce(): Promise<number> {
  return timed(async () => {
    sealed = await sealBlob(key, photo, binding);
  });
}

export async function openOnce(): Promise<number> {
  return timed(async () => {
    const opened = await openBlob(key, sealed, binding);
    if (opened.size !== photo.size) throw new Error('opened size differs');
  });
}

/** sealBlob and openBlob of the same bytes through inMemoryIo (no Blob read or built). */
function inMemory() {
  const [sealIo, openIo] = [inMemoryIo(photoBytes), inMemoryIo(sealedBytes)];
  return {
    sealMs: () => timed(() => sealBlob(key, photo, binding, { io: sealIo })),
    openMs: () => timed(() => openBlob(key, sealed, binding, { io: openIo })),
  };
}

/** Times `a` and `b` back to back, `a` first in even rounds and `b` first in odd ones. */
async function pair(round: number, a: () => Promise<number>, b: () => Promise<number>) {
  if (round % 2 === 0) {
    const first = await a();
    return [first, await b()] as const;
  }
  const second = await b();
  return [await a(), second] as const;
}

/**
 * The app's seal/open next to raw secretstream, timed back to back in each round so the noise
 * of a shared machine hits both alike; ratios are medians of the per-round ratios.
 */
export async function sealAndOpen(rounds = 6) {
  const { encryptMs, decryptMs } = await ceiling();
  const memory = inMemory();
  await sealOnce();
  await openOnce(); // warm-up
  await memory.sealMs();
  await memory.openMs();
  const rows: { rawEnc: number; seal: number; rawDec: number; open: number }[] = [];
  const memoryRows: { rawEnc: number; seal: number; rawDec: number; open: number }[] = [];
  for (let round = 0; round < rounds; round++) {
    const [rawEnc, seal] = await pair(round, encryptMs, sealOnce);
    const [rawDec, open] = await pair(round, decryptMs, openOnce);
    rows.push({ rawEnc, seal, rawDec, open });
    const [memoryRawEnc, memorySeal] = await pair(round, encryptMs, memory.sealMs);
    const [memoryRawDec, memoryOpen] = await pair(round, decryptMs, memory.openMs);
    memoryRows.push({
      rawEnc: memoryRawEnc,
      seal: memorySeal,
      rawDec: memoryRawDec,
      open: memoryOpen,
    });
  }
  return {
    bytes: photo.size,
    sealMs: median(rows.map((row) => row.seal)),
    openMs: median(rows.map((row) => row.open)),
    rawEncryptMs: median(rows.map((row) => row.rawEnc)),
    // The app's speed over raw speed on the same bytes: raw time over the app's time.
    encryptRatio: median(rows.map((row) => row.rawEnc / row.seal)),
    decryptRatio: median(rows.map((row) => row.rawDec / row.open)),
    inMemoryEncryptRatio: median(memoryRows.map((row) => row.rawEnc / row.seal)),
    inMemoryDecryptRatio: median(memoryRows.map((row) => row.rawDec / row.open)),
  };
}

/** What `repeat` runs: the app's seal and open, or the raw ceiling's. */
export type CryptoOperation = 'seal' | 'open' | 'rawEncrypt' | 'rawDecrypt';

/**
 * `times` runs of one operation back to back, milliseconds each: for bench/cryptoCpuBench.ts,
 * which counts the CPU all of Chromium spends meanwhile.
 */
export async function repeat(operation: CryptoOperation, times: number): Promise<number[]> {
  const { encryptMs, decryptMs } = await ceiling();
  const run = { seal: sealOnce, open: openOnce, rawEncrypt: encryptMs, rawDecrypt: decryptMs }[
    operation
  ];
  const milliseconds: number[] = [];
  for (let index = 0; index < times; index++) milliseconds.push(await run());
  return milliseconds;
}

/** Password to unlocked master key with the app's Vault, paired with raw Argon2id per round. */
export async function unlockTime(rounds = 7): Promise<{ unlockMs: number; ratio: number }> {
  const databaseName = `pinhole-bench-vault-${Date.now()}`;
  const vault = new Vault(new VaultStore(openPinholeDatabase(databaseName)));
  const password = 'bench: correct horse battery staple';
  const { recoveryPhrase, confirmPositions } = await vault.beginCreateVault(password);
  await vault.completeCreateVault(
    confirmPositions.map((i) => recoveryPhrase[i] ?? ''),
    false,
  );
  const rows: { raw: number; unlock: number }[] = [];
  const unlockOnce = async () => {
    await vault.lock();
    return timed(() => vault.unlock(password, false));
  };
  for (let round = 0; round < rounds; round++) {
    const [raw, unlock] = await pair(round, () => timed(rawArgon2id), unlockOnce);
    rows.push({ raw, unlock });
  }
  await vault.lock();
  return {
    unlockMs: median(rows.map((row) => row.unlock)),
    ratio: median(rows.map((row) => row.unlock / row.raw)),
  };
}
