/**
 * Sealed objects: how every photo, derivative and record is encrypted (docs/format.md, "Sealed
 * object"). libsodium secretstream XChaCha20-Poly1305 in fixed chunks; the plaintext carries its
 * length and is padded with Padmé; the 47-byte header (magic, version, kind, object id, chunk size,
 * stream header) is the additional data of every chunk, so a swapped, reordered, truncated or
 * extended object fails with a DecryptionError that names what failed.
 */
import {
  BlobBuilder,
  blobSource,
  bytesSource,
  type BlobSink,
  type ByteSource,
} from './byteSources';
import { DecryptionError } from './errors';
import { padme } from './padme';
import { bytesEqual, concatBytes, toHex } from './random';
import { loadSodium } from './sodium';

/** What an object is. Stored in the header and bound to every chunk. Never renumber. */
export const ObjectKind = {
  original: 1,
  thumbnail: 2,
  preview: 3,
  metadata: 4,
  index: 5,
  operations: 6,
  snapshot: 7,
  journal: 8,
} as const;
export type ObjectKind = (typeof ObjectKind)[keyof typeof ObjectKind];

const kindNames = new Map<number, string>(
  Object.entries(ObjectKind).map(([name, id]) => [id, name]),
);

const kindName = (kind: number): string => kindNames.get(kind) ?? `kind ${kind}`;

const objectMagic = new Uint8Array([0x50, 0x4e, 0x48, 0x4f]); // "PNHO"
const objectFormatVersion = 1;
export const objectIdBytes = 16;
export const objectHeaderBytes = 47;
/** 2^22 = 4 MiB of plaintext per chunk. */
export const defaultChunkExponent = 22;
const minChunkExponent = 16;
const maxChunkExponent = 24;
const lengthPrefixBytes = 8;
const chunkOverhead = 17; // crypto_secretstream_xchacha20poly1305_ABYTES
const tagMessage = 0;
const tagFinal = 3;

/** The kind and id an object is sealed to; opening checks both. */
export interface ObjectBinding {
  kind: ObjectKind;
  objectId: Uint8Array;
}

export interface SealOptions {
  chunkExponent?: number;
}

/** Sizes of the sealed form of `length` plaintext bytes. */
export function sealedLayout(length: number, chunkExponent = defaultChunkExponent) {
  const paddedLength = padme(lengthPrefixBytes + length);
  const chunkCount = Math.ceil(paddedLength / 2 ** chunkExponent);
  return {
    paddedLength,
    chunkCount,
    sealedSize: objectHeaderBytes + paddedLength + chunkCount * chunkOverhead,
  };
}

function describeObject({ kind, objectId }: ObjectBinding): string {
  return `${kindName(kind)} object ${toHex(objectId)}`;
}

function checkBinding(binding: ObjectBinding): void {
  if (binding.objectId.length !== objectIdBytes) throw new RangeError('object ids are 16 bytes');
  if (!kindNames.has(binding.kind)) throw new RangeError(`unknown object kind ${binding.kind}`);
}

function encodeHeader(binding: ObjectBinding, chunkExponent: number, streamHeader: Uint8Array) {
  const header = new Uint8Array(objectHeaderBytes);
  header.set(objectMagic, 0);
  header[4] = objectFormatVersion;
  header[5] = binding.kind;
  header.set(binding.objectId, 6);
  header[22] = chunkExponent;
  header.set(streamHeader, 23);
  return header;
}

/** Chunk `index` of the padded plaintext: u64le(length) || data || zero bytes. */
async function plaintextChunk(
  source: ByteSource,
  index: number,
  chunkSize: number,
  paddedLength: number,
): Promise<Uint8Array> {
  const start = index * chunkSize;
  const end = Math.min(start + chunkSize, paddedLength);
  const dataStart = Math.max(0, start - lengthPrefixBytes);
  const dataEnd = Math.min(source.size, end - lengthPrefixBytes);
  // Chunks wholly inside the data (all but the first and last) are read as they are: no copy.
  if (start >= lengthPrefixBytes && end - lengthPrefixBytes <= source.size) {
    return source.read(dataStart, dataEnd);
  }
  const chunk = new Uint8Array(end - start);
  if (start === 0) new DataView(chunk.buffer).setBigUint64(0, BigInt(source.size), true);
  if (dataEnd > dataStart) {
    chunk.set(await source.read(dataStart, dataEnd), dataStart + lengthPrefixBytes - start);
  }
  return chunk;
}

