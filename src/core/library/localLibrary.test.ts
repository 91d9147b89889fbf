import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { newKey } from '../crypto/keys';
import { randomBytes, toHex } from '../crypto/random';
import type { PinholeDatabase } from '../storage/db';
import { canonicalJson } from '../testing/canonicalState';
import { newTestLibrary, photoAddedDraft } from '../testing/library';
import { applyOperations } from './libraryState';
import { deriveLibraryKeys, objectIdFor } from './libraryKeys';
import { CorruptLibraryError, LocalLibrary } from './localLibrary';
import type { Operation } from './operations';
import { restoreSnapshot, takeSnapshot } from './snapshot';

const newLibrary = newTestLibrary;
const photoAdded = photoAddedDraft;

/** Every value stored in IndexedDB, as bytes (Blobs read, records JSON-encoded). */
async function storedBytes(db: PinholeDatabase): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const store of ['blobs', 'log', 'index', 'imports', 'importItems', 'vault'] as const) {
    for (const value of await db.getAll(store)) {
      if (value instanceof Blob) out.push(new Uint8Array(await value.arrayBuffer()));
      else if (value instanceof Uint8Array) out.push(value);
      else out.push(new TextEncoder().encode(JSON.stringify(value)));
    }
    for (const key of await db.getAllKeys(store)) {
      out.push(new TextEncoder().encode(JSON.stringify(key)));
    }
  }
  return out;
}

function contains(haystack: Uint8Array, needle: string): boolean {
  return Buffer.from(haystack).includes(Buffer.from(needle, 'utf8'));
}

describe('LocalLibrary', () => {
  it('commits photos, indexes them by month and reopens from the index alone', async () => {
    const { db, keys } = await newLibrary();
    const library = await LocalLibrary.open(db, keys);
    const june = await photoAdded(keys, '2015-06-11T10:29:26');
    const june2 = await photoAdded(keys, '2015-06-12T08:00:00');
    const may = await photoAdded(keys, '2019-05-01T12:00:00');
    await library.commit([june, june2], { blobs: [['aa', new Blob(['sealed'])]] });
    await library.commit([may]);
    await library.flush();
    expect(library.months()).toEqual([
      { month: '2019-05', count: 1 },
      { month: '2015-06', count: 2 },
    ]);

    const reopened = await LocalLibrary.open(db, keys);
    expect(reopened.months()).toEqual(library.months());
    const entries = await reopened.monthEntries('2015-06');
    expect(entries.map((entry) => entry.id)).toEqual([june2.photoId, june.photoId]);
    expect(entries[1]?.day).toBe('2015-06-11');
    expect(await reopened.blob('aa')).toBeInstanceOf(Blob);
  });

  it('brings the index up to date when a tab closed between a commit and the flush', async () => {
    const { db, keys } = await newLibrary();
    const library = await LocalLibrary.open(db, keys);
    await library.commit([await photoAdded(keys, '2020-01-01T00:00:00')]);
    await library.flush();
    await library.commit([await photoAdded(keys, '2020-01-02T00:00:00')]); // no flush: "crash"
    const reopened = await LocalLibrary.open(db, keys);
    expect(reopened.months()).toEqual([{ month: '2020-01', count: 2 }]);
  });

  it('shows what was committed when a full disk keeps the index from being saved', async () => {
    const { db, keys } = await newLibrary();
    const library = await LocalLibrary.open(db, keys);
    await library.commit([await photoAdded(keys, '2020-01-01T00:00:00')]);
    await library.flush();
    const added = await photoAdded(keys, '2021-07-04T12:00:00');
    await library.commit([added]);
    const indexRecords = await db.count('index'); // the head and one month

    // IndexedDB refuses the index's write transaction, as Chromium does past its quota.
    const full = new DOMException('quota', 'QuotaExceededError');
    const transaction = db.transaction.bind(db);
    const refuse = vi.spyOn(db, 'transaction').mockImplementation(((
      ...args: Parameters<typeof db.transaction>
    ) => {
      if (args[0] !== 'index' || args[1] !== 'readwrite') return transaction(...args);
      const done = Promise.reject(full);
      done.catch(() => undefined);
      return { store: { put: () => done, delete: () => done }, done, error: full };
    }) as unknown as typeof db.transaction); // a stand-in transaction, not idb's full type
    expect(await library.flush()).toEqual(['2021-07']);
    expect(library.months()).toEqual([
      { month: '2021-07', count: 1 },
      { month: '2020-01', count: 1 },
    ]);
    expect((await library.monthEntries('2021-07')).map((entry) => entry.id)).toEqual([
      added.photoId,
    ]);
    // Not saved: a library opened now (on the full disk) rebuilds it from the log.
    expect(await db.count('index')).toBe(indexRecords);
    expect((await LocalLibrary.open(db, keys)).months()).toHaveLength(2);
    refuse.mockRestore();

    // Room again: the next flush saves the month it could not, though nothing changed since.
    expect(await library.flush()).toEqual([]);
    expect(await db.count('index')).toBe(indexRecords + 1);
    const saved = await LocalLibrary.open(db, keys);
    expect(await saved.monthEntries('2021-07')).toHaveLength(1);
    expect(saved.months()).toEqual(library.months());
  });

  it('moves a photo between months when its date is edited, and hides trashed photos', async () => {
    const { db, keys } = await newLibrary();
    const library = await LocalLibrary.open(db, keys);
    const a = await photoAdded(keys, '2020-01-01T00:00:00');
    const b = await photoAdded(keys, '2020-01-05T00:00:00');
    await library.commit([a, b]);
    await library.flush();
    await library.commit([
      {
        type: 'photoInfoEdited',
        photoId: a.photoId,
        field: 'takenAt',
        value: {
          local: '2018-03-03T03:03:03',
          offsetMinutes: 0,
          utcMs: 1520046183000,
          source: 'exif',
        },
      },
      { type: 'trashed', photoId: b.photoId },
    ]);
    await library.flush();
    expect(library.months()).toEqual([{ month: '2018-03', count: 1 }]);
    const reopened = await LocalLibrary.open(db, keys);
    expect(reopened.months()).toEqual([{ month: '2018-03', count: 1 }]);
    expect((await reopened.monthEntries('2020-01')).length).toBe(0);
  });

  it('stores nothing in plaintext: names, folders, cameras, dates and places are all sealed', async () => {
    const { db, keys } = await newLibrary();
    const library = await LocalLibrary.open(db, keys);
    await library.commit([await photoAdded(keys, '2015-06-11T10:29:26')]);
    await library.flush();
    const secrets = [
      'IMG_2015',
      'Holiday in Lisbon',
      'X-T30 Secret Model',
      '2015-06',
      '38.71316',
      '-9.13914',
    ];
    for (const bytes of await storedBytes(db)) {
      for (const secret of secrets) expect(contains(bytes, secret), secret).toBe(false);
    }
  });

  it('reports a tampered log record as corruption, and another library key too', async () => {
    const { db, keys } = await newLibrary();
    const library = await LocalLibrary.open(db, keys);
    await library.commit([await photoAdded(keys, '2015-06-11T10:29:26')]);
    const [key] = await db.getAllKeys('log');
    if (!key) throw new Error('no log record');
    const sealed = (await db.get('log', key)) ?? new Uint8Array();
    const tampered = sealed.slice();
    tampered[60] = (tampered[60] ?? 0) ^ 1;
    await db.put('log', tampered, key);
    await expect(LocalLibrary.open(db, keys)).rejects.toBeInstanceOf(CorruptLibraryError);
    await db.put('log', sealed, key);
    const otherKeys = await deriveLibraryKeys(newKey(), keys.libraryId);
    await expect(LocalLibrary.open(db, otherKeys)).rejects.toBeInstanceOf(CorruptLibraryError);
  });

  it('gives every operation an HLC later than the ones before it, across reopenings', async () => {
    const { db, keys } = await newLibrary();
    const first = await LocalLibrary.open(db, keys);
    const [a] = await first.commit([await photoAdded(keys, '2015-06-11T10:29:26')]);
    const second = await LocalLibrary.open(db, keys);
    const [b] = await second.commit([await photoAdded(keys, '2015-06-12T10:29:26')]);
    expect(a && b && (b.at.wallMs > a.at.wallMs || b.at.counter > a.at.counter)).toBe(true);
    expect(b?.deviceId).toBe(first.deviceId);
  });
});

