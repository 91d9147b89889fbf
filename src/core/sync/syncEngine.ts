/**
 * Sync with a bucket (docs/format.md, "The bucket"): pull merges what other devices wrote, push
 * uploads what this device has that the bucket lacks. Each device writes its own objects only:
 * write-once content objects and log segments, its own head, its own snapshots. The merge is the
 * library's CRDT, so devices that edited offline converge whatever order things arrive in.
 */
import { randomBytes, toHex, fromHex } from '../crypto/random';
import { ObjectKind, openJson, sealJson } from '../crypto/sealed';
import { objectIdFor, type LibraryKeys } from '../library/libraryKeys';
import type { LocalLibrary } from '../library/localLibrary';
import { parseSnapshot, type Frontier, type Snapshot } from '../library/snapshot';
import type { PinholeDatabase } from '../storage/db';
import { decodeKeyBundle } from '../vault/keyBundle';
import { BucketLayout, deviceHeadLabel, segmentLabel } from './bucketLayout';
import type { ObjectStore } from './objectStore';
import { SyncRecords } from './syncRecords';

/** What a device says in the bucket about its log (sealed, kind index, label `device <id>`). */
export interface DeviceHead {
  version: 1;
  deviceId: string;
  /** Its log records 1..lastSeq are in `segments` or in `snapshot`. */
  lastSeq: number;
  /** [first, last] record numbers of each segment after its snapshot, oldest first. */
  segments: [number, number][];
  snapshot: { id: string; frontier: Frontier } | null;
  writtenMs: number;
  /**
   * The highest record of each device's log folded in here when the head was written. Another
   * device deletes content objects only once every device has merged their tombstones. Absent in
   * heads written before it existed: read as nothing merged.
   */
  merged?: Frontier;
}

/** What this device has uploaded (sealed in the `sync` store, label `sync progress`). */
interface SyncProgress {
  version: 1;
  uploadedSeq: number;
  segments: [number, number][];
  snapshot: { id: string; frontier: Frontier } | null;
  /** The key bundle last uploaded (hex), '' before the first: a password change uploads again. */
  keyBundle: string;
  /**
   * Objects the outbox says to delete, each with the number of this device's log record that
   * had its tombstone by then: deleted from the bucket once every other device merged that far.
   */
  deleting?: Record<string, number>;
}

export interface SyncReport {
  uploadedObjects: number;
  uploadedBytes: number;
  deletedObjects: number;
  /** Other devices' log records merged in. */
  receivedRecords: number;
  /** Months of the timeline that changed (for the page). */
  changedMonths: string[];
}

/** The bucket holds a library this one is not (another key bundle under the same prefix). */
export class ForeignLibraryError extends Error {
  override readonly name = 'ForeignLibraryError';
  constructor() {
    super(
      'This bucket (with this prefix) already holds another Pinhole library. Choose another ' +
        'prefix or bucket, or open that library instead.',
    );
  }
}

/** Records per log segment: one object per ~500 changes, a few hundred kB. */
const RECORDS_PER_SEGMENT = 500;
/** A device uploads a new snapshot when its head lists this many segments. */
const SEGMENTS_PER_SNAPSHOT = 8;
/**
 * Uploads in flight at once. More than the browser's 6 connections per host of HTTP/1.1: the
 * extra ones have their bodies read from IndexedDB while the others send (npm run bench, 200
 * photos to radosgw on an idle machine: 4 gave 96 MB/s, 6 106, 8 108, 12 108).
 */
const PARALLEL_UPLOADS = 8;
/** Uploaded objects forgotten from the outbox in one transaction. */
const FORGET_BATCH = 32;
/**
 * A device whose head was not written for this long no longer holds deletes back: it merges
 * the tombstones first thing when it comes back, and a lost phone must not keep deleted
 * photos in the bucket for ever.
 */
export const DEVICE_AWAY_MS = 30 * 24 * 3600_000;

const progressLabel = 'sync progress';

export class SyncEngine {
  private readonly layout: BucketLayout;
  private readonly records: SyncRecords;
  /** The other devices' heads, as the last pull read them. */
  private otherHeads: DeviceHead[] = [];

  constructor(
    private readonly db: PinholeDatabase,
    private readonly keys: LibraryKeys,
    private readonly library: LocalLibrary,
    private readonly store: ObjectStore,
    prefix: string,
  ) {
    this.layout = new BucketLayout(keys, prefix);
    this.records = new SyncRecords(db, keys);
  }

