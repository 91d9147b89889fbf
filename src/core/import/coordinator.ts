/**
 * Runs imports: hands files to a pool of import workers (importWork.ts), one file per worker at
 * a time, and records every outcome in the library and the journal. Lives in the crypto worker,
 * beside the master key.
 *
 * Two steps per file. Staging (read once, seal, hash: crypto speed) runs ahead of processing
 * (decode, previews: decode speed), about three files staged per file processed. A staged file
 * is already stored, sealed, with its journal record, so when the tab closes, the next unlock
 * finishes every staged file by itself; only files never read must be handed over again (a
 * browser cannot reopen a file the person picked without them). Duplicates are recognised at
 * staging by their keyed content hash and never stored.
 *
 * Back-pressure: a worker has one file in flight and takes the next only when it is done, so a drop of 10,000 files holds 10,000 File handles (no bytes) and a few
 * files' worth of data.
 */
import { transfer, type Remote } from 'comlink';
import { randomBytes, toHex } from '../crypto/random';
import { wipe } from '../crypto/keys';
import { unwrapPhotoKey, wrapPhotoKey, type LibraryKeys } from '../library/libraryKeys';
import { StorageFullError, type LocalLibrary } from '../library/localLibrary';
import type { PhotoInfo } from '../library/photoInfo';
import { SKIPPED_FILE_ERROR_NAMES } from '../media/errors';
import type { FileType } from '../media/fileType';
import type { ImportWork, SealedData, StagedFile } from './importWork';
import type { ImportJournal, ItemRecord } from './journal';
import type { ImportFile, ImportPhase, ImportProgress, SkippedFile } from './types';

/** Decodes a frame of a video: only the page can (see src/ui/import/videoPoster.ts). */
export type PosterMaker = (video: Blob) => Promise<ImageBitmap>;

/**
 * Events for the page: progress (throttled), and the months of the timeline that changed (after
 * each index flush that changed any), for the page to read those again and only those.
 */
export type ImportEvent =
  { type: 'progress'; progress: ImportProgress } | { type: 'libraryChanged'; months: string[] };

interface FileJob {
  importId: string;
  index: number;
  name: string;
  folder: string;
  size: number;
  lastModified: number;
  /** The picked file; absent when finishing an import from an earlier session. */
  file: Blob | null;
}

interface StagedJob extends FileJob {
  photoId: string;
  type: FileType;
  contentHash: string;
  originalId: string;
  wrappedKey: string;
  /** Kept between the two steps of this session; unwrapped again after a reload. */
  photoKey: Uint8Array | null;
}

/** Files staged per file processed, while there are files to stage. */
const STAGE_AHEAD = 3;
/** The first photos of an import reach the timeline this soon after they are committed (ms). */
const FIRST_FLUSH_DELAY_MS = 800;
/**
 * Then the timeline is refreshed this often while the import runs. Each refresh reseals the
 * months that changed, and the page reads them again, lays them out and remounts the tiles that
 * moved: work that grows with the month. 300 photos into one month, production build, two cores:
 * every 800 ms the page's main thread used 26-30 ms of CPU per photo, every 2.5 s 17-19 ms
 * (the whole import ~2-3% faster, 4.35-4.40 -> 4.38-4.60 photos/s).
 */
const FLUSH_INTERVAL_MS = 2500;
const PROGRESS_INTERVAL_MS = 250;
const SPEED_WINDOW_MS = 5000;

/**
 * A sealed original as it rests in IndexedDB: a Blob. Sync then hands IndexedDB's own file to
 * fetch, where bytes had to be read into the crypto worker and copied into a new Blob for every
 * upload (200 photos, 884 MB to radosgw: 8.0 s, now 5.4 s; `npm run bench`). Made here, in the
 * crypto worker, whose garbage collector runs as each original's bytes arrive, so these Blobs do
 * not pile up in the browser process the way Blobs made in the import workers did (importWork.ts).
 */
function restingOriginal(sealed: SealedData): Blob {
  return sealed instanceof Blob ? sealed : new Blob([sealed as Uint8Array<ArrayBuffer>]);
}

