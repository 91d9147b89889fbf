/**
 * The library on this device: its operation log, the state derived from it, and the sealed
 * timeline index, all in IndexedDB (src/core/storage/db.ts; every byte in docs/format.md).
 *
 * Writes go through commit(): the new operations, the blobs they refer to and any journal
 * records land in one IndexedDB transaction, so a closed tab or a full disk leaves either all
 * of a change or none of it. The timeline index is a cache of the state, rewritten (only the
 * months that changed) by flush(); at open, log records newer than the index are folded in.
 */
import { DecryptionError } from '../crypto/errors';
import { toHex, randomBytes } from '../crypto/random';
import { ObjectKind, openJson, sealJson } from '../crypto/sealed';
import { numberedRecords, type PinholeDatabase, type PinholeSchema } from '../storage/db';
import { HybridClock } from './hlc';
import { objectIdFor, type LibraryKeys } from './libraryKeys';
import {
  emptyLibraryState,
  fold,
  isPhotoVisible,
  mergeStates,
  type LibraryState,
} from './libraryState';
import { newOperationId, parseOperation, type Operation } from './operations';
import { monthOf, objectsOnlyOf, readPhotoInfo } from './photoInfo';
import {
  restoreSnapshot,
  snapshotVersion,
  takeSnapshot,
  type Frontier,
  type Snapshot,
} from './snapshot';
import { groupByMonth, isOnTimeline, type IndexedPhoto, type TimelineMonth } from './timeline';
import { purgeMsOf } from './views';
import type { IDBPTransaction, StoreNames } from 'idb';

/** An operation before commit() stamps it with an id, a time and this device. */
export type DraftOperation = Operation extends infer T
  ? T extends Operation
    ? Omit<T, 'id' | 'at' | 'deviceId'>
    : never
  : never;

/** The sealed head of the timeline index. */
interface IndexHead {
  version: 1;
  /** The log records the index includes. */
  frontier: Frontier;
  months: TimelineMonth[];
  /** When the trash's earliest photo is due for deletion; null: empty; absent: not known. */
  nextPurgeMs?: number | null;
}

/** Other records written in the same transaction as a commit's operations. */
export interface CommitWrites {
  /** Sealed objects to store in `blobs`, by object id (hex). */
  blobs?: [string, Uint8Array | Blob][];
  /** Object ids (hex) of blobs to delete. */
  deleteBlobs?: string[];
  importItems?: [[string, number], Uint8Array][];
  /** Import items to forget (their files count as never read again). */
  deleteImportItems?: [string, number][];
}

/** IndexedDB refused a write because the browser's storage for this site is full. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
  constructor() {
    super(
      'Your browser has no more storage for Pinhole. Nothing was half-written: free space on ' +
        'this device (or allow the site more storage) and import the rest again.',
    );
  }
}

/** A library record did not open: the local database was damaged or changed. */
export class CorruptLibraryError extends Error {
  override readonly name = 'CorruptLibraryError';
}

const SNAPSHOT_EVERY_OPERATIONS = 2000;
/** Photos per stored snapshot part: a few MB each. */
const SNAPSHOT_PART_PHOTOS = 5000;
const WRITE_LOCK = 'pinhole-library-write';

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'QuotaExceededError';
}

/** Of `objectIds`, those in `blobs`, and of those the ones not in the outbox (uploaded). */
async function heldIn(
  tx: IDBPTransaction<PinholeSchema, ('blobs' | 'outbox')[], IDBTransactionMode>,
  objectIds: string[],
): Promise<{ held: string[]; uploaded: string[] }> {
  const [blobKeys, outboxKeys] = await Promise.all([
    tx.objectStore('blobs').getAllKeys(),
    tx.objectStore('outbox').getAllKeys(),
  ]);
  const here = new Set(blobKeys);
  const waiting = new Set(outboxKeys);
  const held = objectIds.filter((id) => here.has(id));
  return { held, uploaded: held.filter((id) => !waiting.has(id)) };
}

/**
 * Waits for a write transaction's requests and its end. A full disk aborts the whole transaction,
 * so nothing of it was written: that becomes StorageFullError.
 */
