/**
 * An unlocked library in the crypto worker: the local library, its import coordinator and the
 * reads the page makes (timeline, thumbnails, details). Made at unlock, closed at lock, when
 * every derived key is wiped.
 */
import { wipe } from '../crypto/keys';
import { fromHex, randomBytes, toHex } from '../crypto/random';
import { ObjectKind, openBlob } from '../crypto/sealed';
import { ImportCoordinator, type ImportEvent, type PosterMaker } from '../import/coordinator';
import type { ObjectStore } from '../sync/objectStore';
import { SyncController, type StoreFactory, type SyncStatus } from '../sync/syncController';
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
import {
  albumCover,
  albumMembers,
  albumTagsOf,
  isAlbumVisible,
  isPhotoVisible,
  type LibraryState,
} from './libraryState';
import { LocalLibrary, type DraftOperation } from './localLibrary';
import { objectsOnlyOf, readPhotoInfo, type PhotoInfo } from './photoInfo';
import {
  compareEntries,
  indexedPhotoOf,
  publicEntry,
  type IndexedPhoto,
  type TimelineEntry,
  type TimelineMonth,
} from './timeline';
import {
  groupViewByMonth,
  monthsOf,
  purgeMsOf,
  viewKey,
  type AlbumSummary,
  type LibraryView,
} from './views';

/** What the info panel shows: everything but the key and object ids, and whether a favourite. */
export type PhotoDetails = Omit<PhotoInfo, 'key' | 'objects'> & { id: string; favourite: boolean };

export type ImageSize = 'thumbnail' | 'preview' | 'original';

/** What the page hears from an unlocked library: import progress, changes, sync status. */
export type LibraryEvent = ImportEvent | { type: 'syncStatus'; status: SyncStatus };

/** Originals by where they are (bytes: the originals' own sizes, before sealing). */
export interface LocalSpace {
  photos: number;
  onDevice: { photos: number; bytes: number };
  /** On this device and in the bucket: "free up space" would drop these. */
  freeable: { photos: number; bytes: number };
  /** In the bucket only: fetched when opened at full size or downloaded. */
  cloudOnly: { photos: number; bytes: number };
  originalsInCloudOnly: boolean;
}

/** A photo's object is neither here nor (sync being off) reachable in the bucket. */
export class MissingObjectError extends Error {
  override readonly name = 'MissingObjectError';
  constructor(size: ImageSize, syncOn: boolean) {
    super(
      syncOn
        ? `This photo's ${size} is not on this device, and your storage does not have it either.`
        : size === 'original'
          ? "This photo's original is kept in your storage only: turn sync on in Settings > Storage to open it."
          : `This photo's ${size} is not on this device yet: turn sync on to fetch it.`,
    );
  }
}

/** A name a person typed for an album was empty or too long. */
export class AlbumNameError extends Error {
  override readonly name = 'AlbumNameError';
}

const MAX_ALBUM_NAME = 200;
/** Expired trash is emptied a little after unlocking, so it never delays the first paint. */
const PURGE_DELAY_MS = 5000;

type GroupedView = Map<string, IndexedPhoto[]>;

export class LibrarySession {
  private readonly photos = new Map<string, IndexedPhoto>();
  private readonly listeners = new Set<(event: LibraryEvent) => void>();
  /** The last view other than the timeline that was computed, until the state changes. */
  private viewCache: { key: string; revision: number; grouped: GroupedView } | null = null;
  private purgeTimer: ReturnType<typeof setTimeout> | null = null;
  readonly importer: ImportCoordinator;
  readonly sync: SyncController;