describe('snapshots', () => {
  it('stores a large snapshot in parts and reads it back whole', async () => {
    const { db, keys } = await newLibrary();
    const library = await LocalLibrary.open(db, keys);
    const drafts = await Promise.all(
      Array.from({ length: 5200 }, (_, i) =>
        photoAdded(keys, `2019-0${String(1 + (i % 9))}-1${String(i % 10)}T10:00:00`),
      ),
    );
    await library.commit(drafts);
    await library.flush(); // over 2,000 operations: a snapshot, in two parts of at most 5,000
    const snapshotIds = await Promise.all(
      ['snapshot', 'snapshot part 1', 'snapshot part 2', 'snapshot part 3'].map(async (label) =>
        toHex(await objectIdFor(keys, label)),
      ),
    );
    const stored = await Promise.all(snapshotIds.map((id) => db.get('index', id)));
    expect(stored.map((value) => value !== undefined)).toEqual([true, true, true, false]);
    // Its log gone, a reopened library has only the snapshot to go by.
    await db.clear('log');
    const reopened = await LocalLibrary.open(db, keys);
    expect(canonicalJson(await reopened.loadState())).toBe(
      canonicalJson(await library.loadState()),
    );
  }, 60_000);

  it('restore to the same state, which folds further operations like the original', async () => {
    const { keys } = await newLibrary();
    const ops: Operation[] = [];
    const deviceId = 'd1';
    let counter = 0;
    const stamp = () => ({
      id: toHex(randomBytes(16)),
      at: { wallMs: 1_700_000_000_000, counter: counter++, deviceId },
      deviceId,
    });
    const photo = await photoAdded(keys, '2015-06-11T10:29:26');
    ops.push({ ...photo, ...stamp() });
    ops.push({ type: 'favouriteSet', photoId: photo.photoId, favourite: true, ...stamp() });
    ops.push({ type: 'albumCreated', albumId: 'a1', name: 'Lisbon', ...stamp() });
    ops.push({ type: 'albumPhotoAdded', albumId: 'a1', photoId: photo.photoId, ...stamp() });
    // The same content added again: a duplicate, which the state derives (not stored).
    const copy = await photoAdded(keys, '2015-06-11T10:29:26');
    ops.push({ ...copy, contentHash: photo.contentHash, ...stamp() });
    const state = applyOperations(ops);
    expect(state.photos.get(copy.photoId)?.duplicateOf).toBe(photo.photoId);
    const snapshot = JSON.parse(JSON.stringify(takeSnapshot(state, { d1: 4 }))) as ReturnType<
      typeof takeSnapshot
    >;
    const restored = restoreSnapshot(snapshot);
    expect(restored.frontier).toEqual({ d1: 4 });
    expect(canonicalJson(restored.state)).toBe(canonicalJson(state));
    // Compact: a photo's info is written with its stamp once (version 1 took ~2.7 kB a photo).
    const perPhoto = JSON.stringify(snapshot).length / 2;
    expect(perPhoto).toBeLessThan(1300);
  });
});
