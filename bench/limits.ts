/**
 * The speed ceilings the app's own figures are compared with, measured with the raw libraries and
 * browser APIs on this machine in the same run. Runs in a Web Worker (bench/limits.worker.ts).
 */
import { argon2id, createBLAKE3 } from 'hash-wasm';
import { openDB } from 'idb';
import { defaultArgon2idParams } from '../src/core/crypto/password';
import { defaultChunkExponent } from '../src/core/crypto/sealed';
import { loadSodium, Secretstream, type Sodium } from '../src/core/crypto/sodium';
import {
  fitWithin,
  PREVIEW_LONG_SIDE,
  PREVIEW_QUALITY,
  THUMBNAIL_LONG_SIDE,
  THUMBNAIL_QUALITY,
} from '../src/core/media/derivatives';
import { presignObjectUrl, type S3Location } from '../src/core/store/s3';
import { randomBytes } from '../src/core/crypto/random';
import { ImportWork } from '../src/core/import/importWork';
import { megabytesPerSecond, median, timed } from './measure';

const MiB = 1024 * 1024;

/**
 * Raw secretstream over `bytes` in the app's chunks (1 << defaultChunkExponent bytes, the last
 * one tagged final), through the primitive the app uses (sodium.ts: libsodium's wasm exports on
 * buffers kept in its heap), each sealed chunk copied into `sealed`, arrays made once and then
 * reused: the least work that takes bytes from JavaScript memory and leaves them there. Returns
 * the stream header.
 */
function encryptChunks(
  sodium: Sodium,
  key: Uint8Array,
  bytes: Uint8Array,
  sealed: Uint8Array[],
): Uint8Array {
  const chunkSize = 1 << defaultChunkExponent;
  const { stream, header } = Secretstream.push(sodium, key, 0);
  try {
    for (let at = 0, index = 0; at < bytes.length; at += chunkSize, index++) {
      const plain = bytes.subarray(at, at + chunkSize);
      stream.input(plain.length).set(plain);
      const last = at + chunkSize >= bytes.length;
      const piece = stream.push(
        plain.length,
        last
          ? sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
          : sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
      );
      let into = sealed[index];
      if (into?.length !== piece.length) sealed[index] = into = new Uint8Array(piece.length);
      into.set(piece);
    }
  } finally {
    stream.close();
  }
  return header;
}

/**
 * Raw secretstream XChaCha20-Poly1305 over `sizeMiB` of random data in the app's chunks, in
 * memory: the crypto ceiling. Returns one-shot timers so other suites can pair it with the app's
 * path.
 */
export async function rawSecretstream(sizeMiB = 64) {
  const sodium = await loadSodium();
  // Not sodium.randombytes_buf: its wasm build fetches entropy 4 bytes per call (slow to fill 64 MiB).
  const bytes = randomBytes(sizeMiB * MiB);
  const key = randomBytes(32);
  let header: Uint8Array = new Uint8Array();
  const sealed: Uint8Array[] = [];
  const opened: Uint8Array[] = [];
  const encrypt = (): void => {
    header = encryptChunks(sodium, key, bytes, sealed);
  };
  const decrypt = (): void => {
    const stream = Secretstream.pull(sodium, key, header, 0);
    try {
      sealed.forEach((piece, index) => {
        stream.input(piece.length).set(piece);
        const plain = stream.pull(piece.length);
        if (!plain) throw new Error('secretstream limit: a chunk failed to decrypt');
        let into = opened[index];
        if (into?.length !== plain.message.length) {
          opened[index] = into = new Uint8Array(plain.message.length);
        }
        into.set(plain.message);
      });
    } finally {
      stream.close();
    }
  };
  encrypt();
  decrypt(); // warm-up
  return {
    bytes: sizeMiB * MiB,
    encryptMs: () => timed(encrypt),
    decryptMs: () => timed(decrypt),
  };
}

export async function secretstreamLimit(runs = 5): Promise<Record<string, number>> {
  const raw = await rawSecretstream();
  const encryptMs: number[] = [];
  const decryptMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    encryptMs.push(await raw.encryptMs());
    decryptMs.push(await raw.decryptMs());
  }
  return {
    'limit.secretstream_encrypt_mb_s': megabytesPerSecond(raw.bytes, median(encryptMs)),
    'limit.secretstream_decrypt_mb_s': megabytesPerSecond(raw.bytes, median(decryptMs)),
  };
}

/** One raw Argon2id derivation at the app's default parameters (256 MiB, t=3, p=1). */
export const rawArgon2id = () =>
  argon2id({
    password: 'correct horse battery staple',
    salt: crypto.getRandomValues(new Uint8Array(16)),
    iterations: defaultArgon2idParams.iterations,
    parallelism: defaultArgon2idParams.parallelism,
    memorySize: defaultArgon2idParams.memoryKiB,
    hashLength: 32,
    outputType: 'binary',
  });