  private constructor(
    db: PinholeDatabase,
    private readonly keys: LibraryKeys,
    readonly library: LocalLibrary,
    private readonly pool: ImportWorkerPool,
    /** The import workers have the content-hash key: imports wait for it. */
    private readonly workersReady: Promise<unknown>,
    makeStore: StoreFactory,
  ) {
    this.importer = new ImportCoordinator(
      library,
      keys,
      new ImportJournal(db, keys),
      pool.workers,
      (event) => {
        this.notify(event);
        if (event.type === 'libraryChanged') this.sync.request();
      },
    );
    this.sync = new SyncController(
      db,
      keys,
      library,
      makeStore,
      (status) => {
        this.notify({ type: 'syncStatus', status });
      },
      (report) => {
        if (report.receivedRecords > 0 || report.changedMonths.length > 0) {
          this.notify({ type: 'libraryChanged', months: report.changedMonths });
        }
        if (report.uploadedObjects > 0 && this.sync.originalsInCloudOnly()) {
          void this.freeUpSpace().catch((error: unknown) => {
            console.warn('originals uploaded were not dropped from this device', error);
          });
        }
      },
    );
    // The index head says when the trash is next due, so a library with nothing due never
    // loads its whole state for this.
    const due = library.nextPurgeMs();
    if (due !== null && (due === undefined || due <= Date.now())) {
      this.purgeTimer = setTimeout(() => {
        this.purgeTimer = null;
        void this.purgeExpiredTrash().catch((error: unknown) => {
          console.warn('expired trash was not emptied', error);
        });
      }, PURGE_DELAY_MS);
    }
  }

  static async open(
    db: PinholeDatabase,
    masterKey: Uint8Array,
    libraryId: Uint8Array,
    startImportWorkers: () => ImportWorkerPool,
    makeStore: StoreFactory = noStore,
  ): Promise<LibrarySession> {
    const keys = await deriveLibraryKeys(masterKey, libraryId);
    const library = await LocalLibrary.open(db, keys);
    const pool = startImportWorkers();
    // Not awaited here: the workers load while the page reads its first months (~75 ms).
    const workersReady = Promise.all(
      pool.workers.map((worker) => worker.setContentHashKey(keys.contentHashKey)),
    );
    workersReady.catch(() => undefined); // awaited, and so reported, by the first import
    const session = new LibrarySession(db, keys, library, pool, workersReady, makeStore);
    await session.sync.start();
    return session;
  }

