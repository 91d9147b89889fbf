import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { LibrarySession } from '../library/librarySession';
import { objectIdsOf } from '../library/photoInfo';
import { canonicalJson } from '../testing/canonicalState';
import { MemoryStore } from '../testing/memoryStore';
import { newTestLibrary, photoAddedDraft, testKdf, type TestLibrary } from '../testing/library';
import { decodeKeyBundle, encodeKeyBundle, rewrapForPassword } from '../vault/keyBundle';
import { DEVICE_AWAY_MS, SyncEngine } from './syncEngine';

const noImportWorkers = () => ({ workers: [], terminate: () => undefined });

/** One device: a database of the library, its session, and its sync with `store`. */
async function device(store: MemoryStore, of?: TestLibrary) {
  const library = await newTestLibrary(of);
  const session = await LibrarySession.open(
    library.db,
    library.masterKey.slice(),
    library.libraryId.slice(),
    noImportWorkers,
  );
  const sync = new SyncEngine(library.db, library.keys, session.library, store, 'photos/');
  return { library, session, sync };
}

async function addPhotos(session: LibrarySession, library: TestLibrary, ...times: string[]) {
  const drafts = await Promise.all(times.map((local) => photoAddedDraft(library.keys, local)));
  const blobs = drafts.flatMap(({ objects }) =>
    objectIdsOf(objects).map((id): [string, Uint8Array] => [id, new Uint8Array([7, 7, 7])]),
  );
  await session.library.commit(drafts, { blobs });
  await session.library.flush();
  return drafts;
}