  /** One round: merge what others wrote, then upload what this device has. */
  async sync(): Promise<SyncReport> {
    const report: SyncReport = {
      uploadedObjects: 0,
      uploadedBytes: 0,
      deletedObjects: 0,
      receivedRecords: 0,
      changedMonths: [],
    };
    // First: a prefix holding another library stops everything, before any read or write.
    await this.uploadKeyBundle();
    await this.pull(report);
    await this.push(report);
    report.changedMonths = await this.library.flush();
    return report;
  }

  /**
   * How many uploads and deletes are waiting (the outbox, plus log records not yet sent); deletes
   * that wait for other devices to see them are counted apart, as `awaitingDevices`.
   */
  async pending(): Promise<{ objects: number; records: number; awaitingDevices: number }> {
    const [progress, lastSeq, outbox] = await Promise.all([
      this.progress(),
      this.library.ownLastSeq(),
      this.db.count('outbox'),
    ]);
    const awaitingDevices = Object.keys(progress.deleting ?? {}).length;
    return {
      objects: outbox - awaitingDevices,
      records: lastSeq - progress.uploadedSeq,
      awaitingDevices,
    };
  }

  /** A photo's sealed object from the bucket (for a device that does not hold it). */
  async fetchObject(objectId: string): Promise<Blob | null> {
    return this.store.getObject(this.layout.object(objectId));
  }

  // Pull.

  private async pull(report: SyncReport): Promise<void> {
    const own = (await this.layout.deviceHead(this.library.deviceId)).name;
    const heads: DeviceHead[] = [];
    for (const name of await this.store.listKeys(this.layout.deviceHeads())) {
      if (name === own) continue;
      const head = await this.readHead(name);
      if (head) heads.push(head);
    }
    this.otherHeads = heads;
    let frontier = await this.library.frontier();
    // Records that only a snapshot still holds: take in that device's snapshot first.
    for (const head of heads) {
      const have = frontier[head.deviceId] ?? 0;
      const firstListed = head.segments[0]?.[0] ?? head.lastSeq + 1;
      if (have >= head.lastSeq || firstListed <= have + 1 || !head.snapshot) continue;
      const snapshot = await this.readSnapshot(head.snapshot.id);
      await this.library.mergeSnapshot(snapshot);
      frontier = await this.library.frontier();
    }
    for (const head of heads) {
      for (const [first, last] of head.segments) {
        if (last <= (frontier[head.deviceId] ?? 0)) continue;
        const records = await this.readSegment(head.deviceId, first, last);
        report.receivedRecords += await this.library.receive(head.deviceId, records);
      }
    }
  }

  private async readHead(name: string): Promise<DeviceHead | null> {
    const sealed = await this.store.getObject(name);
    if (!sealed) return null; // deleted between the listing and now
    const objectId = fromHex(name.slice(name.lastIndexOf('/') + 1));
    const head = await openSealedBlob(this.keys.indexKey, sealed, ObjectKind.index, objectId);
    if (!isDeviceHead(head)) throw new Error(`device head ${name} is malformed`);
    // The name must be the one derived from the device id inside: no head speaks for another.
    const expected = await objectIdFor(this.keys, deviceHeadLabel(head.deviceId));
    if (toHex(expected) !== toHex(objectId)) throw new Error(`device head ${name} is misplaced`);
    return head;
  }

  private async readSegment(deviceId: string, first: number, last: number) {
    const { name, objectId } = await this.layout.segment(deviceId, first, last);
    const sealed = await this.store.getObject(name);
    if (!sealed) throw new Error(`log segment ${segmentLabel(deviceId, first, last)} is missing`);
    const records = await openSealedBlob(this.keys.logKey, sealed, ObjectKind.operations, objectId);
    if (!Array.isArray(records)) throw new Error('a log segment is not a list');
    return records.map((record): [number, unknown[]] => {
      if (!Array.isArray(record) || typeof record[0] !== 'number' || !Array.isArray(record[1])) {
        throw new Error('a log segment holds a malformed record');
      }
      return [record[0], record[1] as unknown[]];
    });
  }

  private async readSnapshot(id: string): Promise<Snapshot> {
    const sealed = await this.store.getObject(this.layout.snapshot(id));
    if (!sealed) throw new Error(`snapshot ${id} is missing`);
    return parseSnapshot(
      await openSealedBlob(this.keys.indexKey, sealed, ObjectKind.snapshot, fromHex(id)),
    );
  }

  // Push.

  private async push(report: SyncReport): Promise<void> {
    const progress = await this.progress();
    // Read before the log goes up: each of these tombstones is then in a record uploaded below.
    const { puts, deletes } = await this.outbox();
    await this.uploadObjects(puts, report);
    await this.uploadLog(progress);
    const deleting = (progress.deleting ??= {});
    for (const id of deletes) deleting[id] ??= progress.uploadedSeq;
    await this.saveProgress(progress);
    await this.writeHead(progress);
    await this.deleteObjects(progress, report);
  }

