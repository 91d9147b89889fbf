import { describe, expect, it } from 'vitest';
import { ciphertextMutator } from '../testing/mutations';
import { bytesSource } from './byteSources';
import { DecryptionError, type DecryptionFailure } from './errors';
import { randomBytes } from './random';
import {
  ObjectKind,
  objectHeaderBytes,
  openBlob,
  openBytes,
  sealBlob,
  sealBytes,
  sealedLayout,
  sealObject,
  type ObjectBinding,
} from './sealed';

const MiB = 1024 * 1024;
const chunk = 4 * MiB;
const key = randomBytes(32);
const original: ObjectBinding = { kind: ObjectKind.original, objectId: randomBytes(16) };

async function rejection(promise: Promise<unknown>): Promise<DecryptionFailure> {
  const error: unknown = await promise.then(
    () => new Error('opened, but should have been rejected'),
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DecryptionError)) throw error;
  return error.failure;
}

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const copy = bytes.slice();
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

describe('sealed objects round-trip at chunk boundaries', () => {
  // 5 chunks + 3 bytes also crosses the 16 MiB read windows of blobSource.
  const sizes = [
    0,
    1,
    chunk - 9,
    chunk - 8,
    chunk - 7,
    chunk - 1,
    chunk,
    chunk + 1,
    3 * chunk,
    5 * chunk + 3,
  ];
  for (const size of sizes) {
    it(`${size} bytes, through Blobs`, async () => {
      const plain = randomBytes(size);
      const sealed = await sealBlob(key, new Blob([plain]), original);
      expect(sealed.size).toBe(sealedLayout(size).sealedSize);
      const opened = new Uint8Array(await (await openBlob(key, sealed, original)).arrayBuffer());
      expect(opened.length).toBe(size);
      expect(Buffer.compare(opened, plain)).toBe(0);
    });
  }

  it('small items in memory, with the same format', async () => {
    const plain = new TextEncoder().encode('{"taken":"2012-09-29T16:11:25"}');
    const binding = { kind: ObjectKind.metadata, objectId: randomBytes(16) };
    const sealed = await sealBytes(key, plain, binding);
    expect(await openBytes(key, sealed, binding)).toEqual(plain);
  });

  it('hides the exact size: neighbouring sizes seal to the same length', async () => {
    const a = await sealBytes(key, randomBytes(100_001), original);
    const b = await sealBytes(key, randomBytes(100_100), original);
    expect(a.length).toBe(b.length);
  });
});

