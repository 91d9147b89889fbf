/**
 * Sealed objects: how every photo, derivative and record is encrypted (docs/format.md, "Sealed
 * object"). libsodium secretstream XChaCha20-Poly1305 in fixed chunks; the plaintext carries its
 * length and is padded with Padmé; the 47-byte header (magic, version, kind, object id, chunk size,
 * stream header) is the additional data of every chunk, so a swapped, reordered, truncated or
 * extended object fails with a DecryptionError that names what failed.
 */
import { BlobIoUnavailableError, leaseBlobIo } from './blobIo';
import {
  bytesSource,
  localBlobIo,
  type BlobIo,
  type BlobSink,
  type ByteSource,
} from './byteSources';
import { DecryptionError } from './errors';
import { padme } from './padme';
import { bytesEqual, toHex } from './random';
import { loadSodium, Secretstream, secretstreamOverhead } from './sodium';

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
const chunkOverhead = secretstreamOverhead;
const tagMessage = 0;
const tagFinal = 3;
/** Chunk reads in flight beyond the one being encrypted. */
const readAheadChunks = 2;

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

/**
 * Receives an object's pieces in order. A piece is a view into libsodium's heap, valid only until
 * `write` returns or awaits: copy what you keep. `size` comes first, once the total is known.
 */
interface PieceWriter {
  size?(total: number): void;
  write(piece: Uint8Array): void | Promise<void>;
}

/**
 * Chunk reads in order, a few issued ahead of the one asked for so the next chunks arrive while
 * this one is encrypted (a Blob I/O helper busy building a Blob part does not stall the loop).
 */
function readingAhead(read: (index: number) => Promise<Uint8Array>, count: number) {
  const pending: Promise<Uint8Array>[] = [];
  let issued = 0;
  return (index: number): Promise<Uint8Array> => {
    while (issued < count && issued <= index + readAheadChunks) {
      const reading = read(issued++);
      reading.catch(() => undefined); // a failure surfaces when it is awaited
      pending.push(reading);
    }
    const reading = pending.shift();
    if (!reading) throw new Error('chunks are read in order, once each');
    return reading;
  };
}

/** Encrypts `source` chunk by chunk, writing each piece of the sealed object in order. */
async function sealPieces(
  key: Uint8Array,
  source: ByteSource,
  binding: ObjectBinding,
  writer: PieceWriter,
  chunkExponent: number,
): Promise<void> {
  checkBinding(binding);
  if (chunkExponent < minChunkExponent || chunkExponent > maxChunkExponent) {
    throw new RangeError(`chunk exponent must be ${minChunkExponent}..${maxChunkExponent}`);
  }
  const sodium = await loadSodium();
  const chunkSize = 2 ** chunkExponent;
  const size = source.size;
  const { paddedLength, chunkCount, sealedSize } = sealedLayout(size, chunkExponent);
  writer.size?.(sealedSize);
  // Chunk `index` is u64le(length) || data || zero bytes of the padded plaintext.
  const readData = (index: number) =>
    source.read(
      Math.max(0, index * chunkSize - lengthPrefixBytes),
      Math.max(0, Math.min(size, (index + 1) * chunkSize - lengthPrefixBytes)),
    );
  const { stream, header: streamHeader } = Secretstream.push(sodium, key, objectHeaderBytes);
  try {
    const header = encodeHeader(binding, chunkExponent, streamHeader);
    stream.bind(header);
    await writer.write(header);
    const next = readingAhead(readData, chunkCount);
    for (let index = 0; index < chunkCount; index++) {
      const data = await next(index);
      const start = index * chunkSize;
      const length = Math.min(chunkSize, paddedLength - start);
      const plain = stream.input(length);
      const dataAt = index === 0 ? lengthPrefixBytes : 0;
      if (index === 0) {
        new DataView(plain.buffer, plain.byteOffset, 8).setBigUint64(0, BigInt(size), true);
      }
      plain.set(data, dataAt);
      plain.fill(0, dataAt + data.length);
      source.recycle?.(data);
      await writer.write(stream.push(length, index === chunkCount - 1 ? tagFinal : tagMessage));
    }
  } finally {
    stream.close();
  }
}

/**
 * Encrypts `source` chunk by chunk, handing each piece of the sealed object to `emit` in order.
 * Each piece is a fresh array `emit` may keep or transfer.
 */
export async function sealObject(
  key: Uint8Array,
  source: ByteSource,
  binding: ObjectBinding,
  emit: (piece: Uint8Array) => void | Promise<void>,
  { chunkExponent = defaultChunkExponent }: SealOptions = {},
): Promise<void> {
  await sealPieces(key, source, binding, { write: (piece) => emit(piece.slice()) }, chunkExponent);
}

/**
 * Decrypts a sealed object, checking it is `expected` (kind and id), writing the plaintext in
 * order. Resolves to the plaintext length. Throws DecryptionError for any bad input.
 */
