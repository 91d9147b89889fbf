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
  addEventListener(type: 'message' | 'messageerror', listener: (event: MessageEvent) => void): void;
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
  | { id: 0; spare: ArrayBuffer }
  /** A request could not be read: its reply will never come. */
  | { id: 0; broken: string };

const MiB = 1024 * 1024;

/**
 * Appended pieces become one Blob part per 32 MiB. Each Blob costs Chromium a setup of its own
 * (per 64 MiB, 16 parts cost about 50 ms more CPU than one), while the last part is built after
 * the last chunk, so it must stay small; measured with `npm run bench`.
 */
const batchBytes = 32 * MiB;

/** Readers the helper keeps open at once; one abandoned mid-way is dropped after this many. */
const maxOpenSources = 16;

interface Sink {
  parts: Blob[];
  batch: Uint8Array<ArrayBuffer>[];
  bytes: number;
  /** Why an append failed: the Blob would miss a piece, so finishing it fails. */
  error?: string;
}

/**
 * The helper thread's side: serves reads and builds Blobs from appended pieces. Every read and
 * finish is answered, with an error when anything fails: the other side waits for nothing else.
 */
export function serveBlobIo(endpoint: MessageEndpoint): void {
  const sources = new Map<number, ByteSource>();
  const sinks = new Map<number, Sink>();
  const newSink = (): Sink => ({ parts: [], batch: [], bytes: 0 });
  const flush = (sink: Sink) => {
    if (sink.batch.length === 0) return;
    sink.parts.push(new Blob(sink.batch)); // copies: the buffers can go back
    for (const { buffer } of sink.batch) {
      endpoint.postMessage({ id: 0, spare: buffer } satisfies BlobIoReply, [buffer]);
    }
    sink.batch = [];
    sink.bytes = 0;
  };
  const replyError = (id: number, error: unknown) => {
    endpoint.postMessage({ id, error: String(error) } satisfies BlobIoReply);
  };
  const handle = (request: BlobIoRequest) => {
    if (request.op === 'append') {
      let sink = sinks.get(request.sink);
      if (!sink) sinks.set(request.sink, (sink = newSink()));
      if (sink.error !== undefined) return;
      try {
        sink.batch.push(new Uint8Array(request.buffer, 0, request.length));
        sink.bytes += request.length;
        if (sink.bytes >= batchBytes) flush(sink);
      } catch (error) {
        sink.error = String(error);
      }
      return;
    }
    if (request.op === 'finish') {
      const sink = sinks.get(request.sink) ?? newSink();
      sinks.delete(request.sink);
      if (sink.error !== undefined) throw new Error(sink.error);
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
    source
      .read(request.start, request.end)
      .then((bytes) => {
        const buffer = bytes.buffer as ArrayBuffer; // blobSource reads into ArrayBuffers
        const reply: BlobIoReply = { id: request.id, buffer, length: bytes.length };
        endpoint.postMessage(reply, [buffer]);
      })
      .catch((error: unknown) => {
        replyError(request.id, error);
      });
  };
  endpoint.start?.();
  endpoint.addEventListener('message', (event: MessageEvent<BlobIoRequest>) => {
    try {
      handle(event.data);
    } catch (error) {
      if (event.data.op !== 'append') replyError(event.data.id, error);
    }
  });
  endpoint.addEventListener('messageerror', () => {
    const reply: BlobIoReply = { id: 0, broken: 'a request to the Blob I/O worker was lost' };
    endpoint.postMessage(reply);
  });
}

/** Spare buffers for outgoing pieces: a batch's worth and a few more. */
const maxSpares = batchBytes / (4 * MiB) + 2;
/** Spares are dropped after this long without a Blob being written (memory back when idle). */
const spareLifetimeMs = 10_000;

/**
 * The helper has not answered for this long while a request waits: it is taken for gone (a
 * worker can die without an error event). Its replies come in milliseconds when it is alive.
 */
const defaultSilenceMs = 30_000;

/** The Blob I/O helper is gone: the caller may do the same work on its own thread. */
export class BlobIoUnavailableError extends Error {
  override name = 'BlobIoUnavailableError';
}

export interface BlobIoClientOptions {
  silenceMs?: number;
  /** Called once, when the helper is taken for gone. */
  onFailure?: (reason: string) => void;
}

/** The encrypting thread's side. */
export class BlobIoClient implements BlobIo {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: BlobIoReply) => void>();
  private spares: ArrayBuffer[] = [];
  private dropSpares: ReturnType<typeof setTimeout> | undefined;
  private failure: string | undefined;
  private lastHeard = 0;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private readonly silenceMs: number;
  private readonly onFailure: ((reason: string) => void) | undefined;

  constructor(
    private readonly endpoint: MessageEndpoint,
    { silenceMs = defaultSilenceMs, onFailure }: BlobIoClientOptions = {},
  ) {
    this.silenceMs = silenceMs;
    this.onFailure = onFailure;
    endpoint.start?.();
    endpoint.addEventListener('message', (event: MessageEvent<BlobIoReply>) => {
      this.lastHeard = Date.now();
      const reply = event.data;
      if ('spare' in reply) {
        if (this.spares.length < maxSpares) this.spares.push(reply.spare);
        return;
      }
      if ('broken' in reply) {
        this.fail(reply.broken);
        return;
      }
      const resolve = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      resolve?.(reply);
    });
    endpoint.addEventListener('messageerror', () => {
      this.fail('a reply from the Blob I/O worker was lost');
    });
  }

  /** The helper is gone: what waits and what follows fails with `reason`. */
  fail(reason: string): void {
    if (this.failure !== undefined) return;
    this.failure = reason;
    clearTimeout(this.watchdog);
    for (const [id, resolve] of this.waiting) resolve({ id, error: reason });
    this.waiting.clear();
    this.onFailure?.(reason);
  }

  /** Fails everything once the helper has been silent for `silenceMs` with requests waiting. */
  private watch(): void {
    if (this.watchdog !== undefined) return;
    const check = () => {
      this.watchdog = undefined;
      if (this.waiting.size === 0) return;
      const silent = Date.now() - this.lastHeard;
      if (silent >= this.silenceMs) {
        this.fail(`the Blob I/O worker stopped answering (${String(silent / 1000)} s)`);
      } else {
        this.watchdog = setTimeout(check, this.silenceMs - silent);
      }
    };
    this.watchdog = setTimeout(check, this.silenceMs);
  }

  private ask(request: Unnumbered<BlobIoRequest>, transfer: Transferable[] = []) {
    const id = this.nextId++;
    return new Promise<BlobIoReply>((resolve) => {
      if (this.failure !== undefined) {
        resolve({ id, error: this.failure });
        return;
      }
      // Silence is counted from the first request after an idle spell, not from the last reply.
      if (this.waiting.size === 0) this.lastHeard = Date.now();
      this.waiting.set(id, resolve);
      try {
        this.endpoint.postMessage({ ...request, id }, transfer);
      } catch (error) {
        this.waiting.delete(id);
        resolve({ id, error: String(error) });
        return;
      }
      this.watch();
    });
  }

  /** The error for a failed reply: unavailable when the helper is gone, else what it said. */
  private failed(what: string, reply: BlobIoReply): Error {
    const detail = 'error' in reply ? reply.error : 'no reply';
    if (this.failure !== undefined) return new BlobIoUnavailableError(`${what}: ${detail}`);
    return new Error(`${what}: ${detail}`);
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
        throw this.failed('reading the file failed', reply);
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
        if (this.failure !== undefined) return; // finish reports it
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
        throw this.failed('writing the file failed', reply);
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
    let worker: Worker;
    try {
      worker = new Worker(new URL('../../../workers/blob-io.worker.ts', import.meta.url), {
        type: 'module',
        name: 'blob-io',
      });
    } catch {
      sharedFailed = true;
      return undefined;
    }
    const client = new BlobIoClient(worker, {
      onFailure: () => {
        sharedFailed = true;
        shared = undefined;
        worker.terminate();
      },
    });
    worker.addEventListener('error', (event) => {
      // A script that fails to load gives a plain Event, without a message.
      const detail = event instanceof ErrorEvent ? event.message : 'it could not be started';
      client.fail(`the Blob I/O worker failed: ${detail}`);
    });
    shared = client;
  }
  return shared;
}
