/**
 * Sync in the background for one unlocked library: its settings (sealed in IndexedDB, the
 * secret included), a round soon after every local change and every minute otherwise, a slower
 * retry while offline or failing, one tab at a time (Web Locks), and a status for the page.
 */
import type { LibraryKeys } from '../library/libraryKeys';
import type { LocalLibrary } from '../library/localLibrary';
import type { PinholeDatabase } from '../storage/db';
import type { S3Location } from '../store/s3';
import { normalisePrefix } from './bucketLayout';
import type { MultipartResume } from '../store/multipart';
import type { ResumeBook } from './bucketStore';
import type { ObjectStore } from './objectStore';
import { SyncEngine, type SyncReport } from './syncEngine';
import { SyncRecords } from './syncRecords';

export interface StoreSettings {
  location: S3Location;
  /** '' or a folder ending in '/' (see normalisePrefix). */
  prefix: string;
}

/** The settings as the page may see them: everything but the secret. */
export type PublicStoreSettings = Omit<StoreSettings, 'location'> & {
  location: Omit<S3Location, 'secretAccessKey'>;
};

export interface SyncStatus {
  state: 'off' | 'idle' | 'syncing' | 'offline' | 'failed' | 'elsewhere';
  /** Blobs and log records this device has that the bucket does not yet. */
  pendingObjects: number;
  pendingRecords: number;
  /** Objects deleted here that stay in the bucket until the other devices have seen the delete. */
  awaitingDevices: number;
  /** Uploaded since unlocking. */
  uploadedBytes: number;
  lastSyncMs: number | null;
  /** What went wrong last, in words for people. */
  error: string | null;
}

/** Makes the bucket client for settings (the real one: BucketStore over src/core/store). */
export type StoreFactory = (settings: StoreSettings, resumes: ResumeBook) => ObjectStore;

const SETTINGS_LABEL = 'sync settings';
/** This device's choice of where originals live (sealed like the settings). */
const LOCAL_COPIES_LABEL = 'local copies';
/** A local change is synced after this quiet time, so a burst of changes goes as one round. */
const AFTER_CHANGE_MS = 1500;
/** Other devices' changes are looked for this often. */
const EVERY_MS = 60_000;
/** Retries after a failure back off to at most this. */
const MAX_RETRY_MS = 5 * 60_000;
const SYNC_LOCK = 'pinhole-sync';

export class SyncController {
  private engine: SyncEngine | null = null;
  private readonly records: SyncRecords;
  private settings: StoreSettings | null = null;
  private originalsCloudOnly = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<unknown> | null = null;
  private again = false;
  private failures = 0;
  private closed = false;
  private status: SyncStatus = {
    state: 'off',
    pendingObjects: 0,
    pendingRecords: 0,
    awaitingDevices: 0,
    uploadedBytes: 0,
    lastSyncMs: null,
    error: null,
  };
  private readonly onOnline = () => {
    this.request(0);
  };

  constructor(
    private readonly db: PinholeDatabase,
    private readonly keys: LibraryKeys,
    private readonly library: LocalLibrary,
    private readonly makeStore: StoreFactory,
    private readonly onStatus: (status: SyncStatus) => void,
    private readonly onReport: (report: SyncReport) => void,
  ) {
    this.records = new SyncRecords(db, keys);
    // Workers and pages hear 'online'; Node (the unit tests) has no such event.
    if ('addEventListener' in globalThis) globalThis.addEventListener('online', this.onOnline);
  }

  /** Starts syncing with the saved settings, if there are any. */
  async start(): Promise<void> {
    const [saved, copies] = await Promise.all([
      this.readSettings(),
      this.records.get(LOCAL_COPIES_LABEL) as Promise<{ originals?: string } | undefined>,
    ]);
    this.originalsCloudOnly = copies?.originals === 'cloud';
    if (saved) this.use(saved);
  }

  /**
   * Whether this device keeps originals in the bucket only (once uploaded), fetching one when it
   * is opened at full size or downloaded. Only while sync is on: with it off, they stay here.
   */
  originalsInCloudOnly(): boolean {
    return this.originalsCloudOnly && this.engine !== null;
  }

  async setOriginalsInCloudOnly(cloudOnly: boolean): Promise<void> {
    await this.records.put(LOCAL_COPIES_LABEL, {
      version: 1,
      originals: cloudOnly ? 'cloud' : 'device',
    });
    this.originalsCloudOnly = cloudOnly;
  }