/** Everything a person sees: every view's photos, favourites and albums. */
async function visible(session: LibrarySession) {
  const state = await session.library.loadState();
  return {
    timeline: await session.viewPhotoIds({ kind: 'timeline' }),
    favourites: await session.viewPhotoIds({ kind: 'favourites' }),
    trash: await session.viewPhotoIds({ kind: 'trash' }),
    albums: (await session.albums())
      .map(({ id, name, count }) => ({ id, name, count }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    state: canonicalJson(state),
  };
}

describe('SyncEngine', () => {
  it('brings a second device the whole library, and uploads nothing in the clear', async () => {
    const store = new MemoryStore();
    const a = await device(store);
    const drafts = await addPhotos(
      a.session,
      a.library,
      '2020-01-05T10:00:00',
      '2019-03-01T08:00:00',
    );
    const first = await a.sync.sync();
    expect(first.uploadedObjects).toBe(6);
    expect(await a.sync.pending()).toEqual({ objects: 0, records: 0, awaitingDevices: 0 });
    expect((await a.sync.sync()).uploadedObjects).toBe(0); // nothing twice

    const names = [...store.objects.keys()];
    expect(names).toContain('photos/pinhole-library');
    for (const name of names) {
      expect(name).toMatch(/^photos\/(pinhole-library|[odls]\/[0-9a-f]{32})$/);
    }
    const everything = Buffer.concat([...store.objects.values()]);
    for (const text of ['FUJIFILM', 'Lisbon', 'IMG_2020', '38.71316', '2020-01-05']) {
      expect(everything.includes(Buffer.from(text))).toBe(false);
    }

    const b = await device(store, a.library);
    const received = await b.sync.sync();
    expect(received.receivedRecords).toBe(1);
    expect(received.changedMonths.sort()).toEqual(['2019-03', '2020-01']);
    expect(await visible(b.session)).toEqual(await visible(a.session));
    // Content objects come from the bucket when shown.
    const thumbnail = drafts[0]?.objects.thumbnail ?? '';
    expect(await b.library.db.get('blobs', thumbnail)).toBeUndefined();
    expect(
      new Uint8Array(await ((await b.sync.fetchObject(thumbnail)) ?? new Blob()).arrayBuffer()),
    ).toEqual(new Uint8Array([7, 7, 7]));
  });

  it('converges after both devices edit offline, losing no edit', async () => {
    const store = new MemoryStore();
    const a = await device(store);
    const [p1, p2, p3] = await addPhotos(
      a.session,
      a.library,
      '2021-05-01T10:00:00',
      '2021-05-02T10:00:00',
      '2021-05-03T10:00:00',
    );
    const [id1, id2, id3] = [p1?.photoId ?? '', p2?.photoId ?? '', p3?.photoId ?? ''];
    const albumId = await a.session.createAlbum('Spring', [id1, id2]);
    await a.sync.sync();
    const b = await device(store, a.library);
    await b.sync.sync();

    // Offline, at the same time:
    await a.session.renameAlbum(albumId, 'Spring A');
    await a.session.removeFromAlbum(albumId, [id1]);
    await a.session.setFavourite([id3], true);
    await b.session.addToAlbum(albumId, [id1, id3]); // id1 is in it already: only id3 is added
    await b.session.trashPhotos([id2]);
    await b.session.createAlbum('From B', [id2]);
    const [p4] = await addPhotos(b.session, b.library, '2021-06-01T10:00:00');

    await a.sync.sync();
    await b.sync.sync();
    await a.sync.sync();
    const onA = await visible(a.session);
    expect(onA).toEqual(await visible(b.session));
    expect(onA.timeline.sort()).toEqual([id1, id3, p4?.photoId ?? ''].sort());
    expect(onA.trash).toEqual([id2]);
    expect(onA.favourites).toEqual([id3]);
    const spring = onA.albums.find((album) => album.id === albumId);
    // A's rename and remove, B's add; id2 is in the trash, so not counted.
    expect(spring).toEqual({ id: albumId, name: 'Spring A', count: 1 });
    expect(await a.session.viewPhotoIds({ kind: 'album', albumId })).toEqual([id3]);
  });

  it('starts a new device from the latest snapshot plus the segments after it', async () => {
    const store = new MemoryStore();
    const a = await device(store);
    // Nine rounds of one change each: eight segments make the device upload a snapshot.
    for (let round = 0; round < 9; round++) {
      await addPhotos(a.session, a.library, `2022-0${String(1 + (round % 9))}-10T10:00:00`);
      await a.sync.sync();
    }
    const snapshots = [...store.objects.keys()].filter((name) => name.startsWith('photos/s/'));
    expect(snapshots).toHaveLength(1);
    const c = await device(store, a.library);
    await c.sync.sync();
    expect(await visible(c.session)).toEqual(await visible(a.session));
    expect((await visible(c.session)).timeline).toHaveLength(9);
  });

  it('deletes a photo deleted for good from the bucket once every device has seen it go', async () => {
    const store = new MemoryStore();
    const a = await device(store);
    const [gone, kept] = await addPhotos(
      a.session,
      a.library,
      '2020-01-05T10:00:00',
      '2020-01-06T10:00:00',
    );
    const none = { original: '', preview: '', thumbnail: '' };
    const goneObjects = objectIdsOf(gone?.objects ?? none);
    const inBucket = (ids: string[]) => ids.map((id) => store.objects.has(`photos/o/${id}`));
    await a.sync.sync();
    const b = await device(store, a.library);
    await b.sync.sync();
    // B holds the photo's objects, as after showing it.
    for (const id of goneObjects) {
      const fetched = await b.sync.fetchObject(id);
      if (fetched) await b.session.library.keepBlob(id, fetched);
      expect(await b.library.db.get('blobs', id)).toBeDefined();
    }

    await a.session.trashPhotos([gone?.photoId ?? '']);
    await a.session.deleteForever([gone?.photoId ?? '']);
    // B has not seen the delete yet and may still open the photo: the objects stay for now.
    expect((await a.sync.sync()).deletedObjects).toBe(0);
    expect(inBucket(goneObjects)).toEqual([true, true, true]);
    expect(await a.sync.pending()).toEqual({ objects: 0, records: 0, awaitingDevices: 3 });

    // B merges the tombstone: the photo and its local ciphertext go, and its head says so.
    await b.sync.sync();
    expect((await visible(b.session)).timeline).toEqual([kept?.photoId]);
    for (const id of goneObjects) expect(await b.library.db.get('blobs', id)).toBeUndefined();
    const report = await a.sync.sync();
    expect(report.deletedObjects).toBe(3);
    expect(inBucket(goneObjects)).toEqual([false, false, false]);
    expect(inBucket(objectIdsOf(kept?.objects ?? none))).toEqual([true, true, true]);
    expect(await a.sync.pending()).toEqual({ objects: 0, records: 0, awaitingDevices: 0 });
  });

  it('does not let a device away for 30 days hold deletes back for ever', async () => {
    const store = new MemoryStore();
    const a = await device(store);
    const [gone] = await addPhotos(a.session, a.library, '2020-01-05T10:00:00');
    await a.sync.sync();
    const away = await device(store, a.library);
    await away.sync.sync(); // its head, then never again
    await a.session.trashPhotos([gone?.photoId ?? '']);
    await a.session.deleteForever([gone?.photoId ?? '']);
    expect((await a.sync.sync()).deletedObjects).toBe(0);
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now + DEVICE_AWAY_MS + 60_000);
    try {
      expect((await a.sync.sync()).deletedObjects).toBe(3);
    } finally {
      clock.mockRestore();
    }
    // Back after all: it merges the delete first, and shows nothing it cannot fetch.
    await away.sync.sync();
    expect((await visible(away.session)).timeline).toEqual([]);
  });

  it('uploads the key bundle again after a password change, so new devices use the new one', async () => {
    const store = new MemoryStore();
    const a = await device(store);
    await a.sync.sync();
    const bundle = await decodeKeyBundle(
      (await a.library.db.get('vault', 'key-bundle')) as Uint8Array,
    );
    const changed = await encodeKeyBundle(
      await rewrapForPassword(bundle, a.library.masterKey, 'a new password', testKdf),
    );
    await a.library.db.put('vault', changed, 'key-bundle');
    await a.sync.sync();
    expect(store.objects.get('photos/pinhole-library')).toEqual(changed);
  });

  it('refuses a prefix that holds another library', async () => {
    const store = new MemoryStore();
    const a = await device(store);
    await a.sync.sync();
    const stranger = await device(store);
    await expect(stranger.sync.sync()).rejects.toThrow('already holds another Pinhole library');
  });
});