/** Argon2id at the app's default parameters, hash-wasm, in a worker. */
export async function argon2idLimit(runs = 3): Promise<Record<string, number>> {
  await rawArgon2id(); // warm-up: wasm compile and the first 256 MiB allocation
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push(await timed(rawArgon2id));
  return { 'limit.argon2id_256mib_ms': median(times) };
}

/**
 * A photo-like 4000x3000 JPEG (gradients, shapes and sensor-like noise, ~3-5 MB), made here so the
 * bench needs no fixture files.
 */
export async function makeTestJpeg(width = 4000, height = 3000): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('OffscreenCanvas 2d context unavailable');
  const gradient = context.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, '#3a6ea5');
  gradient.addColorStop(0.5, '#e0c080');
  gradient.addColorStop(1, '#2f4f2f');
  context.fillStyle = gradient;
  context.fillRect(0, 0, width, height);
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  for (let i = 0; i < 3000; i++) {
    context.fillStyle = `hsla(${random() * 360}, 60%, ${30 + random() * 40}%, 0.35)`;
    context.beginPath();
    context.arc(random() * width, random() * height, 5 + random() * 200, 0, Math.PI * 2);
    context.fill();
  }
  const pixels = context.getImageData(0, 0, width, height);
  for (let i = 0; i < pixels.data.length; i += 4) {
    const noise = (random() - 0.5) * 24;
    pixels.data[i] = (pixels.data[i] ?? 0) + noise;
    pixels.data[i + 1] = (pixels.data[i + 1] ?? 0) + noise;
    pixels.data[i + 2] = (pixels.data[i + 2] ?? 0) + noise;
  }
  context.putImageData(pixels, 0, 0);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
}

/** Full decode of a 12-MP JPEG with createImageBitmap: the ceiling of every image step. */
export async function jpegDecodeLimit(runs = 5): Promise<Record<string, number>> {
  const jpeg = await makeTestJpeg();
  const decode = async (): Promise<void> => {
    const bitmap = await createImageBitmap(jpeg);
    if (bitmap.width !== 4000) throw new Error('unexpected decode size');
    bitmap.close();
  };
  await decode(); // warm-up
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push(await timed(decode));
  return { 'limit.jpeg12mp_decode_ms': median(times), 'limit.jpeg12mp_bytes': jpeg.size };
}

/** IndexedDB: 200 x 1 MiB Blobs put in one transaction (on-disk profile). */
export async function idbPutBlobLimit(runs = 3): Promise<Record<string, number>> {
  const count = 200;
  const blobs = Array.from({ length: count }, () => new Blob([randomBytes(MiB)]));
  const db = await openDB('pinhole-bench-limits', 1, {
    upgrade(database) {
      database.createObjectStore('blobs');
    },
  });
  const putAll = async (): Promise<void> => {
    const transaction = db.transaction('blobs', 'readwrite');
    await Promise.all([
      ...blobs.map((blob, i) => transaction.store.put(blob, i)),
      transaction.done,
    ]);
  };
  await putAll(); // warm-up
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    await db.clear('blobs');
    times.push(await timed(putAll));
  }
  await db.clear('blobs');
  db.close();
  return { 'limit.idb_put_blob_mb_s': megabytesPerSecond(count * MiB, median(times)) };
}

/** Presigned PUTs of 1 MB Blobs, 4 in parallel, to the local store: the upload ceiling. */
export async function s3PutLimit(location: S3Location, runs = 5): Promise<Record<string, number>> {
  const count = 200;
  const size = 1_000_000;
  const parallel = 4;
  const body = new Blob([randomBytes(size)]);
  const uploadAll = async (prefix: string): Promise<void> => {
    // Signing happens before the clock starts: the ceiling is the transfer, not our signing.
    const urls = await Promise.all(
      Array.from({ length: count }, (_, i) => presignObjectUrl(location, 'PUT', `${prefix}/${i}`)),
    );
    const elapsed = await timed(async () => {
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < urls.length) {
          const url = urls[next++];
          if (url === undefined) return;
          const response = await fetch(url, { method: 'PUT', body });
          if (!response.ok) throw new Error(`PUT failed: HTTP ${response.status}`);
        }
      };
      await Promise.all(Array.from({ length: parallel }, lane));
    });
    times.push(elapsed);
    // Not left in the bucket: every run would add 50 MB to the local store.
    for (let i = 0; i < count; i++) {
      const url = await presignObjectUrl(location, 'DELETE', `${prefix}/${i}`);
      await fetch(url, { method: 'DELETE' });
    }
  };
  const times: number[] = [];
  await uploadAll(`bench/limit-warmup-${Date.now()}`);
  times.length = 0;
  for (let run = 0; run < runs; run++) await uploadAll(`bench/limit-${Date.now()}-${run}`);
  return { 'limit.s3_put_mb_s': megabytesPerSecond(count * size, median(times)) };
}

