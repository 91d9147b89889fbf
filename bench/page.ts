/**
 * The bench page: starts the bench workers and gives bench/run.ts one entry point per suite.
 * Every measurement runs in a worker, as the app's own heavy work does.
 */
import { wrap } from 'comlink';
import type { S3Location } from '../src/core/store/s3';
import type { CryptoOperation } from './cryptoBench';
import type { CryptoBenchApi } from './crypto.worker';
import type { LimitsApi } from './limits.worker';
import { median, megabytesPerSecond, timed } from './measure';

const limits = wrap<LimitsApi>(
  new Worker(new URL('./limits.worker.ts', import.meta.url), { type: 'module', name: 'limits' }),
);

const startCryptoWorker = () =>
  wrap<CryptoBenchApi>(
    new Worker(new URL('./crypto.worker.ts', import.meta.url), { type: 'module', name: 'crypto' }),
  );

export type Figures = Record<string, number>;

const photoMiB = 64;

/**
 * One crypto worker prepared once with the 64 MiB photo, for the crypto suite and, after it,
 * bench/cryptoCpuBench.ts (cryptoRepeat).
 */
let preparedWorker: Promise<ReturnType<typeof startCryptoWorker>> | undefined;
const preparedCryptoWorker = () =>
  (preparedWorker ??= (async () => {
    const worker = startCryptoWorker();
    await worker.prepare(photoMiB);
    return worker;
  })());

/**
 * sealBlob/openBlob of a 64 MiB photo-sized Blob in one worker, then in two at once, and
 * unlocking; each next to its raw ceiling timed in the same rounds (see cryptoBench.ts).
 */
async function cryptoSuite(): Promise<Figures> {
  const first = await preparedCryptoWorker();
  const second = startCryptoWorker();
  const one = await first.sealAndOpen();
  await second.prepare(photoMiB);
  await Promise.all([first.sealOnce(), second.sealOnce()]); // warm-up
  const pairs: number[] = [];
  for (let run = 0; run < 3; run++) {
    pairs.push(await timed(() => Promise.all([first.sealOnce(), second.sealOnce()])));
  }
  const twoWorkers = megabytesPerSecond(2 * one.bytes, median(pairs));
  // A fresh worker, as in the app, where unlocking happens before any photo is handled: the
  // first worker's heap is full of 64 MiB buffers whose garbage collection would land in it.
  const unlock = await startCryptoWorker().unlockTime();
  return {
    'crypto.encrypt_mb_s': megabytesPerSecond(one.bytes, one.sealMs),
    'crypto.decrypt_mb_s': megabytesPerSecond(one.bytes, one.openMs),
    'crypto.encrypt_ratio': one.encryptRatio,
    'crypto.decrypt_ratio': one.decryptRatio,
    // The same calls with the bytes in memory, no Blob read or built (cryptoBench.ts inMemoryIo).
    'crypto.encrypt_in_memory_ratio': one.inMemoryEncryptRatio,
    'crypto.decrypt_in_memory_ratio': one.inMemoryDecryptRatio,
    'crypto.encrypt_2w_mb_s': twoWorkers,
    // Against one thread of raw secretstream, timed in the same worker just before.
    'crypto.encrypt_2w_ratio': twoWorkers / megabytesPerSecond(one.bytes, one.rawEncryptMs),
    'crypto.unlock_ms': unlock.unlockMs,
    'crypto.unlock_ratio': unlock.ratio,
  };
}

export const pinholeBench = {
  secretstreamLimit: (): Promise<Figures> => limits.secretstreamLimit(),
  argon2idLimit: (): Promise<Figures> => limits.argon2idLimit(),
  jpegDecodeLimit: (): Promise<Figures> => limits.jpegDecodeLimit(),
  idbPutBlobLimit: (): Promise<Figures> => limits.idbPutBlobLimit(),
  s3PutLimit: (location: S3Location): Promise<Figures> => limits.s3PutLimit(location),
  crypto: cryptoSuite,
  /** `times` runs of one crypto operation on the 64 MiB photo; milliseconds each. */
  cryptoRepeat: async (operation: CryptoOperation, times: number): Promise<number[]> =>
    (await preparedCryptoWorker()).repeat(operation, times),
  /**
   * The import ceiling, and its 12-MP test JPEG for importBench.ts to write to disk (Playwright
   * carries a Uint8Array to Node as one).
   */
  importLimit: async (): Promise<{ figures: Figures; jpeg: Uint8Array }> => {
    const { figures, jpeg } = await limits.importLimit();
    Object.assign(figures, await limits.importWorkPhotoMs(jpeg));
    return { figures, jpeg: new Uint8Array(await jpeg.arrayBuffer()) };
  },
};

export type PinholeBench = typeof pinholeBench;

declare global {
  interface Window {
    pinholeBench?: PinholeBench;
  }
}

window.pinholeBench = pinholeBench;
