/**
 * Photos as one streaming zip (client-zip: stored, not compressed; Zip64 when needed). Pure
 * TypeScript: it runs in the crypto worker, which opens each original just before its bytes are
 * due, so at most one decrypted original is held at a time.
 */
import { makeZip, predictLength } from 'client-zip';
import { UniqueNames } from './zipNames';

/** Opens a photo's decrypted original, with its original name, type and lastModified. */
export type OpenPhotoFile = (photoId: string) => Promise<File>;

/** What the library knows of an original without decrypting it (a photo's info). */
export interface ZipEntrySize {
  name: string;
  /** Bytes of the original. */
  size: number;
}

/**
 * A photo that could not go into the zip. The zip stream errors with it, so a download that
 * reads the stream fails instead of ending as a shorter zip. Its message names the photo: only
 * `message` survives the trip to the page (structured clone keeps neither the class nor fields).
 */
export class PhotoZipError extends Error {
  override name = 'PhotoZipError';

  constructor(
    readonly photoId: string,
    readonly fileName: string | null,
    cause: unknown,
  ) {
    const photo = fileName === null ? `Photo ${photoId}` : `"${fileName}"`;
    super(`${photo} could not be added to the zip: ${messageOf(cause)}`, { cause });
  }
}

export interface PhotoZipOptions {
  /**
   * A photo's file name for the error when openFile fails (the File, which has it, never came).
   * Without it, or when it fails too, the error names the photo by its id.
   */
  nameOf?: (photoId: string) => Promise<string | null>;
}

/**
 * A zip of the photos' originals, in the order given, as a stream. Nothing is opened until the
 * stream is read; each original is opened when the previous one has been written out. Entry
 * names are the originals' names made unique (see UniqueNames); dates are their lastModified.
 */
export function photoZip(
  photoIds: string[],
  openFile: OpenPhotoFile,
  options: PhotoZipOptions = {},
): ReadableStream<Uint8Array> {
  return makeZip(entries([...photoIds], openFile, options), { buffersAreUTF8: true });
}

/**
 * The exact byte length photoZip will produce for originals of these names and sizes, in the
 * same order, so a download can show its progress. Costs nothing: it reads no bytes. The names
 * and sizes must be those of the Files openFile returns, or the length is wrong.
 */
export function photoZipLength(files: readonly ZipEntrySize[]): number {
  const names = new UniqueNames();
  return Number(predictLength(files.map(({ name, size }) => ({ name: names.claim(name), size }))));
}

async function* entries(photoIds: string[], openFile: OpenPhotoFile, options: PhotoZipOptions) {
  const names = new UniqueNames();
  for (const photoId of photoIds) {
    let file: File;
    try {
      file = await openFile(photoId);
    } catch (cause) {
      const name = await options.nameOf?.(photoId).catch(() => null);
      throw new PhotoZipError(photoId, name ?? null, cause);
    }
    const fail = (cause: unknown) => new PhotoZipError(photoId, file.name, cause);
    try {
      yield {
        name: names.claim(file.name),
        lastModified: new Date(file.lastModified),
        size: file.size,
        input: bytesOf(file, fail),
      };
    } catch {
      // client-zip throws the reader's reason in here when the zip stream is cancelled (the user
      // cancelled the download): stop quietly, so the cancellation itself succeeds.
      return;
    }
  }
}

/** The File's bytes; a failed read becomes an error naming the photo. */
async function* bytesOf(file: File, fail: (cause: unknown) => Error) {
  const reader = file.stream().getReader();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (cause) {
        throw fail(cause);
      }
      if (chunk.done) return;
      yield chunk.value;
    }
  } finally {
    // Stops the read when the zip is cancelled mid-file; a no-op once the file was read.
    await reader.cancel().catch(() => undefined);
  }
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