/** Encrypts `source` chunk by chunk, handing each piece of the sealed object to `emit` in order. */
export async function sealObject(
  key: Uint8Array,
  source: ByteSource,
  binding: ObjectBinding,
  emit: (piece: Uint8Array) => void | Promise<void>,
  { chunkExponent = defaultChunkExponent }: SealOptions = {},
): Promise<void> {
  checkBinding(binding);
  if (chunkExponent < minChunkExponent || chunkExponent > maxChunkExponent) {
    throw new RangeError(`chunk exponent must be ${minChunkExponent}..${maxChunkExponent}`);
  }
  const sodium = await loadSodium();
  const chunkSize = 2 ** chunkExponent;
  const { paddedLength, chunkCount } = sealedLayout(source.size, chunkExponent);
  const push = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
  const header = encodeHeader(binding, chunkExponent, push.header);
  // A copy: `emit` may transfer what it is given, and the header stays in use as additional data.
  await emit(header.slice());

  let next = plaintextChunk(source, 0, chunkSize, paddedLength);
  for (let index = 0; index < chunkCount; index++) {
    const plain = await next;
    if (index + 1 < chunkCount) {
      // Read the next slice while this one is encrypted.
      next = plaintextChunk(source, index + 1, chunkSize, paddedLength);
      next.catch(() => undefined); // a failure surfaces when it is awaited
    }
    const tag = index === chunkCount - 1 ? tagFinal : tagMessage;
    await emit(sodium.crypto_secretstream_xchacha20poly1305_push(push.state, plain, header, tag));
  }
}

/**
 * Decrypts a sealed object, checking it is `expected` (kind and id), handing the plaintext to
 * `emit` in order. Resolves to the plaintext length. Throws DecryptionError for any bad input.
 */
export async function openObject(
  key: Uint8Array,
  source: ByteSource,
  expected: ObjectBinding,
  emit: (plain: Uint8Array) => void | Promise<void>,
): Promise<number> {
  checkBinding(expected);
  const sodium = await loadSodium();
  const name = describeObject(expected);
  function fail(failure: DecryptionError['failure'], detail: string): never {
    throw new DecryptionError(failure, `${name}: ${detail}`);
  }

  const header = await source.read(0, Math.min(source.size, objectHeaderBytes));
  if (!bytesEqual(header.subarray(0, objectMagic.length), objectMagic)) {
    fail('bad-magic', 'not a Pinhole object (bad magic bytes)');
  }
  if (header.length < objectHeaderBytes) fail('truncated', 'the header is cut short');
  if (header[4] !== objectFormatVersion) {
    fail('unsupported-version', `format version ${header[4]} is not supported`);
  }
  const kind = header[5] ?? 0;
  if (kind !== expected.kind) {
    fail('wrong-kind', `holds a ${kindName(kind)} object instead`);
  }
  const objectId = header.subarray(6, 22);
  if (!bytesEqual(objectId, expected.objectId)) {
    fail('wrong-object', `holds object ${toHex(objectId)} instead (objects swapped)`);
  }
  const chunkExponent = header[22] ?? 0;
  if (chunkExponent < minChunkExponent || chunkExponent > maxChunkExponent) {
    fail('bad-header', `chunk size 2^${chunkExponent} is out of range`);
  }

  const sealedChunk = 2 ** chunkExponent + chunkOverhead;
  const body = source.size - objectHeaderBytes;
  const chunkCount = Math.max(1, Math.ceil(body / sealedChunk));
  const lastChunk = body - (chunkCount - 1) * sealedChunk;
  if (lastChunk < chunkOverhead + 1) fail('truncated', 'the last chunk is cut short');
  const paddedLength = body - chunkCount * chunkOverhead;

  const state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(
    header.subarray(23, objectHeaderBytes),
    key,
  );
  const readSealed = (index: number) => {
    const start = objectHeaderBytes + index * sealedChunk;
    return source.read(start, Math.min(start + sealedChunk, source.size));
  };
  let length = 0;
  let written = 0;
  let next = readSealed(0);
  for (let index = 0; index < chunkCount; index++) {
    const sealed = await next;
    if (index + 1 < chunkCount) {
      next = readSealed(index + 1);
      next.catch(() => undefined);
    }
    // False when the chunk does not authenticate. (libsodium.js throws only for a chunk shorter
    // than its 17 bytes of overhead, which the length checks above rule out.)
    const opened = sodium.crypto_secretstream_xchacha20poly1305_pull(state, sealed, header);
    if (!opened) {
      fail(
        'chunk-rejected',
        `chunk ${index + 1} of ${chunkCount} failed authentication ` +
          '(tampered, reordered, from another object, or the wrong key)',
      );
    }
    const isLast = index === chunkCount - 1;
    if (opened.tag === tagFinal && !isLast) {
      fail('trailing-data', `${chunkCount - index - 1} chunk(s) follow the final chunk`);
    }
    if (opened.tag !== tagFinal && isLast) fail('truncated', 'the final chunk is missing');
    if (opened.tag !== tagFinal && opened.tag !== tagMessage) {
      fail('chunk-rejected', `chunk ${index + 1} has an unexpected tag ${opened.tag}`);
    }

    let plain = opened.message;
    if (index === 0) {
      const declared = new DataView(plain.buffer, plain.byteOffset, 8).getBigUint64(0, true);
      if (declared > BigInt(Number.MAX_SAFE_INTEGER)) fail('bad-length', 'impossible length');
      length = Number(declared);
      const expectedPadded = padme(lengthPrefixBytes + length);
      if (expectedPadded > paddedLength) fail('truncated', 'chunks are missing at the end');
      if (expectedPadded < paddedLength) fail('trailing-data', 'more chunks than its length needs');
      plain = plain.subarray(lengthPrefixBytes);
    }
    const take = Math.min(plain.length, length - written);
    if (take > 0) {
      await emit(plain.subarray(0, take));
      written += take;
    }
  }
  return length;
}

