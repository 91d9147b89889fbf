/**
 * Blob I/O on a second thread. In Chromium, building a Blob costs the calling thread a copy of its
 * bytes and reading one costs another, next to the ~110 ms per 64 MiB the encryption needs; so a
 * thread sealing or opening a large Blob hands both to a helper thread and only encrypts. Reads
 * arrive as transferred buffers and pieces to write leave as transferred buffers; both kinds go
 * back to be filled again, so neither thread faults in fresh memory for every chunk. Written by
 * hand: it is a thin request/reply protocol over postMessage.
 */
import { blobSource, type BlobIo, type BlobSink, type ByteSource } from './byteSources';

/** Anything that posts and receives messages: a Worker, a MessagePort, a worker's own scope. */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  /** MessagePorts deliver nothing to addEventListener listeners until started. */
  start?(): void;
}

type BlobIoRequest =
  | {
      id: number;
      op: 'read';
      source: number;
      blob: Blob;
      start: number;
      end: number;
      /** The buffer of an earlier read, handed back to be read into again. */
      spare?: ArrayBuffer;
    }
  | { id: number; op: 'append'; sink: number; buffer: ArrayBuffer; length: number }
  | { id: number; op: 'finish'; sink: number; type: string };

/** A request before it is numbered (Omit applied to each member of the union). */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

type BlobIoReply =
  | { id: number; buffer: ArrayBuffer; length: number }
  | { id: number; blob: Blob }
  | { id: number; error: string }
  /** The buffer of an appended piece, copied into a Blob and handed back. */
  | { id: 0; spare: ArrayBuffer };

const MiB = 1024 * 1024;

/**
 * Appended pieces become one Blob part per 32 MiB. Each Blob costs Chromium a setup of its own
 * (per 64 MiB, 16 parts cost about 50 ms more CPU than one), while the last part is built after
 * the last chunk, so it must stay small; measured with `npm run bench`.
 */
const batchBytes = 32 * MiB;

/** Readers the helper keeps open at once; one abandoned mid-way is dropped after this many. */
const maxOpenSources = 16;

/** The helper thread's side: serves reads and builds Blobs from appended pieces. */
export function serveBlobIo(endpoint: MessageEndpoint): void {
  const sources = new Map<number, ByteSource>();
  const sinks = new Map<
    number,
    { parts: Blob[]; batch: Uint8Array<ArrayBuffer>[]; bytes: number }
  >();
  const flush = (sink: { parts: Blob[]; batch: Uint8Array<ArrayBuffer>[]; bytes: number }) => {
    if (sink.batch.length === 0) return;
    sink.parts.push(new Blob(sink.batch)); // copies: the buffers can go back
    for (const { buffer } of sink.batch) {
      endpoint.postMessage({ id: 0, spare: buffer } satisfies BlobIoReply, [buffer]);
    }
    sink.batch = [];
    sink.bytes = 0;
  };
  endpoint.start?.();
  endpoint.addEventListener('message', (event: MessageEvent<BlobIoRequest>) => {
    const request = event.data;
    if (request.op === 'append') {
      let sink = sinks.get(request.sink);
      if (!sink) sinks.set(request.sink, (sink = { parts: [], batch: [], bytes: 0 }));
      sink.batch.push(new Uint8Array(request.buffer, 0, request.length));
      sink.bytes += request.length;
      if (sink.bytes >= batchBytes) flush(sink);
      return;
    }
    if (request.op === 'finish') {
      const sink = sinks.get(request.sink) ?? { parts: [], batch: [], bytes: 0 };
      sinks.delete(request.sink);
      flush(sink);
      const blob = new Blob(sink.parts, { type: request.type });
      endpoint.postMessage({ id: request.id, blob } satisfies BlobIoReply);
      return;
    }
    let source = sources.get(request.source);
    if (!source) {
      source = blobSource(request.blob);
      sources.set(request.source, source);
      for (const oldest of sources.keys()) {
        if (sources.size <= maxOpenSources) break;
        sources.delete(oldest);
      }
    }
    if (request.spare) source.recycle?.(new Uint8Array(request.spare));
    if (request.end >= request.blob.size) sources.delete(request.source);
    source.read(request.start, request.end).then(
      (bytes) => {
        const buffer = bytes.buffer as ArrayBuffer; // blobSource reads into ArrayBuffers
        const reply: BlobIoReply = { id: request.id, buffer, length: bytes.length };
        endpoint.postMessage(reply, [buffer]);
      },
      (error: unknown) => {
        endpoint.postMessage({ id: request.id, error: String(error) } satisfies BlobIoReply);
      },
    );
  });
}