async function settle(
  tx: { done: Promise<void>; error: DOMException | null },
  requests: Promise<unknown>[],
): Promise<void> {
  try {
    await Promise.all([...requests, tx.done]);
  } catch (error) {
    if (isQuotaError(error) || isQuotaError(tx.error)) throw new StorageFullError();
    throw error;
  }
}

/** Runs `task` holding the library's write lock (Web Locks: across tabs and workers). */
async function withWriteLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return task(); // Node tests: one process, one writer.
  return locks.request(WRITE_LOCK, task);
}

export class LocalLibrary {
  private state: LibraryState | null = null;
  private loadingState: Promise<LibraryState> | null = null;
  /** Log records folded into `state`. */
  private stateFrontier: Frontier = {};
  private head: IndexHead = { version: 1, frontier: {}, months: [] };
  private readonly buckets = new Map<string, IndexedPhoto[]>();
  /** Photo id → month on the sealed timeline, to know which months an edit touches. */
  private monthOfPhoto: Map<string, string> | null = null;
  private readonly dirtyPhotos = new Set<string>();
  /**
   * A full disk kept the last index write from being saved: the months it held (shown from
   * memory) and, with them, the head. Null when the index in IndexedDB is current.
   */
  private unsaved: Set<string> | null = null;
  private operationsSinceSnapshot = 0;
  /** Bumped whenever operations are folded into the state: views computed from it go stale. */
  stateRevision = 0;
  private readonly clock: HybridClock;
  private committing: Promise<unknown> = Promise.resolve();
  private flushing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: PinholeDatabase,
    private readonly keys: LibraryKeys,
    readonly deviceId: string,
  ) {
    this.clock = new HybridClock(deviceId);
  }

  static async open(db: PinholeDatabase, keys: LibraryKeys): Promise<LocalLibrary> {
    const library = new LocalLibrary(db, keys, await deviceIdOf(db));
    const head = await library.readIndex('index head');
    if (head !== undefined) library.head = head as IndexHead;
    if (await library.hasLogAfter(library.head.frontier)) {
      // A tab closed between a commit and the index flush: bring the index up to date.
      await library.loadState();
      await library.flush();
    }
    return library;
  }

  months(): TimelineMonth[] {
    return this.head.months;
  }

  /** When the trash next has a photo due for deletion (null: never; undefined: not known). */
  nextPurgeMs(): number | null | undefined {
    return this.head.nextPurgeMs;
  }

  /** The photos of one month, newest first (decrypted once, then kept). */
  async monthEntries(month: string): Promise<IndexedPhoto[]> {
    const cached = this.buckets.get(month);
    if (cached) return cached;
    if (!this.head.months.some((m) => m.month === month)) return [];
    const entries = ((await this.readIndex(`month ${month}`)) ?? []) as IndexedPhoto[];
    this.buckets.set(month, entries);
    return entries;
  }

  /** The whole library state (loaded on first use: snapshot, then the log after it). */
  async loadState(): Promise<LibraryState> {
    if (this.state) return this.state;
    this.loadingState ??= this.readState();
    return this.loadingState;
  }

  /**
   * Stamps `drafts`, appends them to this device's log and stores `writes`, all in one
   * transaction; then folds them into the state. Throws StorageFullError when the disk is full
   * (nothing is written then).
   */
  async commit(drafts: DraftOperation[], writes: CommitWrites = {}): Promise<Operation[]> {
    const run = this.committing.then(() => this.commitNow(drafts, writes));
    this.committing = run.catch(() => undefined);
    return run;
  }

  private async commitNow(drafts: DraftOperation[], writes: CommitWrites): Promise<Operation[]> {
    const state = await this.loadState();
    return withWriteLock(async () => {
      const seq = (await this.lastSeq(this.deviceId)) + 1;
      const ops = drafts.map((draft) =>
        parseOperation({
          ...draft,
          id: newOperationId(),
          at: this.clock.tick(),
          deviceId: this.deviceId,
        }),
      );
      const sealedLog = ops.length > 0 ? await this.sealLog(this.deviceId, seq, ops) : undefined;
      const stores: StoreNames<PinholeSchema>[] = ['log', 'blobs', 'importItems', 'outbox'];
      const tx = this.db.transaction(stores, 'readwrite');
      const puts: Promise<unknown>[] = [];
      if (sealedLog) puts.push(tx.objectStore('log').add(sealedLog, [this.deviceId, seq]));
      // The outbox tells sync what the store is missing or still holds (src/core/sync).
      for (const [id, blob] of writes.blobs ?? []) {
        puts.push(tx.objectStore('blobs').put(blob, id), tx.objectStore('outbox').put('put', id));
      }
      for (const id of writes.deleteBlobs ?? []) {
        puts.push(tx.objectStore('blobs').delete(id), tx.objectStore('outbox').put('delete', id));
      }
      for (const [key, value] of writes.importItems ?? []) {
        puts.push(tx.objectStore('importItems').put(value, key));
      }
      for (const key of writes.deleteImportItems ?? []) {
        puts.push(tx.objectStore('importItems').delete(key));
      }
      await settle(tx, puts);
      if (sealedLog) {
        fold(state, ops);
        this.stateRevision++;
        this.stateFrontier[this.deviceId] = seq;
        this.operationsSinceSnapshot += ops.length;
        for (const op of ops) this.markDirty(op);
      }
      return ops;
    });
  }

  // Sync (src/core/sync): this device's records go out, other devices' records come in.

  /** This device's log records after `seq` (at most `limit`), opened: what sync uploads. */
  async ownRecordsAfter(seq: number, limit: number): Promise<[number, Operation[]][]> {
    const records = await numberedRecords(this.db, 'log', this.deviceId, seq + 1, limit);
    const opened: [number, Operation[]][] = [];
    for (const [number, sealed] of records) {
      opened.push([number, await this.openLog(this.deviceId, number, sealed)]);
    }
    return opened;
  }

  /** The number of this device's last log record (0 before the first). */
  ownLastSeq(): Promise<number> {
    return this.lastSeq(this.deviceId);
  }

  /** The highest record of each device's log folded into the state. */
  async frontier(): Promise<Frontier> {
    await this.loadState();
    return { ...this.stateFrontier };
  }

  /** The state as a snapshot, with the frontier it includes (to upload). */
  async snapshot(): Promise<Snapshot> {
    const state = await this.loadState();
    return takeSnapshot(state, this.stateFrontier);
  }

  /**
   * Another device's log records, read from the store: each is checked (parseOperation), stored
   * as a local record and folded in, all in one transaction. Records already here are skipped.
   */
  async receive(deviceId: string, records: [number, unknown[]][]): Promise<number> {
    if (deviceId === this.deviceId)
      throw new CorruptLibraryError('a remote log claims this device');
    const run = this.committing.then(() => this.receiveNow(deviceId, records));
    this.committing = run.catch(() => undefined);
    return run;
  }

  private async receiveNow(deviceId: string, records: [number, unknown[]][]): Promise<number> {
    const state = await this.loadState();
    return withWriteLock(async () => {
      const have = Math.max(this.stateFrontier[deviceId] ?? 0, await this.lastSeq(deviceId));
      const fresh: [number, Operation[]][] = [];
      for (const [seq, ops] of records) {
        if (!Number.isSafeInteger(seq) || seq < 1)
          throw new CorruptLibraryError('bad record number');
        if (seq <= have) continue;
        const parsed = ops.map(parseOperation);
        if (parsed.some((op) => op.deviceId !== deviceId)) {
          throw new CorruptLibraryError(`record ${String(seq)} holds another device's operations`);
        }
        fresh.push([seq, parsed]);
      }
      if (fresh.length === 0) return 0;
      const sealed = await Promise.all(
        fresh.map(async ([seq, ops]) => [seq, await this.sealLog(deviceId, seq, ops)] as const),
      );
      const deletedThere = fresh.flatMap(([, ops]) =>
        ops.flatMap((op) => (op.type === 'photoDeleted' ? [op.photoId] : [])),
      );
      const tx = this.db.transaction(['log', 'blobs'], 'readwrite');
      const puts: Promise<unknown>[] = sealed.map(([seq, bytes]) =>
        tx.objectStore('log').put(bytes, [deviceId, seq]),
      );
      // Photos deleted for good there are gone here too, ciphertext included, in the same step.
      for (const id of this.localObjectsOfDeleted(state, deletedThere)) {
        puts.push(tx.objectStore('blobs').delete(id));
      }
      await settle(tx, puts);
      for (const [seq, ops] of fresh) {
        fold(state, ops);
        for (const op of ops) {
          this.clock.receive(op.at);
          this.markDirty(op);
        }
        this.operationsSinceSnapshot += ops.length;
        this.stateFrontier[deviceId] = Math.max(this.stateFrontier[deviceId] ?? 0, seq);
      }
      this.stateRevision++;
      return fresh.length;
    });
  }

  /**
   * Takes in another device's snapshot: the state becomes the join of both (mergeStates) and the
   * frontier the larger of both per device; then it is sealed as this device's snapshot, so a
   * reload reads it back plus the local records after it. Throws before writing anything on a
   * snapshot version this app cannot read.
   */
  async mergeSnapshot(snapshot: Snapshot): Promise<void> {
    const run = this.committing.then(async () => {
      const theirs = restoreSnapshot(snapshot);
      const state = await this.loadState();
      await withWriteLock(async () => {
        const deletedThere = [...theirs.state.photos.values()]
          .filter((photo) => photo.deleted)
          .map((photo) => photo.id);
        const doomedObjects = this.localObjectsOfDeleted(state, deletedThere);
        mergeStates(state, theirs.state);
        for (const [deviceId, seq] of Object.entries(theirs.frontier)) {
          this.stateFrontier[deviceId] = Math.max(this.stateFrontier[deviceId] ?? 0, seq);
        }
        for (const id of theirs.state.photos.keys()) this.dirtyPhotos.add(id);
        this.stateRevision++;
        const writes = await this.snapshotWrites(takeSnapshot(state, this.stateFrontier));
        const tx = this.db.transaction(['index', 'blobs'], 'readwrite');
        await settle(tx, [
          ...writes.map(([id, value]) => tx.objectStore('index').put(value, id)),
          ...doomedObjects.map((id) => tx.objectStore('blobs').delete(id)),
        ]);
        this.operationsSinceSnapshot = 0;
      });
    });
    this.committing = run.catch(() => undefined);
    return run;
  }

  /**
   * Brings the timeline up to date: the months that changed since the last flush, and the head,
   * in memory and sealed in IndexedDB; now and then also the snapshot. Cheap when nothing
   * changed. Returns the months whose photos changed (empty when nothing did).
   *
   * The sealed index is a cache of the log, so a full disk does not stop the timeline from
   * showing what was committed: the months are updated in memory all the same and saved at a
   * later flush (or rebuilt from the log at the next unlock). The next commit, which does need
   * the space, is what reports the full disk.
   */
  async flush(): Promise<string[]> {
    const run = this.flushing.then(() => this.flushNow());
    this.flushing = run.catch(() => undefined);
    return run;
  }

  private async flushNow(): Promise<string[]> {
    const state = await this.loadState();
    const previous = this.monthOfPhoto ?? (await this.monthsOnIndex());
    // From here to the first await: one consistent view of the state (commits run between awaits).
    const frontier = { ...this.stateFrontier };
    const grouped = groupByMonth(state);
    const dirtyPhotos = [...this.dirtyPhotos];
    this.dirtyPhotos.clear();
    const dirtyMonths = new Set<string>();
    for (const id of dirtyPhotos) {
      const before = previous.get(id);
      if (before !== undefined) dirtyMonths.add(before);
      const photo = state.photos.get(id);
      const info = photo && isOnTimeline(photo) ? readPhotoInfo(photo.info) : null;
      if (info) dirtyMonths.add(monthOf(info.takenAt));
    }
    // On the first flush of a session, months the index lacks or holds stale are rebuilt too.
    const known = new Map(this.head.months.map((m) => [m.month, m.count]));
    for (const [month, entries] of grouped) {
      if (known.get(month) !== entries.length) dirtyMonths.add(month);
    }
    for (const month of known.keys()) if (!grouped.has(month)) dirtyMonths.add(month);
    const headCurrent =
      sameFrontier(frontier, this.head.frontier) && 'nextPurgeMs' in this.head && !this.unsaved;
    if (dirtyMonths.size === 0 && headCurrent) return [];
    const changedMonths = [...dirtyMonths];
    for (const month of this.unsaved ?? []) dirtyMonths.add(month);
    try {
      await this.writeIndex(state, frontier, grouped, dirtyMonths);
    } catch (error) {
      for (const id of dirtyPhotos) this.dirtyPhotos.add(id); // the next flush tries again
      throw error;
    }
    return changedMonths;
  }

  private async writeIndex(
    state: LibraryState,
    frontier: Frontier,
    grouped: Map<string, IndexedPhoto[]>,
    dirtyMonths: Set<string>,
  ): Promise<void> {
    let nextPurgeMs: number | null = null;
    for (const photo of state.photos.values()) {
      const purgeMs = isPhotoVisible(photo) ? purgeMsOf(photo) : null;
      if (purgeMs !== null && (nextPurgeMs === null || purgeMs < nextPurgeMs))
        nextPurgeMs = purgeMs;
    }
    const head: IndexHead = {
      version: 1,
      frontier,
      months: [...grouped].map(([month, entries]) => ({ month, count: entries.length })),
      nextPurgeMs,
    };
    const writes: [string, Uint8Array | null][] = [];
    for (const month of dirtyMonths) {
      const entries = grouped.get(month);
      const id = await this.indexObjectId(`month ${month}`);
      writes.push([id, entries ? await this.sealIndex(`month ${month}`, entries) : null]);
    }
    writes.push([await this.indexObjectId('index head'), await this.sealIndex('index head', head)]);
    const snapshot = this.operationsSinceSnapshot >= SNAPSHOT_EVERY_OPERATIONS;
    if (snapshot) writes.push(...(await this.snapshotWrites(takeSnapshot(state, frontier))));

    const tx = this.db.transaction('index', 'readwrite');
    const puts = writes.map(([id, value]) =>
      value ? tx.store.put(value, id) : tx.store.delete(id),
    );
    let saved = true;
    try {
      await settle(tx, puts);
    } catch (error) {
      if (!(error instanceof StorageFullError)) throw error;
      saved = false; // shown from memory all the same; saved by a later flush
    }
    this.unsaved = saved ? null : dirtyMonths;
    this.head = head;
    for (const month of dirtyMonths) {
      const entries = grouped.get(month);
      if (entries) this.buckets.set(month, entries);
      else this.buckets.delete(month);
    }
    this.monthOfPhoto = new Map();
    for (const [month, entries] of grouped) {
      for (const entry of entries) this.monthOfPhoto.set(entry.id, month);
    }
    if (snapshot && saved) this.operationsSinceSnapshot = 0;
  }

  /**
   * A snapshot as index records: its head (label `snapshot`, photos left out, `parts` counted)
   * and its photos in parts of SNAPSHOT_PART_PHOTOS (labels `snapshot part <n>`), so that no
   * IndexedDB value grows with the library (one value of 100,000 photos aborted the write).
   */
  private async snapshotWrites(snapshot: Snapshot): Promise<[string, Uint8Array][]> {
    const { photos, ...rest } = snapshot;
    const parts = Math.ceil(photos.length / SNAPSHOT_PART_PHOTOS);
    const writes: [string, Uint8Array][] = [];
    const head = { ...rest, photos: [], parts };
    writes.push([
      await this.indexObjectId('snapshot'),
      await this.sealIndex('snapshot', head, ObjectKind.snapshot),
    ]);
    for (let part = 1; part <= parts; part++) {
      const slice = photos.slice((part - 1) * SNAPSHOT_PART_PHOTOS, part * SNAPSHOT_PART_PHOTOS);
      const label = `snapshot part ${String(part)}`;
      writes.push([
        await this.indexObjectId(label),
        await this.sealIndex(label, slice, ObjectKind.snapshot),
      ]);
    }
    return writes;
  }

  /** The stored snapshot, its parts joined (see snapshotWrites); undefined when there is none. */
  private async storedSnapshot(): Promise<Snapshot | undefined> {
    const head = (await this.readIndex('snapshot', ObjectKind.snapshot)) as
      (Snapshot & { parts?: number }) | undefined;
    // Another version (an older app's): the log is all here, so replaying it gives the state.
    if (head?.version !== snapshotVersion) return undefined;
    const { parts = 0, ...snapshot } = head;
    for (let part = 1; part <= parts; part++) {
      const label = `snapshot part ${String(part)}`;
      const photos = await this.readIndex(label, ObjectKind.snapshot);
      if (!Array.isArray(photos)) throw new CorruptLibraryError(`${label} is missing`);
      snapshot.photos.push(...(photos as Snapshot['photos']));
    }
    return snapshot;
  }

  private markDirty(op: Operation): void {
    if ('photoId' in op && op.photoId !== null) this.dirtyPhotos.add(op.photoId);
  }

  /**
   * The objects of photos another device deleted for good, that this device may still hold: the
   * photos not deleted here yet (their objects were dropped already otherwise).
   */
  private localObjectsOfDeleted(state: LibraryState, photoIds: string[]): string[] {
    const fresh = photoIds.filter((id) => {
      const photo = state.photos.get(id);
      return photo !== undefined && !photo.deleted;
    });
    return fresh.length === 0 ? [] : objectsOnlyOf(state, new Set(fresh));
  }

  /** A sealed object by id, as a Blob, or undefined when this device does not hold it. */
  async blob(objectId: string): Promise<Blob | undefined> {
    const stored = await this.db.get('blobs', objectId);
    if (stored === undefined || stored instanceof Blob) return stored;
    return new Blob([stored as Uint8Array<ArrayBuffer>]);
  }

  /**
   * Keeps a sealed object fetched from the bucket: in `blobs` but not the outbox (the bucket has
   * it already). Small objects are stored as bytes, as the import stores them.
   */
  async keepBlob(objectId: string, blob: Blob): Promise<void> {
    const value = blob.size > 64 * 1024 * 1024 ? blob : new Uint8Array(await blob.arrayBuffer());
    try {
      await this.db.put('blobs', value, objectId);
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      // A full disk only means it will be fetched again next time.
    }
  }

  /**
   * Of `objectIds`, those this device holds, and of those the ones the bucket has too (no longer
   * in the outbox). Reads keys only: no object is loaded.
   */
  async heldObjects(objectIds: string[]): Promise<{ held: string[]; uploaded: string[] }> {
    return heldIn(this.db.transaction(['blobs', 'outbox']), objectIds);
  }

  /**
   * Drops this device's copies of `objectIds` that the bucket holds ("in the cloud only"): one
   * transaction that checks the outbox itself, so an object not yet uploaded is never dropped.
   * Returns the ids dropped. Not an operation: other devices keep their copies.
   */
  async dropUploadedBlobs(objectIds: string[]): Promise<string[]> {
    const tx = this.db.transaction(['blobs', 'outbox'], 'readwrite');
    const { uploaded } = await heldIn(tx, objectIds);
    await settle(
      tx,
      uploaded.map((id) => tx.objectStore('blobs').delete(id)),
    );
    return uploaded;
  }

  /** Index records are sealed with the index key, bound to an object id derived from `label`. */
  private async indexObjectId(label: string): Promise<string> {
    return toHex(await objectIdFor(this.keys, label));
  }

  private async sealIndex(
    label: string,
    value: unknown,
    kind: ObjectKind = ObjectKind.index,
  ): Promise<Uint8Array> {
    const objectId = await objectIdFor(this.keys, label);
    return sealJson(this.keys.indexKey, value, { kind, objectId });
  }

  private async readIndex(label: string, kind: ObjectKind = ObjectKind.index): Promise<unknown> {
    const objectId = await objectIdFor(this.keys, label);
    const sealed = await this.db.get('index', toHex(objectId));
    if (sealed === undefined) return undefined;
    return openRecord(() => openJson(this.keys.indexKey, sealed, { kind, objectId }), label);
  }

  private async sealLog(deviceId: string, seq: number, ops: Operation[]): Promise<Uint8Array> {
    const objectId = await objectIdFor(this.keys, `log ${deviceId} ${String(seq)}`);
    return sealJson(this.keys.logKey, ops, { kind: ObjectKind.operations, objectId });
  }

  private async openLog(deviceId: string, seq: number, sealed: Uint8Array): Promise<Operation[]> {
    const label = `log ${deviceId} ${String(seq)}`;
    const objectId = await objectIdFor(this.keys, label);
    const value = await openRecord(
      () => openJson(this.keys.logKey, sealed, { kind: ObjectKind.operations, objectId }),
      label,
    );
    if (!Array.isArray(value)) throw new CorruptLibraryError(`${label} is not a list`);
    return value.map(parseOperation);
  }

  private async lastSeq(deviceId: string): Promise<number> {
    const range = IDBKeyRange.bound([deviceId, 0], [deviceId, Infinity]);
    const cursor = await this.db.transaction('log').store.openKeyCursor(range, 'prev');
    return cursor ? cursor.key[1] : 0;
  }

  private async hasLogAfter(frontier: Frontier): Promise<boolean> {
    for (const deviceId of await this.logDevices()) {
      if ((await this.lastSeq(deviceId)) > (frontier[deviceId] ?? 0)) return true;
    }
    return false;
  }

  /** The devices with records in the local log. */
  private async logDevices(): Promise<string[]> {
    const devices: string[] = [];
    let cursor = await this.db.transaction('log').store.openKeyCursor(null, 'next');
    while (cursor) {
      const deviceId = cursor.key[0];
      devices.push(deviceId);
      cursor = await cursor.continue([deviceId, Infinity]);
    }
    return devices;
  }

  private async readState(): Promise<LibraryState> {
    const snapshot = await this.storedSnapshot();
    const restored = snapshot
      ? restoreSnapshot(snapshot)
      : { state: emptyLibraryState(), frontier: {} as Frontier };
    const { state, frontier } = restored;
    for (const deviceId of await this.logDevices()) {
      const from = (frontier[deviceId] ?? 0) + 1;
      for (const [seq, sealed] of await numberedRecords(this.db, 'log', deviceId, from)) {
        const ops = await this.openLog(deviceId, seq, sealed);
        fold(state, ops);
        for (const op of ops) {
          this.clock.receive(op.at);
          this.markDirty(op);
        }
        this.operationsSinceSnapshot += ops.length;
        frontier[deviceId] = seq;
      }
    }
    this.stateFrontier = frontier;
    this.state = state;
    return state;
  }

  private async monthsOnIndex(): Promise<Map<string, string>> {
    const months = new Map<string, string>();
    for (const { month } of this.head.months) {
      for (const entry of await this.monthEntries(month)) months.set(entry.id, month);
    }
    return months;
  }
}

async function openRecord<T>(open: () => Promise<T>, label: string): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (error instanceof DecryptionError) {
      throw new CorruptLibraryError(
        `The library's ${label.split(' ')[0] ?? ''} record did not open: ${error.message}`,
      );
    }
    throw error;
  }
}

function sameFrontier(a: Frontier, b: Frontier): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}

/** This browser's device id, made on first use. */
async function deviceIdOf(db: PinholeDatabase): Promise<string> {
  const tx = db.transaction('vault', 'readwrite');
  const record = await tx.store.get('device');
  if (record && 'deviceId' in record) {
    await tx.done;
    return record.deviceId;
  }
  const deviceId = toHex(randomBytes(16));
  await tx.store.put({ deviceId }, 'device');
  await tx.done;
  return deviceId;
}