  /** Saves new settings (or none: sync off) and syncs with them at once. */
  async configure(settings: StoreSettings | null): Promise<void> {
    if (!settings) {
      await this.records.delete(SETTINGS_LABEL);
      this.engine = null;
      this.settings = null;
      this.update({ state: 'off', error: null });
      return;
    }
    const normalised = { ...settings, prefix: normalisePrefix(settings.prefix) };
    await this.records.put(SETTINGS_LABEL, { version: 1, ...normalised });
    this.use(normalised);
  }

  publicSettings(): PublicStoreSettings | null {
    if (!this.settings) return null;
    const { endpoint, region, bucket, accessKeyId, pathStyle } = this.settings.location;
    return {
      prefix: this.settings.prefix,
      location: { endpoint, region, bucket, accessKeyId, pathStyle },
    };
  }

  current(): SyncStatus {
    return { ...this.status };
  }

  /** The engine, when sync is on: to fetch objects this device does not hold. */
  engineIfOn(): SyncEngine | null {
    return this.engine;
  }

  /** Asks for a round in `delayMs` (soon after a local change, by default). */
  request(delayMs = AFTER_CHANGE_MS): void {
    if (!this.engine || this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.round();
    }, delayMs);
  }

  /** A round now; resolves when it is over (with the status it left). */
  async syncNow(): Promise<SyncStatus> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await (this.running ?? this.round());
    return this.current();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if ('removeEventListener' in globalThis) {
      globalThis.removeEventListener('online', this.onOnline);
    }
  }

  private use(settings: StoreSettings): void {
    this.settings = settings;
    this.engine = new SyncEngine(
      this.db,
      this.keys,
      this.library,
      this.makeStore(settings, this.resumeBook()),
      settings.prefix,
    );
    this.failures = 0;
    this.update({ state: 'idle', error: null });
    this.request(0);
  }

  private async round(): Promise<void> {
    const engine = this.engine;
    if (!engine || this.closed) return;
    const run = this.withSyncLock(async (held) => {
      if (!held) {
        this.update({ state: 'elsewhere' });
        return;
      }
      this.update({ state: 'syncing' });
      try {
        const report = await engine.sync();
        if (engine !== this.engine) return; // settings changed meanwhile
        this.failures = 0;
        this.status.uploadedBytes += report.uploadedBytes;
        this.onReport(report);
        await this.refreshPending(engine);
        this.update({ state: 'idle', lastSyncMs: Date.now(), error: null });
      } catch (error) {
        this.failures++;
        const offline =
          (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === false;
        await this.refreshPending(engine).catch(() => undefined);
        this.update({ state: offline ? 'offline' : 'failed', error: describe(error) });
      }
    });
    this.running = run;
    try {
      await run;
    } finally {
      this.running = null;
    }
    this.scheduleNext();
  }

  /** The next round: at once if a change came during this one, later otherwise. */
  private scheduleNext(): void {
    if (this.closed) return;
    if (this.again) {
      this.again = false;
      this.request(0);
      return;
    }
    const retry = Math.min(MAX_RETRY_MS, 5000 * 2 ** Math.max(0, this.failures - 1));
    this.request(this.failures > 0 ? retry : EVERY_MS);
  }

  private async refreshPending(engine: SyncEngine): Promise<void> {
    const pending = await engine.pending();
    this.status.pendingObjects = pending.objects;
    this.status.pendingRecords = pending.records;
    this.status.awaitingDevices = pending.awaitingDevices;
  }

  /** Runs `task` holding the sync lock if no other tab holds it (`held` says which). */
  private async withSyncLock(task: (held: boolean) => Promise<void>): Promise<void> {
    const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
    if (!locks) return task(true); // Node tests: one process
    await locks.request(SYNC_LOCK, { ifAvailable: true }, (lock) => task(lock !== null));
  }

  private update(change: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...change };
    this.onStatus(this.current());
  }

  /** Half-done multipart uploads, sealed in the `sync` store (label `multipart <name>`). */
  private resumeBook(): ResumeBook {
    const label = (name: string) => `multipart ${name}`;
    return {
      get: async (name) => (await this.records.get(label(name))) as MultipartResume | undefined,
      set: (name, resume) => this.records.put(label(name), resume),
      delete: (name) => this.records.delete(label(name)),
    };
  }

  private async readSettings(): Promise<StoreSettings | null> {
    const value = (await this.records.get(SETTINGS_LABEL)) as StoreSettings | undefined;
    return value ? { location: value.location, prefix: value.prefix } : null;
  }
}

/** A sync error in words: the store client's messages are written for people already. */
function describe(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Sync failed for an unknown reason; it will try again.';
}