export class ImportCoordinator {
  private readonly toStage: FileJob[] = [];
  private readonly toProcess: StagedJob[] = [];
  private readonly pendingHashes = new Set<string>();
  private progressState: ImportProgress = idleProgress();
  /**
   * Workers with a file in flight: one file per worker. Two per worker were measured too (one
   * using the worker while the other waits for Chromium's decoder threads): no gain on two cores,
   * 6.0 photos/s either way, for up to one more decoded photo (48 MB at 12 MP) each.
   */
  private readonly busyWorkers = new Set<Remote<ImportWork>>();
  private resumed = false;
  /** Locked: stop without writing anything (the keys are being wiped). */
  private halted = false;
  private paused = false;
  private resumePaused: (() => void) | null = null;
  private cancelled = false;
  private readonly imports = new Set<string>();
  private samples: [number, number][] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  /** The timeline was refreshed since the workers last ran out of files. */
  private flushedDuringImport = false;
  private progressTimer: ReturnType<typeof setTimeout> | null = null;
  private posterMaker: PosterMaker | null = null;
  private releasing: Promise<void> = Promise.resolve();

  constructor(
    private readonly library: LocalLibrary,
    private readonly keys: LibraryKeys,
    private readonly journal: ImportJournal,
    private readonly workers: Remote<ImportWork>[],
    private readonly notify: (event: ImportEvent) => void,
  ) {}

  setPosterMaker(maker: PosterMaker | null): void {
    this.posterMaker = maker;
  }

  progress(): ImportProgress {
    return structuredClone(this.progressState);
  }

  /**
   * Picks up imports an earlier session left unfinished: staged files are processed now; files
   * never read are counted as unread, for the page to ask for them again.
   */
  async resumeInterrupted(): Promise<void> {
    if (this.resumed) return; // once per unlock: a second call would queue the files twice
    this.resumed = true;
    let unread = 0;
    for (const { importId, manifest, items } of await this.journal.entries()) {
      if (this.imports.has(importId)) continue; // started in this session, not left over
      const finished = manifest.files.every((_, index) => {
        const item = items.get(index);
        return item !== undefined && item.s !== 'staged';
      });
      if (finished) {
        await this.journal.remove(importId); // nothing to resume
        continue;
      }
      manifest.files.forEach((file, index) => {
        const item = items.get(index);
        if (item === undefined) unread++;
        else if (item.s === 'staged') {
          this.toProcess.push({
            importId,
            index,
            ...file,
            file: null,
            photoId: item.photoId,
            type: item.type,
            contentHash: item.contentHash,
            originalId: item.originalId,
            wrappedKey: item.key,
            photoKey: null,
          });
          this.pendingHashes.add(item.contentHash);
        } else this.countFinished(file.size, item, file.name, file.folder);
      });
      this.imports.add(importId);
      this.progressState.totalFiles += manifest.files.length;
      this.progressState.totalBytes += manifest.files.reduce((sum, f) => sum + f.size, 0);
    }
    this.progressState.unreadFiles = unread;
    this.progressState.totalFiles -= unread;
    if (this.toProcess.length > 0) this.run();
    else if (unread > 0) this.setPhase('interrupted');
  }

  /** Adds files to the import (a new one, or the one running). */
  async start(files: ImportFile[]): Promise<void> {
    if (files.length === 0) return;
    if (this.progressState.phase !== 'running' && this.progressState.phase !== 'paused') {
      await this.forgetFinished();
    }
    const importId = toHex(randomBytes(16));
    const manifest = files.map(({ file, folder }) => ({
      name: file.name,
      folder,
      size: file.size,
      lastModified: file.lastModified,
    }));
    await this.journal.create(importId, manifest);
    this.imports.add(importId);
    files.forEach(({ file }, index) => {
      const entry = manifest[index];
      if (entry) this.toStage.push({ importId, index, ...entry, file });
    });
    this.progressState.totalFiles += files.length;
    this.progressState.totalBytes += manifest.reduce((sum, f) => sum + f.size, 0);
    this.cancelled = false;
    this.run();
  }

  pause(): void {
    if (this.progressState.phase !== 'running') return;
    this.paused = true;
    this.setPhase('paused');
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.setPhase('running');
    this.resumePaused?.();
    this.resumePaused = null;
  }

  /** Stops: files not yet in the library are dropped (their staged originals deleted). */
  async cancel(): Promise<void> {
    this.cancelled = true;
    this.toStage.length = 0;
    const staged = this.toProcess.splice(0);
    this.resume();
    if (staged.length > 0) {
      await this.library.commit([], { deleteBlobs: staged.map((job) => job.originalId) });
    }
    for (const job of staged) wipe(job.photoKey);
    for (const importId of this.imports) await this.journal.remove(importId);
    this.imports.clear();
    this.pendingHashes.clear();
    this.setPhase('cancelled');
  }

