import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { LibrarySession, type LibraryEvent } from '../library/librarySession';
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