  /**
   * The key bundle, so that a new device can unlock with the password: written once (a bundle of
   * another library there is an error), then again after each password change made here.
   */
  private async uploadKeyBundle(): Promise<void> {
    const progress = await this.progress();
    const bundle = await this.db.get('vault', 'key-bundle');
    if (!(bundle instanceof Uint8Array)) throw new Error('this library has no key bundle');
    if (progress.keyBundle === toHex(bundle)) return;
    const name = this.layout.keyBundle();
    const body = new Blob([bundle as Uint8Array<ArrayBuffer>]);
    const first = progress.keyBundle === '';
    if ((await this.store.putObject(name, body, { ifNoneMatch: first })) === 'exists') {
      const theirs = await this.store.getObject(name);
      const theirBytes = theirs ? new Uint8Array(await theirs.arrayBuffer()) : new Uint8Array();
      if (!(await sameLibrary(theirBytes, bundle))) throw new ForeignLibraryError();
      // Ours, from another device: its password is the newer one only if it changed there; a
      // device whose password did not change here leaves the bucket's bundle as it is.
    }
    progress.keyBundle = toHex(bundle);
    await this.saveProgress(progress);
  }

  /** The blobs the outbox marks "put" (`queue`), a few at a time, each written once. */
  private async uploadObjects(queue: string[], report: SyncReport): Promise<void> {
    // Uploaded ids are forgotten a batch at a time: a transaction per object queued the lanes
    // behind each other. Ones not yet forgotten when a tab closes go up again and find 412.
    let uploaded: string[] = [];
    const forget = async () => {
      const ids = uploaded;
      uploaded = [];
      if (ids.length > 0) await this.outboxDone(ids, 'put');
    };
    const upload = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const body = await this.library.blob(id);
        if (body !== undefined) {
          await this.store.putObject(this.layout.object(id), body, { ifNoneMatch: true });
          report.uploadedObjects++;
          report.uploadedBytes += body.size;
        }
        uploaded.push(id);
        if (uploaded.length >= FORGET_BATCH) await forget();
      }
    };
    try {
      await Promise.all(Array.from({ length: PARALLEL_UPLOADS }, upload));
    } finally {
      await forget();
    }
  }

  /** This device's log records not yet in the bucket, as segments; then a snapshot now and then. */
  private async uploadLog(progress: SyncProgress): Promise<void> {
    const deviceId = this.library.deviceId;
    for (;;) {
      const records = await this.library.ownRecordsAfter(progress.uploadedSeq, RECORDS_PER_SEGMENT);
      const first = records[0]?.[0];
      const last = records.at(-1)?.[0];
      if (first === undefined || last === undefined) break;
      const { name, objectId } = await this.layout.segment(deviceId, first, last);
      const sealed = await sealedBlob(this.keys.logKey, records, ObjectKind.operations, objectId);
      await this.store.putObject(name, sealed, { ifNoneMatch: true });
      progress.segments.push([first, last]);
      progress.uploadedSeq = last;
      await this.saveProgress(progress);
    }
    if (progress.segments.length >= SEGMENTS_PER_SNAPSHOT) await this.uploadSnapshot(progress);
  }

  private async uploadSnapshot(progress: SyncProgress): Promise<void> {
    const snapshot = await this.library.snapshot();
    const id = toHex(randomBytes(16));
    const sealed = await sealedBlob(this.keys.indexKey, snapshot, ObjectKind.snapshot, fromHex(id));
    await this.store.putObject(this.layout.snapshot(id), sealed, { ifNoneMatch: true });
    const previous = progress.snapshot;
    const covered = snapshot.frontier[this.library.deviceId] ?? 0;
    progress.snapshot = { id, frontier: snapshot.frontier };
    progress.segments = progress.segments.filter(([, last]) => last > covered);
    await this.writeHead(progress);
    await this.saveProgress(progress);
    // Only once the head points past it: a device reading the old head may still want it.
    if (previous) await this.store.deleteObject(this.layout.snapshot(previous.id));
  }

  private async writeHead(progress: SyncProgress): Promise<void> {
    const deviceId = this.library.deviceId;
    const head: DeviceHead = {
      version: 1,
      deviceId,
      lastSeq: progress.uploadedSeq,
      segments: progress.segments,
      snapshot: progress.snapshot,
      writtenMs: Date.now(),
      merged: await this.library.frontier(),
    };
    const { name, objectId } = await this.layout.deviceHead(deviceId);
    await this.store.putObject(
      name,
      await sealedBlob(this.keys.indexKey, head, ObjectKind.index, objectId),
    );
  }

  /**
   * Blobs deleted here: gone from the bucket too, once no device still needs them, that is once
   * every other device merged the tombstone (or has been away for DEVICE_AWAY_MS). Until then a
   * device that has not seen the delete still shows the photo, and fetches it when opened.
   */
  private async deleteObjects(progress: SyncProgress, report: SyncReport): Promise<void> {
    const deleting = progress.deleting ?? {};
    const now = Date.now();
    const seenEverywhere = (seq: number) =>
      this.otherHeads.every(
        (head) =>
          (head.merged?.[this.library.deviceId] ?? 0) >= seq ||
          now - head.writtenMs > DEVICE_AWAY_MS,
      );
    const deleted = new Set<string>();
    try {
      for (const [id, seq] of Object.entries(deleting)) {
        if (!seenEverywhere(seq)) continue;
        await this.store.deleteObject(this.layout.object(id));
        report.deletedObjects++;
        deleted.add(id);
      }
    } finally {
      // Saved once, not per object (an emptied trash can be thousands); a delete done again
      // after a failure here is harmless.
      if (deleted.size > 0) {
        await this.outboxDone([...deleted], 'delete');
        progress.deleting = Object.fromEntries(
          Object.entries(deleting).filter(([id]) => !deleted.has(id)),
        );
        await this.saveProgress(progress);
      }
    }
  }

  /** The object ids the outbox marks with `action`. */
  private async outbox(): Promise<{ puts: string[]; deletes: string[] }> {
    const tx = this.db.transaction('outbox');
    const [ids, actions] = await Promise.all([tx.store.getAllKeys(), tx.store.getAll()]);
    return {
      puts: ids.filter((_, index) => actions[index] === 'put'),
      deletes: ids.filter((_, index) => actions[index] === 'delete'),
    };
  }

  /** Forgets outbox entries that were done, in one transaction. */
  private async outboxDone(ids: string[], action: 'put' | 'delete'): Promise<void> {
    const tx = this.db.transaction('outbox', 'readwrite');
    await Promise.all(
      ids.map(async (id) => {
        // Unless it changed meanwhile (a blob deleted while it went up now says "delete").
        if ((await tx.store.get(id)) === action) await tx.store.delete(id);
      }),
    );
    await tx.done;
  }

  private async progress(): Promise<SyncProgress> {
    const stored = (await this.records.get(progressLabel)) as SyncProgress | undefined;
    return stored ?? { version: 1, uploadedSeq: 0, segments: [], snapshot: null, keyBundle: '' };
  }

  private async saveProgress(progress: SyncProgress): Promise<void> {
    await this.records.put(progressLabel, progress);
  }
}

