import { transfer } from 'comlink';
import { argon2id } from 'hash-wasm';
import { photoZip } from '../export/photoZip';
import { testConnection, type ConnectionReport } from '../store/connectionTest';
import { StoreClient } from '../store/storeClient';
import { KEY_BUNDLE_NAME, normalisePrefix } from '../sync/bucketLayout';
import { BucketStore } from '../sync/bucketStore';
import type {
  PublicStoreSettings,
  StoreFactory,
  StoreSettings,
  SyncStatus,
} from '../sync/syncController';
import type { PosterMaker } from '../import/coordinator';
import type { ImportWorkerPool } from '../import/importWork';
import type { ImportFile, ImportProgress } from '../import/types';
import {
  LibrarySession,
  type ImageSize,
  type LibraryEvent,
  type LocalSpace,
  type PhotoDetails,
} from '../library/librarySession';
import type { TimelineEntry, TimelineMonth } from '../library/timeline';
import type { AlbumSummary, LibraryView } from '../library/views';
import { openPinholeDatabase, type PinholeDatabase } from '../storage/db';
import { VaultError } from '../vault/errors';
import { VaultErrorName } from '../vault/types';
import { Vault } from '../vault/vault';
import { VaultStore } from '../vault/vaultStore';
import { loadSodium } from './sodium';

export interface EngineInfo {
  /** libsodium's own version string, e.g. "1.0.22". */
  sodiumVersion: string;
  /** A secretstream message encrypted and decrypted back, byte for byte. */
  secretstreamSelfTest: boolean;
  /** Argon2id (hash-wasm) produced a key of the requested length. */
  argon2idSelfTest: boolean;
  /** True where the worker may use SharedArrayBuffer (COOP/COEP in force). */
  crossOriginIsolated: boolean;
}

/** The bucket sync talks to: the store client, with multipart resume records. */
const bucketFor: StoreFactory = (settings, resumes) =>
  new BucketStore(new StoreClient(settings.location), resumes);

/** "Open an existing library" found no key bundle where the settings point. */
export class NoLibraryInBucketError extends Error {
  override readonly name = 'NoLibraryInBucketError';
  constructor() {
    super(
      'There is no Pinhole library in this bucket with this prefix. Check the bucket and ' +
        'prefix, or create a new library and connect it to the bucket.',
    );
  }
}

/**
 * The crypto service a worker exposes over comlink: the vault (the master key and everything that
 * opens, locks and re-keys it) plus engine checks. Keys never leave this worker.
 */
export class CryptoService extends Vault {
  // The VaultApi methods (vaultStatus, resumeOnDevice, beginCreateVault, completeCreateVault,
  // unlock, recoverWithPhrase, changePassword, lock, setAutoLockMinutes) come from Vault.

  private opened: Promise<LibrarySession> | null = null;
  /** How many times lock() has begun. */
  private locks = 0;

  constructor(
    private readonly database: Promise<PinholeDatabase>,
    private readonly startImportWorkers: () => ImportWorkerPool,
    private readonly makeStore: StoreFactory = bucketFor,
  ) {
    super(new VaultStore(database));
  }

  static inBrowser(startImportWorkers: () => ImportWorkerPool): CryptoService {
    return new CryptoService(openPinholeDatabase(), startImportWorkers);
  }

  /** Locks the library: stops imports, wipes every key (Vault.lock wipes the master key). */
  override async lock(): Promise<void> {
    this.locks++; // a session still opening now closes itself (see session())
    const opened = this.opened;
    this.opened = null;
    // The import stops before the master key is wiped: nothing is sealed with a zeroed key.
    if (opened) (await opened.catch(() => null))?.close();
    await super.lock();
  }

  // The library (src/core/library/librarySession.ts), opened on first use after unlock.

  /** Finishes imports an earlier session left unfinished; call once after unlocking. */
  async resumeImports(): Promise<void> {
    await (await this.session()).resumeImports();
  }

  /** `listener` and `maker` are comlink proxies of page functions. */
  async subscribe(listener: (event: LibraryEvent) => void): Promise<void> {
    (await this.session()).subscribe(listener);
  }

  async setPosterMaker(maker: PosterMaker | null): Promise<void> {
    (await this.session()).setPosterMaker(maker);
  }

