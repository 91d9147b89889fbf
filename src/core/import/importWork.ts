/**
 * What one import worker does with one file, in two steps (see coordinator.ts for why two):
 *
 * 1. stage: read the file once, front to back, sealing it under a new photo key while hashing
 *    it (keyed BLAKE3). The sealed original is what the library stores; the hash finds duplicates.
 * 2. process: read the metadata, decode once, make the preview, thumbnail and placeholder, and
 *    seal the two images under the same photo key.
 *
 * Runs in a Web Worker; the coordinator talks to it over a private MessagePort, so keys never
 * pass through the page.
 */
import { transfer, type Remote } from 'comlink';
import { BlobBuilder, blobSource } from '../crypto/byteSources';
import { newId, newKey } from '../crypto/keys';
import { concatBytes, fromHex, toHex } from '../crypto/random';
import { ObjectKind, openBlob, sealBytes, sealObject } from '../crypto/sealed';
import {
  derivativesFromBitmap,
  makeDerivatives,
  viewableOriginal,
  type Derivatives,
} from '../media/derivatives';
import { sniffBlob, type FileType } from '../media/fileType';
import { extractMetadata, type PhotoMetadata } from '../media/metadata';
import { extractVideoMetadata } from '../media/videoMetadata';
import { contentHasher } from './contentHash';

export interface StagedFile {
  type: FileType;
  /** Keyed BLAKE3 of the file's bytes, hex. */
  contentHash: string;
  photoKey: Uint8Array;
  /** The sealed original (bytes for a photo, a Blob past IN_MEMORY_LIMIT) and its id (hex). */
  original: SealedData;
  originalId: string;
}

export interface ProcessRequest {
  /** The original's bytes: the picked File, or the staged original opened again. */
  plain: Blob;
  type: FileType;
  photoKey: Uint8Array;
  /** The file's lastModified: the date of last resort. */
  fileModifiedMs: number;
  /** For a video: a frame decoded by the page (workers cannot play video). */
  poster?: ImageBitmap;
}

export interface ProcessedFile {
  metadata: PhotoMetadata;
  width: number;
  height: number;
  placeholder: string;
  durationS: number | null;
  preview: Uint8Array;
  previewId: string;
  thumbnail: Uint8Array;
  thumbnailId: string;
}

/** The import workers of one unlocked library (started by workers/crypto.worker.ts). */
export interface ImportWorkerPool {
  workers: Remote<ImportWork>[];
  terminate(): void;
}

/**
 * Sealed data as it leaves the import workers. Bytes rather than Blobs wherever they fit in
 * memory: Chromium keeps a Blob's bytes in the browser process for as long as the JavaScript
 * object lives, and the garbage collector does not see that memory, so thousands of sealed Blobs
 * made during an import piled up there (1.2 GB for 300 photos, measured with `npm run bench`).
 * ArrayBuffers are counted by the collector, and are transferred between workers without a copy.
 * (Originals become Blobs in the crypto worker to rest in IndexedDB: coordinator.ts.)
 */
export type SealedData = Uint8Array | Blob;

/** Originals up to this size are sealed in memory; larger ones (videos) stream Blob to Blob. */
const IN_MEMORY_LIMIT = 64 * 1024 * 1024;

export class ImportWork {
  private contentHashKey: Uint8Array | null = null;

  setContentHashKey(key: Uint8Array): void {
    this.contentHashKey = key;
  }

  /** Throws UnsupportedFileError (a SkippedFileError) for what is not a photo or video. */
  async stage(file: Blob): Promise<StagedFile> {
    if (!this.contentHashKey) throw new Error('import worker: no content hash key yet');
    const type = await sniffBlob(file);
    const photoKey = newKey();
    const objectId = newId();
    const hasher = await contentHasher(this.contentHashKey);
    const pieces: Uint8Array[] = [];
    const sealed = new BlobBuilder();
    const inMemory = file.size <= IN_MEMORY_LIMIT;
    await sealObject(
      photoKey,
      hasher.tap(blobSource(file)),
      { kind: ObjectKind.original, objectId },
      (piece) => {
        if (inMemory) pieces.push(piece);
        else sealed.add(piece);
      },
    );
    const original = inMemory ? concatBytes(pieces) : sealed.build('application/octet-stream');
    const staged: StagedFile = {
      type,
      contentHash: hasher.digest(),
      photoKey,
      original,
      originalId: toHex(objectId),
    };
    return original instanceof Uint8Array ? transfer(staged, [original.buffer]) : staged;
  }

  /** The staged original's bytes again (to finish an import after the tab was closed). */
  async openOriginal(
    sealed: Blob,
    photoKey: Uint8Array,
    originalId: string,
    type: FileType,
  ): Promise<Blob> {
    const binding = { kind: ObjectKind.original, objectId: fromHex(originalId) };
    return openBlob(photoKey, sealed, binding, { type: type.mime });
  }

  /** The original as the viewer can show it at full size (HEIC as a JPEG; see derivatives). */
  async viewableOriginal(original: Blob): Promise<Blob> {
    return viewableOriginal(original);
  }

  /** Throws UndecodableFileError (a SkippedFileError) for a photo that cannot be decoded. */
  async process(request: ProcessRequest): Promise<ProcessedFile> {
    const { plain, type, photoKey, fileModifiedMs, poster } = request;
    let derivatives: Derivatives;
    let metadata: PhotoMetadata;
    let durationS: number | null = null;
    if (type.kind === 'image') {
      // At once: the metadata is read while the decoder works on its own threads.
      [derivatives, metadata] = await Promise.all([
        makeDerivatives(plain, type),
        extractMetadata(plain, fileModifiedMs, type),
      ]);
    } else {
      if (!poster) throw new Error('import worker: a video needs its poster frame');
      derivatives = await derivativesFromBitmap(poster);
      const video = await extractVideoMetadata(plain, fileModifiedMs, type);
      const { takenAt, gps, camera } = video;
      metadata = {
        takenAt,
        gps,
        camera,
        lens: undefined,
        exposure: undefined,
        orientation: 1,
        width: undefined,
        height: undefined,
      };
      durationS = video.durationS ?? null;
    }
    const previewId = newId();
    const thumbnailId = newId();
    const [preview, thumbnail] = await Promise.all([
      sealDerivative(photoKey, derivatives.preview, ObjectKind.preview, previewId),
      sealDerivative(photoKey, derivatives.thumbnail, ObjectKind.thumbnail, thumbnailId),
    ]);
    const processed: ProcessedFile = {
      metadata,
      width: derivatives.width,
      height: derivatives.height,
      placeholder: derivatives.placeholder,
      durationS,
      preview,
      previewId: toHex(previewId),
      thumbnail,
      thumbnailId: toHex(thumbnailId),
    };
    return transfer(processed, [preview.buffer, thumbnail.buffer]);
  }
}

async function sealDerivative(
  photoKey: Uint8Array,
  image: Blob,
  kind: ObjectKind,
  objectId: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  return sealBytes(photoKey, new Uint8Array(await image.arrayBuffer()), { kind, objectId });
}
