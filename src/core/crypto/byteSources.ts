/** Where sealed objects read their input and write their output. */

/** Random access to the bytes being sealed or opened: a Blob (streaming) or bytes in memory. */
export interface ByteSource {
  readonly size: number;
  read(start: number, end: number): Promise<Uint8Array>;
}

/** Receives pieces in order (it may take ownership of their buffers), then makes one Blob. */
export interface BlobSink {
  add(piece: Uint8Array): void;
  finish(type: string): Promise<Blob>;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (start, end) => Promise.resolve(bytes.subarray(start, end)) };
}

/** Bytes per Blob read: one large read costs far less than many small ones in Chromium. */
const windowBytes = 16 * 1024 * 1024;

/**
 * A source read through 16 MiB windows, the next window fetched while the current one is used,
 * for readers that go front to back (as sealing and opening do).
 */
export function windowedSource(
  size: number,
  fetchWindow: (start: number, end: number) => Promise<Uint8Array>,
): ByteSource {
  const windows = new Map<number, Promise<Uint8Array>>();
  const windowCount = Math.ceil(size / windowBytes);
  const window = (index: number): Promise<Uint8Array> => {
    let pending = windows.get(index);
    if (!pending) {
      const start = index * windowBytes;
      pending = fetchWindow(start, Math.min(start + windowBytes, size));
      pending.catch(() => undefined); // a failure surfaces when it is awaited
      windows.set(index, pending);
    }
    return pending;
  };
  return {
    size,
    read: async (start, end) => {
      const first = Math.floor(start / windowBytes);
      const last = Math.floor(Math.max(start, end - 1) / windowBytes);
      for (const index of windows.keys()) if (index < first) windows.delete(index);
      if (last + 1 < windowCount) void window(last + 1);
      if (first === last) {
        const bytes = await window(first);
        return bytes.subarray(start - first * windowBytes, end - first * windowBytes);
      }
      const out = new Uint8Array(end - start);
      for (let index = first; index <= last; index++) {
        const bytes = await window(index);
        const from = Math.max(start, index * windowBytes);
        const to = Math.min(end, (index + 1) * windowBytes);
        out.set(bytes.subarray(from - index * windowBytes, to - index * windowBytes), from - start);
      }
      return out;
    },
  };
}

export function blobSource(blob: Blob): ByteSource {
  return windowedSource(
    blob.size,
    async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
  );
}

/**
 * Gathers pieces into Blob parts of about 64 MiB: few Blob constructions (each copies into the
 * browser's blob store) while memory stays bounded for videos of any size.
 */
export class BlobBuilder implements BlobSink {
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

  finish(type: string): Promise<Blob> {
    return Promise.resolve(this.build(type));
  }

  private flush(): void {
    if (this.batch.length > 0) this.parts.push(new Blob(this.batch));
    this.batch = [];
    this.batchBytes = 0;
  }
}