  /**
   * Stops at once, writing nothing more (the library is being locked). The journal keeps what
   * was not finished, for the next unlock.
   */
  halt(): void {
    this.halted = true;
    this.cancelled = true;
    this.resume();
  }

  /** Forgets finished and interrupted imports (their unread files will not be asked for again). */
  async forgetFinished(): Promise<void> {
    if (this.busyWorkers.size > 0) return;
    for (const importId of this.imports) await this.journal.remove(importId);
    this.imports.clear();
    this.progressState = idleProgress();
    this.emitProgress();
  }

  private run(): void {
    this.setPhase(this.paused ? 'paused' : 'running');
    for (const worker of this.workers) {
      if (this.busyWorkers.has(worker)) continue;
      this.busyWorkers.add(worker);
      void this.slot(worker).finally(() => {
        this.busyWorkers.delete(worker);
        if (this.busyWorkers.size === 0) void this.finish();
      });
    }
  }

  /**
   * One worker's loop: stage up to STAGE_AHEAD files, then process one, until none are left.
   * The worker takes its next file as soon as it hands a result back; storing that result (an
   * IndexedDB transaction, ~20-25 ms with two workers busy) goes on meanwhile. Waiting for it
   * left each worker idle ~14% of an import (300 photos, `npm run bench`). This, with the
   * derivatives' encoders running at once, gave photos/s within the bench's noise (two runs
   * each: 5.93 and 6.59 photos/s, against 6.01 and 6.16 before).
   */
  private async slot(worker: Remote<ImportWork>): Promise<void> {
    let stagedInARow = 0;
    /** The commit of this worker's last file, running while the worker has the next one. */
    let storing: Promise<void> = Promise.resolve();
    for (;;) {
      if (this.paused)
        await new Promise<void>(
          (resolve) => (this.resumePaused = chain(this.resumePaused, resolve)),
        );
      if (this.cancelled || this.progressState.phase === 'failed') break;
      // A file still being stored may be staged and due for processing: wait for it first.
      if (this.toStage.length === 0 && this.toProcess.length === 0) await storing;
      const stageNext =
        this.toStage.length > 0 && (stagedInARow < STAGE_AHEAD || this.toProcess.length === 0);
      const next = stageNext ? this.toStage.shift() : this.toProcess.shift();
      if (!next) break;
      stagedInARow = stageNext ? stagedInARow + 1 : 0;
      let workerFree = (): void => undefined;
      const freed = new Promise<void>((resolve) => (workerFree = resolve));
      const stored = this.handle(worker, next, stageNext, workerFree);
      await freed;
      await storing;
      storing = stored;
    }
    await storing;
  }

  /** Stages or processes one file and stores the outcome; calls `workerFree` once the worker is. */
  private async handle(
    worker: Remote<ImportWork>,
    job: FileJob,
    stage: boolean,
    workerFree: () => void,
  ): Promise<void> {
    try {
      if (stage) await this.stage(worker, job, workerFree);
      else await this.process(worker, job as StagedJob, workerFree);
    } catch (error) {
      if (this.halted) return;
      if (error instanceof StorageFullError) {
        this.fail(error.message);
        return;
      }
      await this.skip(job, reasonOf(error));
    } finally {
      workerFree();
    }
  }