/** A canvas of `source` drawn at `width` x `height`, as the app's derivatives are. */
function drawn(source: CanvasImageSource, width: number, height: number): OffscreenCanvas {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('OffscreenCanvas 2d context unavailable');
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, 0, 0, width, height);
  return canvas;
}

/**
 * The import ceiling: the raw browser and library steps one 12-MP photo needs (decode, 2048 px
 * JPEG preview, 512 px WebP thumbnail, keyed BLAKE3, secretstream), each timed on its own, medians summed;
 * `cores` such photos at once. Returns the JPEG too, for the import bench to repeat on disk.
 */
export async function importLimit(
  runs = 5,
): Promise<{ figures: Record<string, number>; jpeg: Blob }> {
  const jpeg = await makeTestJpeg();
  const bytes = new Uint8Array(await jpeg.arrayBuffer());
  const key = randomBytes(32);
  const sodium = await loadSodium();
  const sealed: Uint8Array[] = [];
  const steps = {
    decode: [] as number[],
    preview: [] as number[],
    thumbnail: [] as number[],
    hash: [] as number[],
    encrypt: [] as number[],
  };
  for (let run = 0; run <= runs; run++) {
    let bitmap: ImageBitmap | undefined;
    let preview: OffscreenCanvas | undefined;
    const decode = await timed(async () => {
      bitmap = await createImageBitmap(jpeg, { imageOrientation: 'from-image' });
    });
    const previewMs = await timed(async () => {
      if (!bitmap) throw new Error('no bitmap');
      const size = fitWithin(bitmap.width, bitmap.height, PREVIEW_LONG_SIDE);
      preview = drawn(bitmap, size.width, size.height);
      await preview.convertToBlob({ type: 'image/jpeg', quality: PREVIEW_QUALITY });
    });
    bitmap?.close();
    const thumbnailMs = await timed(async () => {
      if (!preview) throw new Error('no preview');
      const size = fitWithin(preview.width, preview.height, THUMBNAIL_LONG_SIDE);
      await drawn(preview, size.width, size.height).convertToBlob({
        type: 'image/webp',
        quality: THUMBNAIL_QUALITY,
      });
    });
    const hash = await timed(async () => {
      const blake3 = await createBLAKE3(256, key);
      blake3.init();
      blake3.update(bytes);
      blake3.digest('binary');
    });
    const encrypt = await timed(() => encryptChunks(sodium, key, bytes, sealed));
    if (run === 0) continue; // warm-up
    steps.decode.push(decode);
    steps.preview.push(previewMs);
    steps.thumbnail.push(thumbnailMs);
    steps.hash.push(hash);
    steps.encrypt.push(encrypt);
  }
  const perPhotoMs = Object.values(steps).reduce((sum, times) => sum + median(times), 0);
  const cores = navigator.hardwareConcurrency || 1;
  return {
    jpeg,
    figures: {
      'limit.import_decode_ms': median(steps.decode),
      'limit.import_preview_ms': median(steps.preview),
      'limit.import_thumbnail_ms': median(steps.thumbnail),
      'limit.import_hash_ms': median(steps.hash),
      'limit.import_encrypt_ms': median(steps.encrypt),
      'limit.import_cores': cores,
      'import.limit_photos_per_s': (cores * 1000) / perPhotoMs,
    },
  };
}

/**
 * The app's own per-photo work (ImportWork.stage then process) on the same 12-MP JPEG in this
 * worker, without IndexedDB, the coordinator or the page: what separates import.photos_per_s
 * from its ceiling inside the worker, and what is left to the rest of the pipeline.
 */
export async function importWorkPhotoMs(jpeg: Blob, runs = 5): Promise<Record<string, number>> {
  const work = new ImportWork();
  work.setContentHashKey(randomBytes(32));
  const file = new File([jpeg], 'bench.jpg', { type: 'image/jpeg' });
  const stages: number[] = [];
  const processes: number[] = [];
  for (let run = 0; run <= runs; run++) {
    let staged: Awaited<ReturnType<ImportWork['stage']>> | undefined;
    const stage = await timed(async () => {
      staged = await work.stage(file);
    });
    const process = await timed(async () => {
      if (!staged) throw new Error('not staged');
      await work.process({
        plain: file,
        type: staged.type,
        photoKey: staged.photoKey,
        fileModifiedMs: file.lastModified,
      });
    });
    if (run === 0) continue;
    stages.push(stage);
    processes.push(process);
  }
  return {
    'import.worker_stage_ms': median(stages),
    'import.worker_process_ms': median(processes),
  };
}