/** Where sealBlob/openBlob read and write Blobs: this thread, or a Blob I/O thread (blobIo.ts). */
export interface BlobIo {
  source(blob: Blob): ByteSource;
  sink(): BlobSink;
}

const localBlobIo: BlobIo = { source: blobSource, sink: () => new BlobBuilder() };

/**
 * Seals a Blob into a Blob, holding at most a few tens of MiB at a time. With `io`, the Blob
 * reads and writes run on another thread and this one only encrypts.
 */
export async function sealBlob(
  key: Uint8Array,
  blob: Blob,
  binding: ObjectBinding,
  options?: SealOptions & { io?: BlobIo },
): Promise<Blob> {
  const io = options?.io ?? localBlobIo;
  const sink = io.sink();
  await sealObject(
    key,
    io.source(blob),
    binding,
    (piece) => {
      sink.add(piece);
    },
    options,
  );
  return sink.finish('application/octet-stream');
}

export async function openBlob(
  key: Uint8Array,
  sealed: Blob,
  expected: ObjectBinding,
  options?: { type?: string; io?: BlobIo },
): Promise<Blob> {
  const io = options?.io ?? localBlobIo;
  const sink = io.sink();
  await openObject(key, io.source(sealed), expected, (plain) => {
    sink.add(plain);
  });
  return sink.finish(options?.type ?? '');
}

/** Runs `produce`, gathering what it emits (pieces it does not reuse), joined into one array. */
async function collect(
  produce: (emit: (piece: Uint8Array) => void) => Promise<unknown>,
): Promise<Uint8Array<ArrayBuffer>> {
  const pieces: Uint8Array[] = [];
  await produce((piece) => {
    pieces.push(piece);
  });
  return concatBytes(pieces);
}

/** Small items (thumbnails, metadata, records): the same format, in memory. */
export async function sealBytes(
  key: Uint8Array,
  bytes: Uint8Array,
  binding: ObjectBinding,
  options?: SealOptions,
): Promise<Uint8Array<ArrayBuffer>> {
  return collect((emit) => sealObject(key, bytesSource(bytes), binding, emit, options));
}

export async function openBytes(
  key: Uint8Array,
  sealed: Uint8Array,
  expected: ObjectBinding,
): Promise<Uint8Array<ArrayBuffer>> {
  // Each emitted piece is (part of) a fresh array from libsodium: nothing to copy.
  return collect((emit) => openObject(key, bytesSource(sealed), expected, emit));
}

/** A JSON value sealed as one object (records, operation batches, indexes). */
export async function sealJson(
  key: Uint8Array,
  value: unknown,
  binding: ObjectBinding,
): Promise<Uint8Array<ArrayBuffer>> {
  return sealBytes(key, new TextEncoder().encode(JSON.stringify(value)), binding);
}

/**
 * The JSON value of a sealed object. Throws DecryptionError when it does not open; the value is
 * whatever the writer wrote: the caller checks its shape.
 */
export async function openJson(
  key: Uint8Array,
  sealed: Uint8Array,
  expected: ObjectBinding,
): Promise<unknown> {
  const bytes = await openBytes(key, sealed, expected);
  return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
}