  subscribe(listener: (event: LibraryEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setPosterMaker(maker: PosterMaker | null): void {
    this.importer.setPosterMaker(maker);
  }

  async startImport(files: ImportFile[]): Promise<void> {
    await this.workersReady;
    await this.importer.start(files);
  }

  /** Finishes imports an earlier session left unfinished. */
  async resumeImports(): Promise<void> {
    await this.workersReady;
    await this.importer.resumeInterrupted();
  }

  importProgress(): ImportProgress {
    return this.importer.progress();
  }

  // Views: the timeline reads its sealed index; the others are computed from the state.

  async viewMonths(view: LibraryView): Promise<TimelineMonth[]> {
    if (view.kind === 'timeline') return this.library.months();
    return monthsOf(await this.groupedView(view));
  }

  async viewMonth(view: LibraryView, month: string): Promise<TimelineEntry[]> {
    const entries =
      view.kind === 'timeline'
        ? await this.library.monthEntries(month)
        : ((await this.groupedView(view)).get(month) ?? []);
    for (const entry of entries) this.photos.set(entry.id, entry);
    return entries.map(publicEntry);
  }

  /** Every photo id of a view, in its order (to download an album, say). */
  async viewPhotoIds(view: LibraryView): Promise<string[]> {
    const ids: string[] = [];
    for (const { month } of await this.viewMonths(view)) {
      for (const entry of await this.viewMonth(view, month)) ids.push(entry.id);
    }
    return ids;
  }

  /** The photo after (step 1: older) or before (-1) `photoId` in the view, or null at an end. */
  async adjacentPhoto(
    view: LibraryView,
    photoId: string,
    step: 1 | -1,
  ): Promise<TimelineEntry | null> {
    const entry = this.photos.get(photoId) ?? (await this.entryFromState(photoId));
    const months = (await this.viewMonths(view)).map((m) => m.month);
    const month = entry.day.slice(0, 7); // monthOf: the month of the local date taken
    let monthIndex = months.indexOf(month);
    let candidates: TimelineEntry[] = [];
    let index = 0;
    if (monthIndex === -1) {
      // Its month left the view with it (it was just trashed, say): go on from where it was.
      const older = months.findIndex((m) => m < month);
      monthIndex = (older === -1 ? months.length : older) - (step === 1 ? 1 : 0);
    } else {
      candidates = await this.viewMonth(view, month);
      index = candidates.findIndex((e) => e.id === photoId);
      if (index === -1) {
        // No longer in the view itself: its place is where it would sort.
        const firstAfter = candidates.findIndex((e) => compareEntries(e, entry) > 0);
        index = (firstAfter === -1 ? candidates.length : firstAfter) - (step === 1 ? 1 : 0);
      }
    }
    for (;;) {
      const found = candidates[index + step];
      if (found) return found;
      monthIndex += step;
      const month = months[monthIndex];
      if (month === undefined) return null;
      candidates = await this.viewMonth(view, month);
      index = step === 1 ? -1 : candidates.length;
    }
  }

  async albums(): Promise<AlbumSummary[]> {
    const state = await this.library.loadState();
    const summaries: AlbumSummary[] = [];
    for (const album of state.albums.values()) {
      if (!isAlbumVisible(album) || !album.created) continue;
      const members = this.visibleMembers(state, album.id);
      let newest: IndexedPhoto | null = null;
      for (const id of members) {
        const entry = this.entryOf(state, id);
        if (entry && (!newest || compareEntries(entry, newest) < 0)) newest = entry;
      }
      const cover = albumCover(state, album.id);
      summaries.push({
        id: album.id,
        name: album.name?.value ?? '',
        count: members.length,
        coverPhotoId: cover !== null && members.includes(cover) ? cover : (newest?.id ?? null),
        createdMs: album.created.at.wallMs,
        newestMs: newest?.sortMs ?? null,
      });
    }
    return summaries;
  }

  // Changes: each is one commit of operations, then the sealed index is brought up to date.

  async setFavourite(photoIds: string[], favourite: boolean): Promise<void> {
    await this.change(photoIds.map((photoId) => ({ type: 'favouriteSet', photoId, favourite })));
  }

  async setArchived(photoIds: string[], archived: boolean): Promise<void> {
    await this.change(photoIds.map((photoId) => ({ type: 'archivedSet', photoId, archived })));
  }

  async trashPhotos(photoIds: string[]): Promise<void> {
    await this.change(photoIds.map((photoId) => ({ type: 'trashed', photoId })));
  }

  async restorePhotos(photoIds: string[]): Promise<void> {
    await this.change(photoIds.map((photoId) => ({ type: 'restored', photoId })));
  }

  /**
   * Deletes photos in the trash for good: a tombstone in the log and their encrypted objects
   * gone from this device. Photos not in the trash are left alone.
   */
  async deleteForever(photoIds: string[]): Promise<void> {
    const state = await this.library.loadState();
    const doomed = new Set(
      photoIds.filter((id) => {
        const photo = state.photos.get(id);
        return isPhotoVisible(photo) && photo.trashed?.value === true;
      }),
    );
    if (doomed.size === 0) return;
    const deleteBlobs = objectsOnlyOf(state, doomed);
    const drafts = [...doomed].map((photoId): DraftOperation => ({
      type: 'photoDeleted',
      photoId,
    }));
    await this.change(drafts, deleteBlobs);
    for (const id of doomed) this.photos.delete(id);
  }

  async emptyTrash(): Promise<void> {
    const state = await this.library.loadState();
    const trashed = [...state.photos.values()].filter(
      (photo) => isPhotoVisible(photo) && photo.trashed?.value === true,
    );
    await this.deleteForever(trashed.map((photo) => photo.id));
  }

  /** Photos trashed more than 30 days ago (by any device's clock that trashed them) go for good. */
  async purgeExpiredTrash(now = Date.now()): Promise<void> {
    const state = await this.library.loadState();
    const expired: string[] = [];
    for (const photo of state.photos.values()) {
      const purgeMs = isPhotoVisible(photo) ? purgeMsOf(photo) : null;
      if (purgeMs !== null && purgeMs <= now) expired.push(photo.id);
    }
    if (expired.length > 0) await this.deleteForever(expired);
    else await this.library.flush(); // a head from before nextPurgeMs existed gains it
  }

  // Space on this device: originals kept in the cloud only.

  /** Where the originals are: on this device (uploaded or not yet), or in the bucket only. */
  async localSpace(): Promise<LocalSpace> {
    const originals = await this.originals();
    const { held, uploaded } = await this.library.heldObjects(originals.map((o) => o.objectId));
    const isHeld = new Set(held);
    const isUploaded = new Set(uploaded);
    const space: LocalSpace = {
      photos: originals.length,
      onDevice: { photos: 0, bytes: 0 },
      freeable: { photos: 0, bytes: 0 },
      cloudOnly: { photos: 0, bytes: 0 },
      originalsInCloudOnly: this.sync.originalsInCloudOnly(),
    };
    for (const { objectId, size } of originals) {
      const part = isHeld.has(objectId) ? space.onDevice : space.cloudOnly;
      part.photos++;
      part.bytes += size;
      if (isUploaded.has(objectId)) {
        space.freeable.photos++;
        space.freeable.bytes += size;
      }
    }
    return space;
  }

  /**
   * Drops this device's copies of originals the bucket holds; thumbnails and previews stay, so
   * the library still browses offline. Returns what was freed (bytes of the originals).
   */
  async freeUpSpace(): Promise<{ photos: number; bytes: number }> {
    if (!this.sync.engineIfOn()) {
      throw new Error('Turn sync on first: originals can only live in your own storage.');
    }
    const originals = await this.originals();
    const dropped = new Set(await this.library.dropUploadedBlobs(originals.map((o) => o.objectId)));
    let bytes = 0;
    for (const { objectId, size } of originals) if (dropped.has(objectId)) bytes += size;
    return { photos: dropped.size, bytes };
  }

  /** Keeps originals in the cloud only from now on (dropping those uploaded), or on this device. */
  async setOriginalsInCloudOnly(cloudOnly: boolean): Promise<void> {
    await this.sync.setOriginalsInCloudOnly(cloudOnly);
    if (cloudOnly && this.sync.engineIfOn()) await this.freeUpSpace();
  }

  /** Makes an album, with `photoIds` in it; returns its id. */
  async createAlbum(name: string, photoIds: string[] = []): Promise<string> {
    const albumId = toHex(randomBytes(16));
    const drafts: DraftOperation[] = [{ type: 'albumCreated', albumId, name: albumName(name) }];
    for (const photoId of photoIds) drafts.push({ type: 'albumPhotoAdded', albumId, photoId });
    await this.change(drafts);
    return albumId;
  }

  async renameAlbum(albumId: string, name: string): Promise<void> {
    await this.change([{ type: 'albumRenamed', albumId, name: albumName(name) }]);
  }

  async setAlbumCover(albumId: string, photoId: string | null): Promise<void> {
    await this.change([{ type: 'albumCoverSet', albumId, photoId }]);
  }

  /** The album goes; its photos stay in the library. */
  async deleteAlbum(albumId: string): Promise<void> {
    await this.change([{ type: 'albumDeleted', albumId }]);
  }

  async addToAlbum(albumId: string, photoIds: string[]): Promise<void> {
    const state = await this.library.loadState();
    const members = new Set(albumMembers(state, albumId));
    const added = photoIds.filter((photoId) => !members.has(photoId));
    await this.change(
      added.map((photoId): DraftOperation => ({ type: 'albumPhotoAdded', albumId, photoId })),
    );
  }

  async removeFromAlbum(albumId: string, photoIds: string[]): Promise<void> {
    const state = await this.library.loadState();
    const drafts: DraftOperation[] = [];
    for (const photoId of photoIds) {
      const removedTags = albumTagsOf(state, albumId, photoId);
      if (removedTags.length > 0) {
        drafts.push({ type: 'albumPhotoRemoved', albumId, photoId, removedTags });
      }
    }
    await this.change(drafts);
  }

  /** A photo's thumbnail, preview or original, decrypted: the page shows it as an object URL. */
  async image(photoId: string, size: ImageSize): Promise<Blob> {
    const entry = this.photos.get(photoId) ?? (await this.entryFromState(photoId));
    const sealed = await this.sealedObject(entry.objects[size], size);
    if (!sealed) throw new MissingObjectError(size, this.sync.engineIfOn() !== null);
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

  /**
   * The original as the viewer can show it at full size: itself, or a HEIC converted in a media
   * worker (the import workers, which hold the HEIC decoder), so the main thread never decodes.
   */
  async viewableOriginal(photoId: string): Promise<Blob> {
    const original = await this.image(photoId, 'original');
    const worker = this.pool.workers[0];
    return worker ? worker.viewableOriginal(original) : original;
  }

  /** The decrypted original as a file with its own name, type and date: for downloads. */
  async file(photoId: string): Promise<File> {
    const [original, details] = await Promise.all([
      this.image(photoId, 'original'),
      this.details(photoId),
    ]);
    if (!details) throw new Error('This photo is not in the library.');
    return new File([original], details.fileName || `${photoId}.bin`, {
      type: details.mime,
      lastModified: details.fileModifiedMs,
    });
  }

  async details(photoId: string): Promise<PhotoDetails | null> {
    const state = await this.library.loadState();
    const photo = state.photos.get(photoId);
    const info = isPhotoVisible(photo) ? readPhotoInfo(photo.info) : null;
    if (!info) return null;
    const details: Partial<PhotoInfo> = { ...info };
    delete details.key;
    delete details.objects;
    const favourite = photo?.favourite?.value === true;
    return { ...(details as Omit<PhotoDetails, 'id' | 'favourite'>), id: photoId, favourite };
  }

  close(): void {
    if (this.purgeTimer) clearTimeout(this.purgeTimer);
    this.sync.close();
    this.importer.halt();
    this.pool.terminate();
    this.listeners.clear();
    wipeLibraryKeys(this.keys);
  }

  /**
   * A sealed object from this device, else from the bucket: then kept here, unless it is an
   * original and originals live in the cloud only.
   */
  private async sealedObject(objectId: string, size: ImageSize): Promise<Blob | undefined> {
    const local = await this.library.blob(objectId);
    if (local) return local;
    const remote = await this.sync.engineIfOn()?.fetchObject(objectId);
    if (!remote) return undefined;
    if (size !== 'original' || !this.sync.originalsInCloudOnly()) {
      await this.library.keepBlob(objectId, remote);
    }
    return remote;
  }

  /** The originals of the library's photos (not deleted), by photo: id and bytes. */
  private async originals(): Promise<{ objectId: string; size: number }[]> {
    const state = await this.library.loadState();
    const originals: { objectId: string; size: number }[] = [];
    for (const photo of state.photos.values()) {
      const info = isPhotoVisible(photo) ? readPhotoInfo(photo.info) : null;
      if (info) originals.push({ objectId: info.objects.original, size: info.size });
    }
    return originals;
  }

  private notify(event: LibraryEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /**
   * Commits `drafts` (and drops `deleteBlobs`), rewrites the index months they touched and tells
   * the page, always: a change may show only in views other than the timeline.
   */
  private async change(drafts: DraftOperation[], deleteBlobs: string[] = []): Promise<void> {
    if (drafts.length === 0) return;
    await this.library.commit(drafts, { deleteBlobs });
    const months = await this.library.flush();
    this.notify({ type: 'libraryChanged', months });
    this.sync.request();
  }

  /** A view other than the timeline, computed once per state revision (it costs O(photos)). */
  private async groupedView(view: Exclude<LibraryView, { kind: 'timeline' }>) {
    const state = await this.library.loadState();
    const key = viewKey(view);
    const revision = this.library.stateRevision;
    const cached = this.viewCache;
    if (cached?.key === key && cached.revision === revision) return cached.grouped;
    const grouped = groupViewByMonth(state, view);
    this.viewCache = { key, revision, grouped };
    return grouped;
  }

  private visibleMembers(state: LibraryState, albumId: string): string[] {
    return albumMembers(state, albumId).filter(
      (id) => state.photos.get(id)?.trashed?.value !== true,
    );
  }

  private entryOf(state: LibraryState, photoId: string): IndexedPhoto | null {
    const photo = state.photos.get(photoId);
    const info = isPhotoVisible(photo) ? readPhotoInfo(photo.info) : null;
    return photo && info ? indexedPhotoOf(photo, info) : null;
  }

  /** A photo the page was not shown through viewMonth (rare): built from the state. */
  private async entryFromState(photoId: string): Promise<IndexedPhoto> {
    const entry = this.entryOf(await this.library.loadState(), photoId);
    if (!entry) throw new Error('This photo is not in the library.');
    this.photos.set(photoId, entry);
    return entry;
  }
}

/** Sessions made without a store (tests) cannot sync: configuring one says so. */
const noStore: StoreFactory = (): ObjectStore => {
  throw new Error('This library cannot sync here.');
};

function albumName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new AlbumNameError('An album needs a name.');
  if (trimmed.length > MAX_ALBUM_NAME) {
    throw new AlbumNameError(`An album name can be at most ${String(MAX_ALBUM_NAME)} characters.`);
  }
  return trimmed;
}
