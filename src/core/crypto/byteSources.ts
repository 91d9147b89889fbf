/** Where sealed objects read their input and write their output. */

/** Random access to the bytes being sealed or opened: a Blob (streaming) or bytes in memory. */
export interface ByteSource {
  readonly size: number;
  read(start: number, end: number): Promise<Uint8Array>;
  /** The caller is done with bytes `read` returned: the source may read into their buffer again. */
  recycle?(bytes: Uint8Array): void;
}

/** Receives pieces in order, copying them (the caller may reuse a piece once `add` returns). */
export interface BlobSink {
  add(piece: Uint8Array): void;
  finish(type: string): Promise<Blob>;
}

/** Where sealBlob/openBlob read and write Blobs: this thread, or a Blob I/O thread (blobIo.ts). */
export interface BlobIo {
  source(blob: Blob): ByteSource;
  sink(): BlobSink;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (start, end) => Promise.resolve(bytes.subarray(start, end)) };
}

/**
 * Readers with a read in flight. Chromium may garbage-collect a Blob's stream, native source and
 * all, when only the pending read's own promises refer to it: that read then never settles (an
 * import stuck for good on one file; e2e/crypto-worker.spec.ts). Held here until it settles.
 */
const readingNow = new Set<ReadableStreamBYOBReader>();

/**
 * A stream read with no bytes for this long is given up and the range read with
 * `slice().arrayBuffer()` instead, which Chromium keeps alive while it reads.
 */
const defaultStallMs = 10_000;

const stalled = Symbol('stalled');

/** One `reader.read`, held against garbage collection; `stalled` if it gets nothing in time. */
async function readInto(
  reader: ReadableStreamBYOBReader,
  view: Uint8Array<ArrayBuffer>,
  stallMs: number,
): Promise<ReadableStreamReadResult<Uint8Array<ArrayBuffer>> | typeof stalled> {
  readingNow.add(reader);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      reader.read(view),
      new Promise<typeof stalled>((resolve) => (timer = setTimeout(resolve, stallMs, stalled))),
    ]);
  } finally {
    clearTimeout(timer);
    readingNow.delete(reader);
  }
}

const endedEarly = () => new Error('the Blob ended before its size (was the file changed?)');

/**
 * A Blob read front to back through one byte stream, into buffers handed back with `recycle`. In
 * Chromium this costs the reading thread about half of what one `slice().arrayBuffer()` per chunk
 * does (no request per slice, no fresh memory to fault in). A read that does not start where the
 * last one ended starts a new stream there. Reads are served in the order they are made; one that
 * gets no bytes for `stallMs` is read again with `slice().arrayBuffer()`.
 */
export function blobSource(blob: Blob, { stallMs = defaultStallMs } = {}): ByteSource {
  let reader: ReadableStreamBYOBReader | undefined;
  let position = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const spare: ArrayBuffer[] = [];

  const readRange = async (start: number, end: number): Promise<Uint8Array> => {
    const length = end - start;
    if (length <= 0) return new Uint8Array(0);
    if (!reader || position !== start) {
      reader?.cancel().catch(() => undefined);
      reader = blob.slice(start).stream().getReader({ mode: 'byob' });
      position = start;
    }
    let buffer = spare.pop();
    if (!buffer || buffer.byteLength < length) buffer = new ArrayBuffer(length);
    let filled = 0;
    try {
      while (filled < length) {
        const view: Uint8Array<ArrayBuffer> = new Uint8Array(buffer, filled, length - filled);
        const result = await readInto(reader, view, stallMs);
        if (result === stalled) {
          // The stream took the buffer with it: the whole range again, the other way.
          reader.cancel().catch(() => undefined);
          reader = undefined;
          const bytes = new Uint8Array(await blob.slice(start, end).arrayBuffer());
          if (bytes.length !== length) throw endedEarly();
          position = end;
          return bytes;
        }
        if (result.done) throw endedEarly();
        // Reading transfers the buffer: what was read is in the one returned.
        buffer = result.value.buffer;
        filled += result.value.length;
      }
    } catch (error) {
      reader?.cancel().catch(() => undefined);
      reader = undefined; // its position is unknown now
      throw error;
    }
    position = end;
    if (end >= blob.size) {
      reader.releaseLock();
      reader = undefined;
    }
    return new Uint8Array(buffer, 0, length);
  };

  return {
    size: blob.size,
    read(start, end) {
      const reading = queue.then(() => readRange(start, end));
      queue = reading.catch(() => undefined); // the failure is the caller's, not the next read's
      return reading;
    },
    recycle(bytes) {
      // Enough for a sealer's reads in flight (sealed.ts reads two chunks ahead).
      if (spare.length < 4) spare.push(bytes.buffer as ArrayBuffer);
    },
  };
}

/**
 * Gathers pieces into Blob parts of about 64 MiB: few Blob constructions (each copies into the
 * browser's blob store) while memory stays bounded for videos of any size. Unlike a BlobSink, it
 * keeps the pieces it is given: do not reuse them.
 */
export class BlobBuilder {
  private readonly parts: Blob[] = [];
  private batch: Uint8Array<ArrayBuffer>[] = [];
  private batchBytes = 0;

  add(piece: Uint8Array): void {
    // Our pieces always come from ArrayBuffers (reads, libsodium outputs, transfers).
    this.batch.push(piece as Uint8Array<ArrayBuffer>);
    this.batchBytes += piece.length;
    if (this.batchBytes >= 64 * 1024 * 1024) this.flush();
  }

  build(type: string): Blob {
    this.flush();
    return new Blob(this.parts, { type });
  }

  private flush(): void {
    if (this.batch.length > 0) this.parts.push(new Blob(this.batch));
    this.batch = [];
    this.batchBytes = 0;
  }
}

/** Blob reads and writes on this thread. */
export const localBlobIo: BlobIo = {
  source: (blob) => blobSource(blob),
  sink: () => {
    const builder = new BlobBuilder();
    return {
      add: (piece) => {
        builder.add(piece.slice());
      },
      finish: (type) => Promise.resolve(builder.build(type)),
    };
  },
};