async function openPieces(
  key: Uint8Array,
  source: ByteSource,
  expected: ObjectBinding,
  writer: PieceWriter,
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

  const readSealed = (index: number) => {
    const start = objectHeaderBytes + index * sealedChunk;
    return source.read(start, Math.min(start + sealedChunk, source.size));
  };
  const stream = Secretstream.pull(
    sodium,
    key,
    header.subarray(23, objectHeaderBytes),
    objectHeaderBytes,
  );
  try {
    stream.bind(header);
    let length = 0;
    let written = 0;
    const next = readingAhead(readSealed, chunkCount);
    for (let index = 0; index < chunkCount; index++) {
      const sealed = await next(index);
      stream.input(sealed.length).set(sealed);
      source.recycle?.(sealed);
      const opened = stream.pull(sealed.length);
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
        if (expectedPadded < paddedLength) {
          fail('trailing-data', 'more chunks than its length needs');
        }
        writer.size?.(length);
        plain = plain.subarray(lengthPrefixBytes);
      }
      const take = Math.min(plain.length, length - written);
      if (take > 0) {
        await writer.write(plain.subarray(0, take));
        written += take;
      }
    }
    return length;
  } finally {
    stream.close();
  }
}

/** Blobs from this size up are read and written on a Blob I/O thread when there is one. */
const helperThreshold = 1024 * 1024;

function sinkWriter(sink: BlobSink): PieceWriter {
  return {
    write: (piece) => {
      sink.add(piece); // copies
    },
  };
}

/** A failed seal or open still finishes its sink, so a helper thread lets go of its pieces. */
async function discardOnFailure(sink: BlobSink, work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    sink.finish('').catch(() => undefined);
    throw error;
  }
}

/**
 * Runs `work` with `io`, or for a large Blob with this thread's Blob I/O helper; when the helper
 * has gone (failed to start, crashed, stopped answering), once more on this thread.
 */
async function withBlobIo<T>(
  blob: Blob,
  io: BlobIo | undefined,
  work: (io: BlobIo) => Promise<T>,
): Promise<T> {
  if (io) return work(io);
  const lease = blob.size >= helperThreshold ? leaseBlobIo() : undefined;
  if (!lease) return work(localBlobIo);
  try {
    return await work(lease.io);
  } catch (error) {
    if (!(error instanceof BlobIoUnavailableError)) throw error;
    return await work(localBlobIo);
  } finally {
    lease.release();
  }
}

/**
 * Seals a Blob into a Blob, holding at most a few chunks at a time. Large Blobs are read and
 * written on this thread's Blob I/O helper (blobIo.ts) so that this one only encrypts; `io`
 * chooses another.
 */
export async function sealBlob(
  key: Uint8Array,
  blob: Blob,
  binding: ObjectBinding,
  options?: SealOptions & { io?: BlobIo },
): Promise<Blob> {
  return withBlobIo(blob, options?.io, async (io) => {
    const sink = io.sink();
    await discardOnFailure(
      sink,
      sealPieces(
        key,
        io.source(blob),
        binding,
        sinkWriter(sink),
        options?.chunkExponent ?? defaultChunkExponent,
      ),
    );
    return sink.finish('application/octet-stream');
  });
}

export async function openBlob(
  key: Uint8Array,
  sealed: Blob,
  expected: ObjectBinding,
  options?: { type?: string; io?: BlobIo },
): Promise<Blob> {
  return withBlobIo(sealed, options?.io, async (io) => {
    const sink = io.sink();
    await discardOnFailure(sink, openPieces(key, io.source(sealed), expected, sinkWriter(sink)));
    return sink.finish(options?.type ?? '');
  });
}

/** A writer copying every piece into one array of the announced size. */
function bytesWriter() {
  let out = new Uint8Array(0);
  let at = 0;
  return {
    size: (total: number) => {
      out = new Uint8Array(total);
    },
    write: (piece: Uint8Array) => {
      out.set(piece, at);
      at += piece.length;
    },
    bytes: () => out,
  };
}

/** Small items (thumbnails, metadata, records): the same format, in memory. */
export async function sealBytes(
  key: Uint8Array,
  bytes: Uint8Array,
  binding: ObjectBinding,
  { chunkExponent = defaultChunkExponent }: SealOptions = {},
): Promise<Uint8Array<ArrayBuffer>> {
  const writer = bytesWriter();
  await sealPieces(key, bytesSource(bytes), binding, writer, chunkExponent);
  return writer.bytes();
}

export async function openBytes(
  key: Uint8Array,
  sealed: Uint8Array,
  expected: ObjectBinding,
): Promise<Uint8Array<ArrayBuffer>> {
  const writer = bytesWriter();
  await openPieces(key, bytesSource(sealed), expected, writer);
  return writer.bytes();
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
