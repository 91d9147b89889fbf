import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LibrarySession, type LibraryEvent } from '../library/librarySession';
import { objectIdsOf } from '../library/photoInfo';
import { MemoryStore } from '../testing/memoryStore';
import { newTestLibrary, photoAddedDraft, type TestLibrary } from '../testing/library';
import type { StoreSettings } from './syncController';

const noImportWorkers = () => ({ workers: [], terminate: () => undefined });
const settings: StoreSettings = {
  location: {
    endpoint: 'http://127.0.0.1:7480',
    region: 'us-east-1',
    bucket: 'photos',
    accessKeyId: 'AKIA-TEST',
    secretAccessKey: 'a-secret-never-stored-in-clear',
    pathStyle: true,
  },
  prefix: '/family/',
};

async function openSession(library: TestLibrary, store: MemoryStore) {
  const events: LibraryEvent[] = [];
  const session = await LibrarySession.open(
    library.db,
    library.masterKey.slice(),
    library.libraryId.slice(),
    noImportWorkers,
    () => store,
  );
  session.subscribe((event) => events.push(event));
  return { session, events };
}

describe('SyncController in a library session', () => {
  it('keeps its settings sealed, syncs after changes, and tells the page', async () => {
    const store = new MemoryStore();
    const a = await newTestLibrary();
    const first = await openSession(a, store);
    expect(first.session.sync.current().state).toBe('off');
    await first.session.sync.configure(settings);
    expect(first.session.sync.publicSettings()).toEqual({
      prefix: 'family/',
      location: { ...settings.location, secretAccessKey: undefined },
    });
    const photo = await photoAddedDraft(a.keys, '2020-01-05T10:00:00');
    await first.session.library.commit([photo]);
    const status = await first.session.sync.syncNow();
    expect(status).toMatchObject({
      state: 'idle',
      pendingObjects: 0,
      pendingRecords: 0,
      error: null,
    });
    const states = first.events.flatMap((event) =>
      event.type === 'syncStatus' ? [event.status.state] : [],
    );
    expect(states).toContain('syncing');
    expect([...store.objects.keys()].every((key) => key.startsWith('family/'))).toBe(true);

    // Sealed at rest: neither the secret nor the endpoint is readable in IndexedDB.
    const stored = Buffer.concat((await a.db.getAll('sync')).map((value) => Buffer.from(value)));
    for (const text of ['a-secret-never-stored-in-clear', 'AKIA-TEST', '127.0.0.1']) {
      expect(stored.includes(Buffer.from(text))).toBe(false);
    }
    first.session.close();

    // Reopened: the settings are back and sync is on at once.
    const again = await openSession(a, store);
    expect(again.session.sync.publicSettings()?.location.bucket).toBe('photos');
    expect(again.session.sync.current().state).not.toBe('off');
    again.session.close();

    // Another device of the library hears about the photo as a library change.
    const b = await openSession(await newTestLibrary(a), store);
    await b.session.sync.configure(settings);
    await b.session.sync.syncNow();
    expect(b.events).toContainEqual({ type: 'libraryChanged', months: ['2020-01'] });
    expect(await b.session.viewPhotoIds({ kind: 'timeline' })).toEqual([photo.photoId]);
    b.session.close();
  });

  it('keeps originals in the cloud only: never one not yet uploaded, and new ones once uploaded', async () => {
    const store = new MemoryStore();
    const library = await newTestLibrary();
    const { session } = await openSession(library, store);
    const add = async (local: string) => {
      const draft = await photoAddedDraft(library.keys, local, { size: 4_000_000 });
      const blobs = objectIdsOf(draft.objects).map((id): [string, Uint8Array] => [
        id,
        new Uint8Array([1, 2, 3]),
      ]);
      await session.library.commit([draft], { blobs });
      return draft.objects;
    };
    const first = await add('2020-01-05T10:00:00');
    await expect(session.freeUpSpace()).rejects.toThrow('Turn sync on first');
    await session.sync.configure(settings);
    await session.sync.syncNow();
    const second = await add('2020-01-06T10:00:00'); // in the outbox: not in the bucket yet
    expect(await session.localSpace()).toMatchObject({
      photos: 2,
      onDevice: { photos: 2, bytes: 8_000_000 },
      freeable: { photos: 1, bytes: 4_000_000 },
      cloudOnly: { photos: 0, bytes: 0 },
      originalsInCloudOnly: false,
    });
    expect(await session.freeUpSpace()).toEqual({ photos: 1, bytes: 4_000_000 });
    const held = async (id: string) => (await library.db.get('blobs', id)) !== undefined;
    expect([await held(first.original), await held(first.preview)]).toEqual([false, true]);
    expect(await held(second.original)).toBe(true);

    // From now on: dropped once uploaded, by the sync round itself; the choice is remembered.
    await session.setOriginalsInCloudOnly(true);
    expect(await held(second.original)).toBe(true);
    await session.sync.syncNow();
    await expect.poll(() => held(second.original)).toBe(false);
    expect(await held(second.thumbnail)).toBe(true);
    expect(await session.localSpace()).toMatchObject({
      cloudOnly: { photos: 2, bytes: 8_000_000 },
      originalsInCloudOnly: true,
    });
    session.close();
    const again = await openSession(library, store);
    expect((await again.session.localSpace()).originalsInCloudOnly).toBe(true);
    again.session.close();
  });

  it('reports a failing store, and recovers on the next round', async () => {
    const store = new MemoryStore();
    const library = await newTestLibrary();
    const { session } = await openSession(library, store);
    const listKeys = store.listKeys.bind(store);
    store.listKeys = () => Promise.reject(new Error('The store did not answer.'));
    await session.sync.configure(settings);
    expect(await session.sync.syncNow()).toMatchObject({
      state: 'failed',
      error: 'The store did not answer.',
    });
    store.listKeys = listKeys;
    expect(await session.sync.syncNow()).toMatchObject({ state: 'idle', error: null });
    session.close();
  });
});
