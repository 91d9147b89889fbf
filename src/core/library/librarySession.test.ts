import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { newTestLibrary, photoAddedDraft } from '../testing/library';
import { LibrarySession } from './librarySession';
import { objectIdsOf } from './photoInfo';
import { TRASH_DAYS } from './views';

const noImportWorkers = () => ({ workers: [], terminate: () => undefined });

/** An open session over a library holding photos taken at each of `times`, and their ids. */
async function sessionWith(...times: string[]) {
  const { db, keys, masterKey, libraryId } = await newTestLibrary();
  const session = await LibrarySession.open(db, masterKey, libraryId, noImportWorkers);
  const drafts = await Promise.all(times.map((local) => photoAddedDraft(keys, local)));
  const blobs = drafts.flatMap(({ objects }) =>
    objectIdsOf(objects).map((id): [string, Uint8Array] => [id, new Uint8Array([1, 2])]),
  );
  await session.library.commit(drafts, { blobs });
  await session.library.flush();
  return { session, db, ids: drafts.map((draft) => draft.photoId), drafts };
}

async function viewIds(session: LibrarySession, view: Parameters<LibrarySession['viewMonths']>[0]) {
  return session.viewPhotoIds(view);
}

describe('LibrarySession views and changes', () => {
  it('favourites, archives, trashes and restores, each view showing the right photos', async () => {
    const { session, ids } = await sessionWith(
      '2020-01-05T10:00:00',
      '2020-01-04T10:00:00',
      '2019-12-31T10:00:00',
    );
    const [newest, middle, oldest] = ids as [string, string, string];
    const events: unknown[] = [];
    session.subscribe((event) => events.push(event));

    await session.setFavourite([newest, oldest], true);
    expect(await viewIds(session, { kind: 'favourites' })).toEqual([newest, oldest]);
    expect(events).toContainEqual({ type: 'libraryChanged', months: ['2020-01', '2019-12'] });
    const [january] = await session.viewMonth({ kind: 'timeline' }, '2020-01');
    expect(january?.favourite).toBe(true);

    await session.setArchived([middle], true);
    expect(await viewIds(session, { kind: 'timeline' })).toEqual([newest, oldest]);
    expect(await viewIds(session, { kind: 'archive' })).toEqual([middle]);

    await session.trashPhotos([newest]);
    expect(await viewIds(session, { kind: 'timeline' })).toEqual([oldest]);
    expect(await viewIds(session, { kind: 'favourites' })).toEqual([oldest]);
    const [trashed] = await session.viewMonth({ kind: 'trash' }, '2020-01');
    const days = ((trashed?.purgeMs ?? 0) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(TRASH_DAYS - 1);
    expect(days).toBeLessThanOrEqual(TRASH_DAYS);
    expect(session.library.nextPurgeMs()).toBe(trashed?.purgeMs);

    await session.restorePhotos([newest]);
    expect(await viewIds(session, { kind: 'timeline' })).toEqual([newest, oldest]);
    expect(await viewIds(session, { kind: 'trash' })).toEqual([]);
    expect(session.library.nextPurgeMs()).toBeNull();
    session.close();
  });

  it('steps through a view across months, and on from a photo that just left it', async () => {
    const { session, ids } = await sessionWith(
      '2021-03-02T10:00:00',
      '2021-03-01T10:00:00',
      '2021-01-09T10:00:00',
      '2020-11-01T10:00:00',
    );
    const [a, b, c, d] = ids as [string, string, string, string];
    const timeline = { kind: 'timeline' } as const;
    await session.viewMonth(timeline, '2021-03');
    expect((await session.adjacentPhoto(timeline, a, 1))?.id).toBe(b);
    expect((await session.adjacentPhoto(timeline, b, 1))?.id).toBe(c);
    expect((await session.adjacentPhoto(timeline, c, -1))?.id).toBe(b);
    expect(await session.adjacentPhoto(timeline, a, -1)).toBeNull();
    expect(await session.adjacentPhoto(timeline, d, 1)).toBeNull();

    await session.trashPhotos([b]);
    expect((await session.adjacentPhoto(timeline, b, 1))?.id).toBe(c);
    expect((await session.adjacentPhoto(timeline, b, -1))?.id).toBe(a);
    await session.trashPhotos([c]); // January is now empty, and gone from the view
    expect((await session.adjacentPhoto(timeline, c, 1))?.id).toBe(d);
    expect((await session.adjacentPhoto(timeline, c, -1))?.id).toBe(a);
    session.close();
  });

  it('deletes for good only what is in the trash, with its encrypted objects', async () => {
    const { session, db, ids, drafts } = await sessionWith(
      '2020-01-05T10:00:00',
      '2020-01-04T10:00:00',
    );
    const [first, second] = ids as [string, string];
    await session.deleteForever([first]); // not in the trash: nothing happens
    expect(await viewIds(session, { kind: 'timeline' })).toEqual([first, second]);

    await session.trashPhotos([first, second]);
    await session.deleteForever([first]);
    expect(await viewIds(session, { kind: 'trash' })).toEqual([second]);
    for (const id of drafts[0] ? objectIdsOf(drafts[0].objects) : []) {
      expect(await db.get('blobs', id)).toBeUndefined();
    }
    for (const id of drafts[1] ? objectIdsOf(drafts[1].objects) : []) {
      expect(await db.get('blobs', id)).toBeDefined();
    }
    await session.emptyTrash();
    expect(await viewIds(session, { kind: 'trash' })).toEqual([]);
    expect(await db.count('blobs')).toBe(0);
    await expect(session.image(first, 'thumbnail')).rejects.toThrow('not in the library');
    session.close();
  });

  it('empties trash older than 30 days by itself', async () => {
    // Before the session starts: its clock keeps the Date.now it was made with.
    vi.useFakeTimers({ toFake: ['Date'] });
    const { session, ids } = await sessionWith('2020-01-05T10:00:00', '2020-01-04T10:00:00');
    const [first, second] = ids as [string, string];
    const day = 86_400_000;
    try {
      await session.trashPhotos([first]);
      vi.setSystemTime(Date.now() + 2 * day);
      await session.trashPhotos([second]);
      await session.purgeExpiredTrash(Date.now() + (TRASH_DAYS - 3) * day);
      expect(await viewIds(session, { kind: 'trash' })).toEqual([first, second]);
      // 30 days after the first was trashed, 28 after the second.
      await session.purgeExpiredTrash(Date.now() + (TRASH_DAYS - 2) * day + 60_000);
      expect(await viewIds(session, { kind: 'trash' })).toEqual([second]);
    } finally {
      vi.useRealTimers();
      session.close();
    }
  });

  it('makes, fills, renames, covers, empties and deletes albums', async () => {
    const { session, ids } = await sessionWith(
      '2020-01-05T10:00:00',
      '2020-01-04T10:00:00',
      '2018-07-01T10:00:00',
    );
    const [newest, middle, oldest] = ids as [string, string, string];
    await expect(session.createAlbum('   ')).rejects.toThrow('An album needs a name.');
    const albumId = await session.createAlbum('  Lisbon 2020 ', [middle, oldest]);
    const album = { kind: 'album', albumId } as const;
    expect(await viewIds(session, album)).toEqual([middle, oldest]);
    expect(await session.albums()).toEqual([
      expect.objectContaining({ id: albumId, name: 'Lisbon 2020', count: 2, coverPhotoId: middle }),
    ]);

    await session.addToAlbum(albumId, [newest, middle]);
    await session.renameAlbum(albumId, 'Lisbon');
    await session.setAlbumCover(albumId, oldest);
    expect(await session.albums()).toEqual([
      expect.objectContaining({ name: 'Lisbon', count: 3, coverPhotoId: oldest }),
    ]);

    await session.removeFromAlbum(albumId, [oldest, middle]);
    expect(await viewIds(session, album)).toEqual([newest]);
    // The cover left the album: the newest photo stands in.
    expect((await session.albums())[0]?.coverPhotoId).toBe(newest);
    await session.trashPhotos([newest]);
    expect((await session.albums())[0]).toMatchObject({ count: 0, coverPhotoId: null });

    await session.deleteAlbum(albumId);
    expect(await session.albums()).toEqual([]);
    expect(await viewIds(session, { kind: 'archive' })).toEqual([]);
    await session.restorePhotos([newest]);
    expect(await viewIds(session, { kind: 'timeline' })).toEqual([newest, middle, oldest]);
    session.close();
  });

  it('gives the original back as a file with its name, type and date', async () => {
    const { session, ids } = await sessionWith('2020-01-05T10:00:00');
    // The test's objects are not sealed: opening one fails with a clear error, not a hang.
    await expect(session.file(ids[0] ?? '')).rejects.toThrow();
    session.close();
  });
});
