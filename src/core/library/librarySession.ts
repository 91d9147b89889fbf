/**
 * An unlocked library in the crypto worker: the local library, its import coordinator and the
 * reads the page makes (timeline, thumbnails, details). Made at unlock, closed at lock, when
 * every derived key is wiped.
 */
import { wipe } from '../crypto/keys';
import { fromHex } from '../crypto/random';
import { ObjectKind, openBlob } from '../crypto/sealed';
import { ImportCoordinator, type ImportEvent, type PosterMaker } from '../import/coordinator';
import type { ImportWorkerPool } from '../import/importWork';
import { ImportJournal } from '../import/journal';
import type { ImportFile, ImportProgress } from '../import/types';
import type { PinholeDatabase } from '../storage/db';
import {
  deriveLibraryKeys,
  unwrapPhotoKey,
  wipeLibraryKeys,
  type LibraryKeys,
} from './libraryKeys';
import { isPhotoVisible } from './libraryState';
import { LocalLibrary } from './localLibrary';
import { readPhotoInfo, type PhotoInfo } from './photoInfo';
import { publicEntry, type IndexedPhoto, type TimelineEntry, type TimelineMonth } from './timeline';

/** What the info panel shows: everything but the key and object ids. */
export type PhotoDetails = Omit<PhotoInfo, 'key' | 'objects'> & { id: string };

export type ImageSize = 'thumbnail' | 'preview' | 'original';

export class LibrarySession {
  private readonly photos = new Map<string, IndexedPhoto>();
  private readonly listeners = new Set<(event: ImportEvent) => void>();
  readonly importer: ImportCoordinator;

  private constructor(
    db: PinholeDatabase,
    private readonly keys: LibraryKeys,
    readonly library: LocalLibrary,
    private readonly pool: ImportWorkerPool,
  ) {
    this.importer = new ImportCoordinator(
      library,
      keys,
      new ImportJournal(db, keys),
      pool.workers,
      (event) => {
        for (const listener of this.listeners) listener(event);
      },
    );
  }

  static async open(
    db: PinholeDatabase,
    masterKey: Uint8Array,
    libraryId: Uint8Array,
    startImportWorkers: () => ImportWorkerPool,
  ): Promise<LibrarySession> {
    const keys = await deriveLibraryKeys(masterKey, libraryId);
    const library = await LocalLibrary.open(db, keys);
    const pool = startImportWorkers();
    await Promise.all(pool.workers.map((worker) => worker.setContentHashKey(keys.contentHashKey)));
    return new LibrarySession(db, keys, library, pool);
  }

  subscribe(listener: (event: ImportEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setPosterMaker(maker: PosterMaker | null): void {
    this.importer.setPosterMaker(maker);
  }

  startImport(files: ImportFile[]): Promise<void> {
    return this.importer.start(files);
  }

  importProgress(): ImportProgress {
    return this.importer.progress();
  }

  months(): TimelineMonth[] {
    return this.library.months();
  }

  async monthEntries(month: string): Promise<TimelineEntry[]> {
    const entries = await this.library.monthEntries(month);
    for (const entry of entries) this.photos.set(entry.id, entry);
    return entries.map(publicEntry);
  }

  /** A photo's thumbnail, preview or original, decrypted: the page shows it as an object URL. */
  async image(photoId: string, size: ImageSize): Promise<Blob> {
    const entry = this.photos.get(photoId) ?? (await this.findEntry(photoId));
    const sealed = await this.library.blob(entry.objects[size]);
    if (!sealed) throw new Error(`This photo's ${size} is not on this device.`);
    const photoKey = await unwrapPhotoKey(this.keys, photoId, entry.key);
    try {
      const kind = ObjectKind[size];
      const objectId = fromHex(entry.objects[size]);
      return await openBlob(
        photoKey,
        sealed,
        { kind, objectId },
        {
          type: size === 'original' ? entry.mime : '',
        },
      );
    } finally {
      wipe(photoKey);
    }
  }

  async details(photoId: string): Promise<PhotoDetails | null> {
    const state = await this.library.loadState();
    const photo = state.photos.get(photoId);
    const info = isPhotoVisible(photo) ? readPhotoInfo(photo.info) : null;
    if (!info) return null;
    const details: Partial<PhotoInfo> = { ...info };
    delete details.key;
    delete details.objects;
    return { ...(details as Omit<PhotoDetails, 'id'>), id: photoId };
  }

  close(): void {
    this.importer.halt();
    this.pool.terminate();
    this.listeners.clear();
    wipeLibraryKeys(this.keys);
  }

  /** Looks a photo up in the months not yet read (rare: the page asks for what it was shown). */
  private async findEntry(photoId: string): Promise<IndexedPhoto> {
    for (const { month } of this.library.months()) {
      await this.monthEntries(month);
      const entry = this.photos.get(photoId);
      if (entry) return entry;
    }
    throw new Error('This photo is not in the library.');
  }
}