/** A value sealed as JSON, as a Blob to upload. */
async function sealedBlob(
  key: Uint8Array,
  value: unknown,
  kind: ObjectKind,
  objectId: Uint8Array,
): Promise<Blob> {
  const sealed = await sealJson(key, value, { kind, objectId });
  return new Blob([sealed]);
}

/** The JSON in a sealed object downloaded as a Blob. */
async function openSealedBlob(
  key: Uint8Array,
  blob: Blob,
  kind: ObjectKind,
  objectId: Uint8Array,
): Promise<unknown> {
  return openJson(key, new Uint8Array(await blob.arrayBuffer()), { kind, objectId });
}

function isDeviceHead(value: unknown): value is DeviceHead {
  if (typeof value !== 'object' || value === null) return false;
  const head = value as Record<string, unknown>;
  const isSeq = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  return (
    head.version === 1 &&
    typeof head.deviceId === 'string' &&
    /^[0-9a-z]{1,64}$/.test(head.deviceId) &&
    isSeq(head.lastSeq) &&
    Array.isArray(head.segments) &&
    head.segments.every(
      (pair) => Array.isArray(pair) && pair.length === 2 && isSeq(pair[0]) && isSeq(pair[1]),
    ) &&
    (head.snapshot === null ||
      (typeof head.snapshot === 'object' &&
        typeof (head.snapshot as { id?: unknown }).id === 'string')) &&
    (head.merged === undefined ||
      (typeof head.merged === 'object' &&
        head.merged !== null &&
        Object.values(head.merged).every(isSeq)))
  );
}

/** Two key bundles of the same library (a password change re-wraps, the library id stays). */
async function sameLibrary(a: Uint8Array, b: Uint8Array): Promise<boolean> {
  try {
    const [ours, theirs] = await Promise.all([decodeKeyBundle(a), decodeKeyBundle(b)]);
    return toHex(ours.libraryId) === toHex(theirs.libraryId);
  } catch {
    return false; // not a key bundle at all: not ours either
  }
}
