/**
 * Blob I/O on a second thread. Reading Blob slices and building Blobs cost the calling thread
 * about as much as the encryption itself (Chromium copies through IPC on that thread), so a
 * crypto worker hands both to a helper thread: reads come back as transferred buffers, sealed
 * pieces go out as transferred buffers, and the encryption thread only encrypts.
 * Written by hand: it is a thin request/reply protocol over postMessage.
 */
import { BlobBuilder, windowedSource, type BlobSink, type ByteSource } from './byteSources';
import type { BlobIo } from './sealed';

/** Anything that posts and receives messages: a Worker, a MessagePort, a worker's own scope. */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  /** MessagePorts deliver nothing to addEventListener listeners until started. */
  start?(): void;
}

type BlobIoRequest =
  | { id: number; op: 'read'; blob: Blob; start: number; end: number }
  | { id: number; op: 'append'; sink: number; buffer: ArrayBuffer; offset: number; length: number }
  | { id: number; op: 'finish'; sink: number; type: string };

/** A request before it is numbered (Omit applied to each member of the union). */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

type BlobIoReply =
  { id: number; buffer: ArrayBuffer } | { id: number; blob: Blob } | { id: number; error: string };

/** The helper thread's side: serves reads and builds Blobs from appended pieces. */
export function serveBlobIo(endpoint: MessageEndpoint): void {
  const sinks = new Map<number, BlobBuilder>();
  endpoint.start?.();
  endpoint.addEventListener('message', (event: MessageEvent<BlobIoRequest>) => {
    const request = event.data;
    if (request.op === 'append') {
      let builder = sinks.get(request.sink);
      if (!builder) sinks.set(request.sink, (builder = new BlobBuilder()));
      builder.add(new Uint8Array(request.buffer, request.offset, request.length));
      return;
    }
    if (request.op === 'finish') {
      const blob = (sinks.get(request.sink) ?? new BlobBuilder()).build(request.type);
      sinks.delete(request.sink);
      endpoint.postMessage({ id: request.id, blob } satisfies BlobIoReply);
      return;
    }
    request.blob
      .slice(request.start, request.end)
      .arrayBuffer()
      .then(
        (buffer) => {
          endpoint.postMessage({ id: request.id, buffer } satisfies BlobIoReply, [buffer]);
        },
        (error: unknown) => {
          endpoint.postMessage({ id: request.id, error: String(error) } satisfies BlobIoReply);
        },
      );
  });
}

/** The encrypting thread's side. */
export class BlobIoClient implements BlobIo {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: BlobIoReply) => void>();

  constructor(private readonly endpoint: MessageEndpoint) {
    endpoint.start?.();
    endpoint.addEventListener('message', (event: MessageEvent<BlobIoReply>) => {
      const resolve = this.waiting.get(event.data.id);
      this.waiting.delete(event.data.id);
      resolve?.(event.data);
    });
  }

  private ask(request: Unnumbered<BlobIoRequest>): Promise<BlobIoReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.endpoint.postMessage({ ...request, id });
    });
  }

  /** Reads `blob` on the helper thread, 16 MiB at a time, buffers transferred here. */
  source(blob: Blob): ByteSource {
    return windowedSource(blob.size, async (start, end) => {
      const reply = await this.ask({ op: 'read', blob, start, end });
      if ('buffer' in reply) return new Uint8Array(reply.buffer);
      throw new Error(`reading the file failed: ${'error' in reply ? reply.error : 'no data'}`);
    });
  }

  /**
   * A Blob built on the helper thread. `add` transfers the piece's buffer: the caller must not
   * use the piece (or anything sharing its buffer) afterwards.
   */
  sink(): BlobSink {
    const sink = this.nextId++;
    return {
      add: (piece) => {
        const buffer = piece.buffer as ArrayBuffer;
        this.endpoint.postMessage(
          { id: 0, op: 'append', sink, buffer, offset: piece.byteOffset, length: piece.length },
          [buffer],
        );
      },
      finish: async (type) => {
        const reply = await this.ask({ op: 'finish', sink, type });
        if ('blob' in reply) return reply.blob;
        throw new Error('building the sealed Blob failed');
      },
    };
  }
}