  async startImport(files: ImportFile[]): Promise<void> {
    await (await this.session()).startImport(files);
  }

  async pauseImport(): Promise<void> {
    (await this.session()).importer.pause();
  }

  async resumeImport(): Promise<void> {
    (await this.session()).importer.resume();
  }

  async cancelImport(): Promise<void> {
    await (await this.session()).importer.cancel();
  }

  async dismissImport(): Promise<void> {
    await (await this.session()).importer.forgetFinished();
  }

  async importProgress(): Promise<ImportProgress> {
    return (await this.session()).importProgress();
  }

  async viewMonths(view: LibraryView): Promise<TimelineMonth[]> {
    return (await this.session()).viewMonths(view);
  }

  async viewMonth(view: LibraryView, month: string): Promise<TimelineEntry[]> {
    return (await this.session()).viewMonth(view, month);
  }

  async viewPhotoIds(view: LibraryView): Promise<string[]> {
    return (await this.session()).viewPhotoIds(view);
  }

  async adjacentPhoto(
    view: LibraryView,
    photoId: string,
    step: 1 | -1,
  ): Promise<TimelineEntry | null> {
    return (await this.session()).adjacentPhoto(view, photoId, step);
  }

  async albums(): Promise<AlbumSummary[]> {
    return (await this.session()).albums();
  }

  async setFavourite(photoIds: string[], favourite: boolean): Promise<void> {
    await (await this.session()).setFavourite(photoIds, favourite);
  }

  async setArchived(photoIds: string[], archived: boolean): Promise<void> {
    await (await this.session()).setArchived(photoIds, archived);
  }

  async trashPhotos(photoIds: string[]): Promise<void> {
    await (await this.session()).trashPhotos(photoIds);
  }

  async restorePhotos(photoIds: string[]): Promise<void> {
    await (await this.session()).restorePhotos(photoIds);
  }

  async deleteForever(photoIds: string[]): Promise<void> {
    await (await this.session()).deleteForever(photoIds);
  }

  async emptyTrash(): Promise<void> {
    await (await this.session()).emptyTrash();
  }

  async createAlbum(name: string, photoIds: string[] = []): Promise<string> {
    return (await this.session()).createAlbum(name, photoIds);
  }

  async renameAlbum(albumId: string, name: string): Promise<void> {
    await (await this.session()).renameAlbum(albumId, name);
  }

  async setAlbumCover(albumId: string, photoId: string | null): Promise<void> {
    await (await this.session()).setAlbumCover(albumId, photoId);
  }

  async deleteAlbum(albumId: string): Promise<void> {
    await (await this.session()).deleteAlbum(albumId);
  }

  async addToAlbum(albumId: string, photoIds: string[]): Promise<void> {
    await (await this.session()).addToAlbum(albumId, photoIds);
  }

  async removeFromAlbum(albumId: string, photoIds: string[]): Promise<void> {
    await (await this.session()).removeFromAlbum(albumId, photoIds);
  }

  /**
   * The photos' originals as one zip, streamed: each is decrypted only when the zip reaches it.
   * The stream is transferred to the page, which saves it (src/ui/download).
   */
  async zipPhotos(photoIds: string[]): Promise<ReadableStream<Uint8Array>> {
    const session = await this.session();
    const stream = photoZip(photoIds, (id) => session.file(id), {
      nameOf: async (id) => (await session.details(id))?.fileName ?? null,
    });
    return transfer(stream, [stream]);
  }

  // Sync (src/core/sync) with the person's own bucket.

  /** "Test connection": every request sync needs, on scratch keys; works locked too. */
  async testStoreConnection(settings: StoreSettings, origin: string): Promise<ConnectionReport> {
    return testConnection(settings.location, { origin, prefix: normalisePrefix(settings.prefix) });
  }

  async storeSettings(): Promise<PublicStoreSettings | null> {
    return (await this.session()).sync.publicSettings();
  }

  /** Saves the bucket settings (sealed) and syncs; null turns sync off. */
  async configureStore(settings: StoreSettings | null): Promise<SyncStatus> {
    const { sync } = await this.session();
    await sync.configure(settings);
    return sync.current();
  }

