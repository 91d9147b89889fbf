/**
 * Blob I/O on a second thread. In Chromium, building a Blob costs the calling thread a copy of its
 * bytes and reading one costs another, next to the ~170 ms per 64 MiB the encryption needs here;
 * so a thread sealing or opening a large Blob hands both to a helper thread and only encrypts.
 * Reads arrive as transferred buffers and pieces to write leave as transferred buffers; both kinds
 * go back to be filled again, so neither thread faults in fresh memory for every chunk. Written by
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
  /** Called once, when the helper is taken for gone (not when it is closed on purpose). */
  onFailure?: (reason: string) => void;
}

/** The encrypting thread's side. */
export class BlobIoClient implements BlobIo {
  private nextId = 1;
  private written = 0;
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

  /** Bytes handed to sinks so far: what the helper's Blobs hold. */
  get bytesWritten(): number {
    return this.written;
  }

  /** The helper is gone: what waits and what follows fails with `reason`. */
  fail(reason: string): void {
    if (this.stop(reason)) this.onFailure?.(reason);
  }

  /**
   * Its helper was ended on purpose: what still waits (reads a failed seal left in flight) fails,
   * and nothing is reported as a failure.
   */
  close(): void {
    this.stop('the Blob I/O worker was stopped');
  }

  /** Fails what waits and all that follows with `reason`; false if already stopped. */
  private stop(reason: string): boolean {
    if (this.failure !== undefined) return false;
    this.failure = reason;
    clearTimeout(this.watchdog);
    clearTimeout(this.dropSpares);
    this.spares = [];
    for (const [id, resolve] of this.waiting) resolve({ id, error: reason });
    this.waiting.clear();
    return true;
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
        this.written += piece.length;
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

/** A helper thread as its owner sees it: where to send requests, and how to end it. */
export interface BlobIoThread {
  endpoint: MessageEndpoint;
  /** Called when the thread fails to start or dies: the helper is taken for gone. */
  onError(listener: (reason: string) => void): void;
  terminate(): void;
}

export interface BlobIoHelpersOptions {
  /** A helper that has written this much is ended once its work is done. */
  retireBytes?: number;
  /** A helper with nothing to do is ended after this long. */
  idleMs?: number;
  /** Passed to each helper's BlobIoClient. */
  silenceMs?: number;
}

/** Work lent a helper's Blob I/O: `release` when done with it (and with every source and sink). */
export interface BlobIoLease {
  io: BlobIo;
  release(): void;
}

interface Helper {
  thread: BlobIoThread;
  client: BlobIoClient;
  leases: number;
  /** Ended as soon as its last lease is released; new work goes to a new helper. */
  retiring: boolean;
  ended?: boolean;
  idle: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The Blob I/O helpers of one thread: started on demand, ended after writing `retireBytes` or
 * when idle. Ending the thread is how the Blobs it built are let go: a helper allocates almost
 * nothing but Blobs, so its garbage collector may not run for minutes, and every Blob it built
 * stays referenced meanwhile. Chromium keeps them in its blob store and, past its memory limit
 * (~2 GB here), pages them to files in the profile (blob_storage): opened photos, in plaintext,
 * on disk. e2e/crypto-worker.spec.ts opens a 64 MiB object 40 times: with one helper kept for
 * good, 166 Blobs were still alive and 215 files of its plaintext were on disk; with this, 3 and
 * none.
 */
export class BlobIoHelpers {
  private current: Helper | undefined;
  private failed = false;
  private readonly retireBytes: number;
  private readonly idleMs: number;
  private readonly silenceMs: number | undefined;

  constructor(
    private readonly start: () => BlobIoThread | undefined,
    { retireBytes = 256 * MiB, idleMs = 5_000, silenceMs }: BlobIoHelpersOptions = {},
  ) {
    this.retireBytes = retireBytes;
    this.idleMs = idleMs;
    this.silenceMs = silenceMs;
  }

  /** A helper's Blob I/O, or undefined when none can run here (the caller uses its own thread). */
  lease(): BlobIoLease | undefined {
    if (this.failed) return undefined;
    if (this.current && this.spent(this.current)) this.retire(this.current);
    const helper = this.current ?? this.startHelper();
    if (!helper) return undefined;
    helper.leases++;
    clearTimeout(helper.idle);
    let released = false;
    return {
      io: helper.client,
      release: () => {
        if (released) return;
        released = true;
        helper.leases--;
        const spent = !helper.retiring && this.spent(helper);
        if (spent || helper.retiring) {
          this.retire(helper);
          // Busy: the next seal or open should not wait for a thread to start.
          if (spent) this.prestart();
        } else if (helper.leases === 0) {
          this.retireWhenIdle(helper);
        }
      },
    };
  }

  /** Whether `helper` has written its share: it takes no new work. */
  private spent(helper: Helper): boolean {
    return helper.client.bytesWritten >= this.retireBytes;
  }

  /** Whether a helper takes new work now (for tests); retiring ones may still be finishing. */
  get hasCurrent(): boolean {
    return this.current !== undefined;
  }

  private startHelper(): Helper | undefined {
    const thread = this.start();
    if (!thread) {
      this.failed = true;
      return undefined;
    }
    const helper: Helper = {
      thread,
      client: new BlobIoClient(thread.endpoint, {
        silenceMs: this.silenceMs,
        onFailure: () => {
          // A helper that failed once is not tried again: this thread does its own Blob I/O.
          // It is ended at once, leases or not: its client answers nothing more, and its thread
          // would hold the Blobs it built while the caller redoes the work on its own thread.
          this.failed = true;
          this.retire(helper);
          this.end(helper);
        },
      }),
      leases: 0,
      retiring: false,
      idle: undefined,
    };
    thread.onError((reason) => {
      helper.client.fail(reason);
    });
    this.current = helper;
    return helper;
  }

  /** A helper started ahead of need, ended like any other if nothing comes within `idleMs`. */
  private prestart(): void {
    if (this.current || this.failed) return;
    const helper = this.startHelper();
    if (helper) this.retireWhenIdle(helper);
  }

  private retireWhenIdle(helper: Helper): void {
    helper.idle = setTimeout(() => {
      this.retire(helper);
    }, this.idleMs);
  }

  /** No new work for `helper`; it ends once its leases are released. */
  private retire(helper: Helper): void {
    helper.retiring = true;
    if (this.current === helper) this.current = undefined;
    if (helper.leases === 0) this.end(helper);
  }

  private end(helper: Helper): void {
    if (helper.ended) return;
    helper.ended = true;
    clearTimeout(helper.idle);
    helper.client.close();
    helper.thread.terminate();
  }
}

function startBlobIoWorker(): BlobIoThread | undefined {
  if (typeof Worker === 'undefined') return undefined;
  let worker: Worker;
  try {
    worker = new Worker(new URL('../../../workers/blob-io.worker.ts', import.meta.url), {
      type: 'module',
      name: 'blob-io',
    });
  } catch {
    return undefined;
  }
  return {
    endpoint: worker,
    onError: (listener) => {
      worker.addEventListener('error', (event) => {
        // A script that fails to load gives a plain Event, without a message.
        const detail = event instanceof ErrorEvent ? event.message : 'it could not be started';
        listener(`the Blob I/O worker failed: ${detail}`);
      });
    },
    terminate: () => {
      worker.terminate();
    },
  };
}

const helpers = new BlobIoHelpers(startBlobIoWorker);

/**
 * This thread's Blob I/O helper, lent for one seal or open; undefined where workers cannot be
 * started (Node) or after a helper failed, so the caller reads and writes on its own thread.
 */
export function leaseBlobIo(): BlobIoLease | undefined {
  return helpers.lease();
}