describe('every tampered region is detected and named', () => {
  // Three 64 KiB chunks keep these tests fast; the checks do not depend on the chunk size.
  const small = 2 * 65536 + 1000;
  const options = { chunkExponent: 16 };
  const sealedChunk = 65536 + 17;
  let sealed: Uint8Array;
  const open = (bytes: Uint8Array, expected: ObjectBinding = original) =>
    openBytes(key, bytes, expected);

  it('seals three chunks', async () => {
    sealed = await sealBytes(key, randomBytes(small), original, options);
    expect(sealedLayout(small, 16).chunkCount).toBe(3);
  });

  it('header fields', async () => {
    expect(await rejection(open(flip(sealed, 0)))).toBe('bad-magic');
    expect(await rejection(open(flip(sealed, 4)))).toBe('unsupported-version');
    expect(await rejection(open(flip(sealed, 10)))).toBe('wrong-object');
    const hugeChunks = sealed.slice();
    hugeChunks[22] = 40;
    expect(await rejection(open(hugeChunks))).toBe('bad-header');
    // The secretstream header (nonce) is bound too.
    expect(await rejection(open(flip(sealed, 30)))).toBe('chunk-rejected');
  });

  it('an object of another kind or id', async () => {
    const thumbnail = { kind: ObjectKind.thumbnail, objectId: original.objectId };
    expect(await rejection(open(sealed, thumbnail))).toBe('wrong-kind');
    const other = { kind: ObjectKind.original, objectId: randomBytes(16) };
    expect(await rejection(open(sealed, other))).toBe('wrong-object');
  });

  it('each chunk: its encrypted tag byte (final flag), body and MAC', async () => {
    for (let index = 0; index < 3; index++) {
      const start = objectHeaderBytes + index * sealedChunk;
      const end = Math.min(start + sealedChunk, sealed.length);
      for (const at of [start, start + 1, Math.floor((start + end) / 2), end - 16, end - 1]) {
        expect(await rejection(open(flip(sealed, at))), `byte ${at}`).toBe('chunk-rejected');
      }
    }
  });

  it('truncation, appended bytes, swapped chunks, replayed chunks', async () => {
    const lastStart = objectHeaderBytes + 2 * sealedChunk;
    expect(await rejection(open(sealed.subarray(0, lastStart)))).toBe('truncated');
    expect(await rejection(open(sealed.subarray(0, sealed.length - 1)))).toBe('truncated');
    expect(await rejection(open(sealed.subarray(0, 30)))).toBe('truncated');
    expect(await rejection(open(Buffer.concat([sealed, randomBytes(5)])))).toBe('trailing-data');
    expect(await rejection(open(Buffer.concat([sealed, sealed.subarray(objectHeaderBytes)])))).toBe(
      'trailing-data',
    );
    const swapped = Buffer.concat([
      sealed.subarray(0, objectHeaderBytes),
      sealed.subarray(objectHeaderBytes + sealedChunk, objectHeaderBytes + 2 * sealedChunk),
      sealed.subarray(objectHeaderBytes, objectHeaderBytes + sealedChunk),
      sealed.subarray(lastStart),
    ]);
    expect(await rejection(open(swapped))).toBe('chunk-rejected');
    // A chunk of another object sealed with the same key does not fit this stream.
    const other = await sealBytes(key, randomBytes(small), original, options);
    const spliced = Buffer.concat([
      sealed.subarray(0, objectHeaderBytes + sealedChunk),
      other.subarray(objectHeaderBytes + sealedChunk, lastStart),
      sealed.subarray(lastStart),
    ]);
    expect(await rejection(open(spliced))).toBe('chunk-rejected');
  });

  it('the wrong key', async () => {
    expect(await rejection(openBytes(randomBytes(32), sealed, original))).toBe('chunk-rejected');
  });
});

describe('10,000 randomly mutated ciphertexts', () => {
  it('are all rejected with a DecryptionError', async () => {
    const sealed = await sealBytes(key, randomBytes(70_000), original, { chunkExponent: 16 });
    const mutate = ciphertextMutator(sealed);
    const failures = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const failure = await rejection(openBytes(key, mutate(), original));
      failures.set(failure, (failures.get(failure) ?? 0) + 1);
    }
    expect([...failures.values()].reduce((a, b) => a + b)).toBe(10_000);
    expect(failures.get('chunk-rejected')).toBeGreaterThan(1000);
  });
});

describe('streams sharing one thread', () => {
  it('interleaved seals and opens (one heap scratch space) keep their bytes apart', async () => {
    const plains = [0, 1, 70_000, 200_000, 3 * 65536 + 5].map((size) => randomBytes(size));
    const options = { chunkExponent: 16 };
    // Blobs: every chunk read is awaited, so the five streams take turns chunk by chunk.
    const sealed = await Promise.all(
      plains.map((plain) => sealBlob(key, new Blob([plain]), original, options)),
    );
    const opened = await Promise.all(sealed.map((blob) => openBlob(key, blob, original)));
    for (const [index, plain] of plains.entries()) {
      const bytes = new Uint8Array(await (opened[index] ?? new Blob()).arrayBuffer());
      expect(Buffer.compare(bytes, plain), `object ${index}`).toBe(0);
      const sealedBytes = new Uint8Array(await (sealed[index] ?? new Blob()).arrayBuffer());
      expect(await openBytes(key, sealedBytes, original)).toEqual(plain);
    }
  });

  it('sealObject hands out pieces that stay intact after later chunks', async () => {
    const plain = randomBytes(3 * 65536);
    const pieces: Uint8Array[] = [];
    await sealObject(key, bytesSource(plain), original, (piece) => void pieces.push(piece), {
      chunkExponent: 16,
    });
    expect(await openBytes(key, Buffer.concat(pieces), original)).toEqual(plain);
  });
});