  /** Where the originals are: on this device or in the bucket only. */
  async localSpace(): Promise<LocalSpace> {
    return (await this.session()).localSpace();
  }

  /** Drops this device's copies of originals the bucket holds. */
  async freeUpSpace(): Promise<{ photos: number; bytes: number }> {
    return (await this.session()).freeUpSpace();
  }

  async setOriginalsInCloudOnly(cloudOnly: boolean): Promise<void> {
    await (await this.session()).setOriginalsInCloudOnly(cloudOnly);
  }

  async syncStatus(): Promise<SyncStatus> {
    return (await this.session()).sync.current();
  }

  async syncNow(): Promise<SyncStatus> {
    return (await this.session()).sync.syncNow();
  }

  /**
   * "Open an existing library": reads the key bundle from the bucket, unlocks it with the
   * password, saves it here, and syncs the library down.
   */
  async openFromStore(
    settings: StoreSettings,
    password: string,
    rememberOnDevice: boolean,
  ): Promise<void> {
    const layoutName = `${normalisePrefix(settings.prefix)}${KEY_BUNDLE_NAME}`;
    const bundle = await new StoreClient(settings.location).getObject(layoutName);
    if (!bundle) throw new NoLibraryInBucketError();
    await this.joinVault(new Uint8Array(await bundle.arrayBuffer()), password, rememberOnDevice);
    await (await this.session()).sync.configure(settings);
  }

  override async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await super.changePassword(currentPassword, newPassword);
    // The bucket's key bundle follows, so a new device opens with the new password.
    (await this.session()).sync.request(0);
  }

  /** The decrypted original with its file name, type and date. */
  async photoFile(photoId: string): Promise<File> {
    return (await this.session()).file(photoId);
  }

  async photoImage(photoId: string, size: ImageSize): Promise<Blob> {
    return (await this.session()).image(photoId, size);
  }

  /** The original as the viewer can show it at full size (a HEIC as a full-size JPEG). */
  async photoViewableOriginal(photoId: string): Promise<Blob> {
    return (await this.session()).viewableOriginal(photoId);
  }

  async photoDetails(photoId: string): Promise<PhotoDetails | null> {
    return (await this.session()).details(photoId);
  }

  /**
   * The unlocked library's session, opened on first use. Locked: rejects, and nothing is kept
   * (the next call after unlocking opens it). A session that finishes opening after a lock
   * began closes itself.
   */
  private session(): Promise<LibrarySession> {
    if (this.opened) return this.opened;
    const masterKey = this.masterKey(); // throws when locked, before anything is cached
    const libraryId = this.libraryId();
    const locks = this.locks;
    const opening = this.database
      .then((db) =>
        LibrarySession.open(db, masterKey, libraryId, this.startImportWorkers, this.makeStore),
      )
      .then(async (session) => {
        if (locks === this.locks) return session;
        session.close();
        return Promise.reject(new VaultError(VaultErrorName.locked, 'The library is locked.'));
      });
    this.opened = opening;
    opening.catch(() => {
      if (this.opened === opening) this.opened = null;
    });
    return opening;
  }

  /** Loads both wasm engines and proves each works with a tiny self-test. */
  async engineInfo(): Promise<EngineInfo> {
    const sodium = await loadSodium();
    const key = sodium.crypto_secretstream_xchacha20poly1305_keygen();
    const message = sodium.from_string('pinhole self-test');
    const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
    const sealed = sodium.crypto_secretstream_xchacha20poly1305_push(
      state,
      message,
      null,
      sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL,
    );
    const pull = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header, key);
    const opened = sodium.crypto_secretstream_xchacha20poly1305_pull(pull, sealed, null);
    const secretstreamSelfTest =
      opened !== false && sodium.memcmp(opened.message, message) && opened.tag === 3;

    const derived = await argon2id({
      password: 'self-test',
      salt: new Uint8Array(16),
      iterations: 1,
      parallelism: 1,
      memorySize: 1024,
      hashLength: 32,
      outputType: 'binary',
    });

    return {
      sodiumVersion: sodium.sodium_version_string(),
      secretstreamSelfTest,
      argon2idSelfTest: derived.length === 32,
      crossOriginIsolated: globalThis.crossOriginIsolated,
    };
  }
}