  private async stage(
    worker: Remote<ImportWork>,
    job: FileJob,
    workerFree: () => void,
  ): Promise<void> {
    if (!job.file) throw new Error('nothing to stage');
    const staged: StagedFile = await worker.stage(job.file);
    workerFree();
    if (this.cancelled) {
      wipe(staged.photoKey);
      return;
    }
    const state = await this.library.loadState();
    if (
      state.photosByContentHash.has(staged.contentHash) ||
      this.pendingHashes.has(staged.contentHash)
    ) {
      wipe(staged.photoKey);
      await this.record(job, { s: 'duplicate' });
      this.progressState.duplicateFiles++;
      this.fileDone(job.size);
      return;
    }
    this.pendingHashes.add(staged.contentHash);
    const photoId = toHex(randomBytes(16));
    const wrappedKey = await wrapPhotoKey(this.keys, photoId, staged.photoKey);
    const item: ItemRecord = {
      s: 'staged',
      photoId,
      originalId: staged.originalId,
      key: wrappedKey,
      contentHash: staged.contentHash,
      type: staged.type,
    };
    await this.library.commit([], {
      blobs: [[staged.originalId, restingOriginal(staged.original)]],
      importItems: [await this.journal.sealItem(job.importId, job.index, item)],
    });
    const stagedJob: StagedJob = {
      ...job,
      photoId,
      type: staged.type,
      contentHash: staged.contentHash,
      originalId: staged.originalId,
      wrappedKey,
      photoKey: staged.photoKey,
    };
    // cancel() may have run during the awaits above, which the linter's narrowing cannot see.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    if (this.cancelled) {
      // Cancelled while this file was being stored, after cancel() cleared the staged files.
      if (this.halted)
        wipe(staged.photoKey); // locked: the journal finishes it at the next unlock
      else await this.releaseStaged([stagedJob]);
      return;
    }
    this.toProcess.push(stagedJob);
  }

  private async process(
    worker: Remote<ImportWork>,
    job: StagedJob,
    workerFree: () => void,
  ): Promise<void> {
    const photoKey = job.photoKey ?? (await unwrapPhotoKey(this.keys, job.photoId, job.wrappedKey));
    try {
      const plain = job.file ?? (await this.reopenOriginal(worker, job, photoKey));
      let poster: ImageBitmap | undefined;
      if (job.type.kind === 'video') {
        if (!this.posterMaker) throw new Error('videos can only be imported with the app open');
        poster = await this.posterMaker(plain);
      }
      const request = { plain, type: job.type, photoKey, fileModifiedMs: job.lastModified, poster };
      const processed = await worker.process(poster ? transfer(request, [poster]) : request);
      workerFree();
      if (this.cancelled) {
        // Cancelled while this file was in a worker: its staged original goes too.
        if (!this.halted) await this.library.commit([], { deleteBlobs: [job.originalId] });
        return;
      }
      const { metadata } = processed;
      const info: PhotoInfo = {
        kind: job.type.kind,
        mime: job.type.mime,
        fileName: job.name,
        folder: job.folder,
        size: job.size,
        fileModifiedMs: job.lastModified,
        width: processed.width,
        height: processed.height,
        takenAt: metadata.takenAt,
        gps: metadata.gps ?? null,
        camera: metadata.camera ?? null,
        lens: metadata.lens ?? null,
        exposure: metadata.exposure ?? null,
        durationS: processed.durationS,
        placeholder: processed.placeholder,
        key: job.wrappedKey,
        objects: {
          original: job.originalId,
          preview: processed.previewId,
          thumbnail: processed.thumbnailId,
        },
      };
      await this.library.commit(
        [
          {
            type: 'photoAdded',
            photoId: job.photoId,
            contentHash: job.contentHash,
            // JSON round trip: operations carry JSON values only (no undefined fields).
            info: JSON.parse(JSON.stringify(info)) as Record<string, unknown>,
          },
        ],
        {
          blobs: [
            [processed.previewId, processed.preview],
            [processed.thumbnailId, processed.thumbnail],
          ],
          importItems: [
            await this.journal.sealItem(job.importId, job.index, {
              s: 'done',
              photoId: job.photoId,
            }),
          ],
        },
      );
      this.pendingHashes.delete(job.contentHash);
      this.progressState.importedFiles++;
      this.fileDone(job.size);
      this.scheduleFlush();
    } catch (error) {
      if (error instanceof StorageFullError || this.halted) throw error;
      // Not importable after all (damaged, undecodable): its staged original goes too.
      this.pendingHashes.delete(job.contentHash);
      await this.skip(job, reasonOf(error), [job.originalId]);
    } finally {
      wipe(photoKey);
    }
  }

  private async reopenOriginal(
    worker: Remote<ImportWork>,
    job: StagedJob,
    photoKey: Uint8Array,
  ): Promise<Blob> {
    const sealed = await this.library.blob(job.originalId);
    if (!sealed) throw new Error('its staged copy is missing from this browser');
    return worker.openOriginal(sealed, photoKey, job.originalId, job.type);
  }

  /** Records a file as skipped (deleting `deleteBlobs` in the same transaction). */
  private async skip(job: FileJob, reason: string, deleteBlobs: string[] = []): Promise<void> {
    await this.library.commit([], {
      deleteBlobs,
      importItems: [await this.journal.sealItem(job.importId, job.index, { s: 'skipped', reason })],
    });
    this.progressState.skipped.push({ name: job.name, folder: job.folder, reason });
    this.fileDone(job.size);
  }

  private async record(job: FileJob, item: ItemRecord): Promise<void> {
    await this.library.commit([], {
      importItems: [await this.journal.sealItem(job.importId, job.index, item)],
    });
  }

  private countFinished(size: number, item: ItemRecord, name: string, folder: string): void {
    if (item.s === 'done') this.progressState.importedFiles++;
    else if (item.s === 'duplicate') this.progressState.duplicateFiles++;
    else if (item.s === 'skipped')
      this.progressState.skipped.push({ name, folder, reason: item.reason });
    this.progressState.doneFiles++;
    this.progressState.doneBytes += size;
  }

  private fileDone(size: number): void {
    this.progressState.doneFiles++;
    this.progressState.doneBytes += size;
    const now = Date.now();
    this.samples.push([now, this.progressState.doneBytes]);
    this.samples = this.samples.filter(([at]) => now - at <= SPEED_WINDOW_MS);
    const first = this.samples[0];
    if (first && now > first[0]) {
      const speed = ((this.progressState.doneBytes - first[1]) * 1000) / (now - first[0]);
      this.progressState.bytesPerSecond = Math.round(speed);
      const left = this.progressState.totalBytes - this.progressState.doneBytes;
      this.progressState.secondsLeft = speed > 0 ? Math.ceil(left / speed) : null;
    }
    this.scheduleProgress();
  }

  private async finish(): Promise<void> {
    if (this.halted) return;
    await this.releasing;
    this.flushedDuringImport = false;
    await this.flushNow();
    if (this.cancelled || this.progressState.phase === 'failed') return;
    if (this.toStage.length > 0 || this.toProcess.length > 0) return; // paused mid-way
    this.progressState.bytesPerSecond = 0;
    this.progressState.secondsLeft = null;
    // Imports with every file accounted for leave the journal; one with unread files stays.
    this.setPhase(this.progressState.unreadFiles > 0 ? 'interrupted' : 'done');
    if (this.progressState.unreadFiles === 0) {
      for (const importId of this.imports) await this.journal.remove(importId);
      this.imports.clear();
    }
  }

  /**
   * Stops everything (storage is full). Files staged but not processed give their space back and
   * count as unread, with the files never read: the person adds them again once there is room.
   */
  private fail(message: string): void {
    if (this.progressState.phase === 'failed') return;
    this.progressState.error = message;
    const unread = this.toStage.splice(0);
    const staged = this.toProcess.splice(0);
    this.progressState.unreadFiles += unread.length + staged.length;
    this.progressState.bytesPerSecond = 0;
    this.progressState.secondsLeft = null;
    this.setPhase('failed');
    this.releasing = this.releaseStaged(staged);
  }

  private async releaseStaged(staged: StagedJob[]): Promise<void> {
    for (const job of staged) {
      this.pendingHashes.delete(job.contentHash);
      wipe(job.photoKey);
    }
    if (staged.length === 0) return;
    // Deleting needs no space, so this succeeds on a full disk.
    await this.library.commit([], {
      deleteBlobs: staged.map((job) => job.originalId),
      deleteImportItems: staged.map((job): [string, number] => [job.importId, job.index]),
    });
  }

  private setPhase(phase: ImportPhase): void {
    this.progressState.phase = phase;
    this.emitProgress();
  }

  private scheduleProgress(): void {
    this.progressTimer ??= setTimeout(() => {
      this.progressTimer = null;
      this.emitProgress();
    }, PROGRESS_INTERVAL_MS);
  }

  private emitProgress(): void {
    this.notify({ type: 'progress', progress: this.progress() });
  }

  private scheduleFlush(): void {
    const delay = this.flushedDuringImport ? FLUSH_INTERVAL_MS : FIRST_FLUSH_DELAY_MS;
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = null;
      this.flushedDuringImport = true;
      void this.flushNow();
    }, delay);
  }

  private async flushNow(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    // A full disk does not fail a flush (the timeline is kept in memory): a commit reports it.
    const months = await this.library.flush();
    if (months.length > 0) this.notify({ type: 'libraryChanged', months });
  }
}

function idleProgress(): ImportProgress {
  return {
    phase: 'idle',
    totalFiles: 0,
    doneFiles: 0,
    importedFiles: 0,
    duplicateFiles: 0,
    skipped: [] as SkippedFile[],
    totalBytes: 0,
    doneBytes: 0,
    bytesPerSecond: 0,
    secondsLeft: null,
    unreadFiles: 0,
    error: null,
  };
}

/** A reason for people: a skipped-file error's own sentence, or a general one. */
function reasonOf(error: unknown): string {
  if (error instanceof Error && SKIPPED_FILE_ERROR_NAMES.has(error.name)) return error.message;
  const detail = error instanceof Error ? error.message : String(error);
  return `This file could not be imported (${detail}).`;
}

function chain(previous: (() => void) | null, next: () => void): () => void {
  return () => {
    previous?.();
    next();
  };
}