/** Spare buffers for outgoing pieces: a batch's worth and a few more. */
const maxSpares = batchBytes / (4 * MiB) + 2;
/** Spares are dropped after this long without a Blob being written (memory back when idle). */
const spareLifetimeMs = 10_000;

/** The encrypting thread's side. */
export class BlobIoClient implements BlobIo {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: BlobIoReply) => void>();
  private spares: ArrayBuffer[] = [];
  private dropSpares: ReturnType<typeof setTimeout> | undefined;
  private failure: string | undefined;

  constructor(private readonly endpoint: MessageEndpoint) {
    endpoint.start?.();
    endpoint.addEventListener('message', (event: MessageEvent<BlobIoReply>) => {
      const reply = event.data;
      if ('spare' in reply) {
        if (this.spares.length < maxSpares) this.spares.push(reply.spare);
        return;
      }
      const resolve = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      resolve?.(reply);
    });
  }

  /** The helper is gone (its worker failed): what waits and what follows fails with `reason`. */
  fail(reason: string): void {
    this.failure = reason;
    for (const [id, resolve] of this.waiting) resolve({ id, error: reason });
    this.waiting.clear();
  }

  private ask(request: Unnumbered<BlobIoRequest>, transfer: Transferable[] = []) {
    const id = this.nextId++;
    return new Promise<BlobIoReply>((resolve) => {
      if (this.failure !== undefined) {
        resolve({ id, error: this.failure });
        return;
      }
      this.waiting.set(id, resolve);
      this.endpoint.postMessage({ ...request, id }, transfer);
    });
  }

  /** Reads `blob` on the helper thread (front to back is fastest), each read transferred here. */
  source(blob: Blob): ByteSource {
    const source = this.nextId++;
    const spares: ArrayBuffer[] = [];
    return {
      size: blob.size,
      read: async (start, end) => {
        const spare = spares.pop();
        const reply = await this.ask(
          { op: 'read', source, blob, start, end, spare },
          spare ? [spare] : [],
        );
        if ('buffer' in reply) return new Uint8Array(reply.buffer, 0, reply.length);
        throw new Error(`reading the file failed: ${'error' in reply ? reply.error : 'no data'}`);
      },
      recycle: (bytes) => {
        // Enough for the reads a sealer keeps in flight.
        if (spares.length < 4) spares.push(bytes.buffer as ArrayBuffer);
      },
    };
  }

  /** A Blob built on the helper thread from copies of the pieces added. */
  sink(): BlobSink {
    const sink = this.nextId++;
    clearTimeout(this.dropSpares);
    return {
      add: (piece) => {
        let buffer = this.spares.pop();
        if (!buffer || buffer.byteLength < piece.length) buffer = new ArrayBuffer(piece.length);
        new Uint8Array(buffer).set(piece);
        const request = { id: 0, op: 'append', sink, buffer, length: piece.length } as const;
        this.endpoint.postMessage(request satisfies BlobIoRequest, [buffer]);
      },
      finish: async (type) => {
        const reply = await this.ask({ op: 'finish', sink, type });
        clearTimeout(this.dropSpares);
        this.dropSpares = setTimeout(() => (this.spares = []), spareLifetimeMs);
        if ('blob' in reply) return reply.blob;
        throw new Error(`writing the file failed: ${'error' in reply ? reply.error : 'no Blob'}`);
      },
    };
  }
}

let shared: BlobIoClient | undefined;
let sharedFailed = false;

/**
 * This thread's Blob I/O helper, started on first use; undefined where workers cannot be started
 * (Node) or after the helper failed, so the caller reads and writes on its own thread.
 */
export function sharedBlobIo(): BlobIo | undefined {
  if (sharedFailed || typeof Worker === 'undefined') return undefined;
  if (!shared) {
    const worker = new Worker(new URL('../../../workers/blob-io.worker.ts', import.meta.url), {
      type: 'module',
      name: 'blob-io',
    });
    const client = new BlobIoClient(worker);
    worker.addEventListener('error', (event) => {
      sharedFailed = true;
      client.fail(`the Blob I/O worker failed: ${event.message}`);
      worker.terminate();
    });
    shared = client;
  }
  return shared;
}
