/**
 * Large uploads (videos) as S3 multipart uploads: parts sent a few at a time, each retried by
 * the client, and resumable after a reload. The caller persists what `onUploadId` hands it
 * (upload id and part size); after a reload it passes that back as `resume`, and ListParts
 * tells which parts the store already holds, so only the others are sent again.
 *
 * On failure the upload is left in place for a resume; a caller that gives up calls
 * abortMultipartUpload (and a bucket lifecycle rule should expire forgotten ones).
 */
import { StoreError } from './errors';
import type { UploadedPart } from './responses';
import type { PutResult, StoreClient } from './storeClient';

const MiB = 1024 * 1024;
/** S3's smallest part, except the last one. */
export const minPartSize = 5 * MiB;
export const defaultPartSize = 8 * MiB;
/** S3's largest part number. */
export const maxParts = 10_000;

/** What to persist to resume an upload after a reload. */
export interface MultipartResume {
  uploadId: string;
  /** The part size the upload was begun with: parts must be cut the same way again. */
  partSize: number;
}

export interface UploadLargeOptions {
  /** Bytes per part, at least 5 MiB (default 8 MiB); grown if the Blob needs over 10,000. */
  partSize?: number;
  /** Parts in flight at once (default 3). */
  parallel?: number;
  /** Create only: 'exists' if the key is there already (see completeMultipartUpload). */
  ifNoneMatch?: boolean;
  /** A previous attempt's upload, to continue rather than start again. */
  resume?: MultipartResume;
  /** Called (and awaited) once the upload exists, before any part is sent: persist it. */
  onUploadId?: (resume: MultipartResume) => void | Promise<void>;
  /** Called after each part the store has confirmed (including those found by ListParts). */
  onPart?: (part: UploadedPart) => void;
  onProgress?: (progress: { sentBytes: number; totalBytes: number }) => void;
  signal?: AbortSignal;
}

export interface PlannedPart {
  partNumber: number;
  start: number;
  end: number;
}

/** The part size to use: the asked one (at least 5 MiB), grown to keep within 10,000 parts. */
export function choosePartSize(totalBytes: number, asked = defaultPartSize): number {
  const floor = Math.max(minPartSize, Math.ceil(totalBytes / maxParts));
  return Math.ceil(Math.max(asked, floor) / MiB) * MiB;
}

/** Byte ranges of each part, numbered from 1. */
export function planParts(totalBytes: number, partSize: number): PlannedPart[] {
  const parts: PlannedPart[] = [];
  for (let start = 0, n = 1; start < totalBytes; start += partSize, n++) {
    parts.push({ partNumber: n, start, end: Math.min(start + partSize, totalBytes) });
  }
  return parts;
}

export async function uploadLarge(
  client: StoreClient,
  key: string,
  body: Blob,
  options: UploadLargeOptions = {},
): Promise<PutResult> {
  const { signal, ifNoneMatch } = options;
  const partSize = options.resume?.partSize ?? choosePartSize(body.size, options.partSize);
  if (partSize < minPartSize) throw new RangeError('uploadLarge: parts must be at least 5 MiB');
  if (!options.resume && body.size <= partSize) {
    return client.putObject(key, body, { ifNoneMatch, signal });
  }
  // radosgw 16 ignores If-None-Match on CompleteMultipartUpload: check before sending 40 MB.
  // (A writer racing between this HEAD and the completion would still be overwritten there.)
  if (ifNoneMatch && !options.resume && (await client.headObject(key, { signal }))) return 'exists';

  const plan = planParts(body.size, partSize);
  const done = new Map<number, UploadedPart>();
  let uploadId = options.resume?.uploadId;
  if (uploadId !== undefined) {
    const held = await heldParts(client, key, uploadId, signal);
    if (held === 'gone') {
      // Completed just before the reload, or aborted/expired: the object tells which.
      const head = await client.headObject(key, { signal });
      if (head?.size === body.size) return 'created';
      uploadId = undefined;
    } else {
      for (const part of held) {
        const planned = plan[part.partNumber - 1];
        if (planned && planned.end - planned.start === part.size) done.set(part.partNumber, part);
      }
    }
  }
  if (uploadId === undefined) {
    uploadId = await client.createMultipartUpload(key, { signal });
    await options.onUploadId?.({ uploadId, partSize });
  }

  let sentBytes = 0;
  for (const part of done.values()) {
    sentBytes += part.size;
    options.onPart?.(part);
  }
  options.onProgress?.({ sentBytes, totalBytes: body.size });

  const todo = plan.filter((p) => !done.has(p.partNumber));
  const id = uploadId;
  await runPool(todo, options.parallel ?? 3, signal, async (planned, poolSignal) => {
    const slice = body.slice(planned.start, planned.end);
    const part = await client.uploadPart(key, id, planned.partNumber, slice, {
      signal: poolSignal,
    });
    done.set(part.partNumber, part);
    sentBytes += part.size;
    options.onPart?.(part);
    options.onProgress?.({ sentBytes, totalBytes: body.size });
  });

  try {
    const result = await client.completeMultipartUpload(key, id, [...done.values()], {
      ifNoneMatch,
      signal,
    });
    if (result === 'exists') await client.abortMultipartUpload(key, id, { signal });
    return result;
  } catch (error) {
    // A retried completion whose first try succeeded finds the upload gone (NoSuchUpload).
    if (error instanceof StoreError && error.kind === 'notFound') {
      const head = await client.headObject(key, { signal });
      if (head?.size === body.size) return 'created';
    }
    throw error;
  }
}

async function heldParts(
  client: StoreClient,
  key: string,
  uploadId: string,
  signal: AbortSignal | undefined,
): Promise<UploadedPart[] | 'gone'> {
  try {
    return await client.listParts(key, uploadId, { signal });
  } catch (error) {
    if (error instanceof StoreError && error.kind === 'notFound') return 'gone';
    throw error;
  }
}

/**
 * Runs `work` on every item, at most `parallel` at once. The first failure stops the rest
 * (their requests are aborted) and is what this rejects with.
 */
export async function runPool<T>(
  items: readonly T[],
  parallel: number,
  signal: AbortSignal | undefined,
  work: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const stop = new AbortController();
  const poolSignal = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  let next = 0;
  let failure: { error: unknown } | undefined;
  const runner = async (): Promise<void> => {
    while (!failure && !poolSignal.aborted && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item, poolSignal);
      } catch (error) {
        failure ??= { error };
        stop.abort();
      }
    }
  };
  const count = Math.max(1, Math.min(parallel, items.length));
  await Promise.all(Array.from({ length: count }, runner));
  if (failure) throw failure.error;
  signal?.throwIfAborted();
}
