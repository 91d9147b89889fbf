import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { openPinholeDatabase } from './db';

describe('openPinholeDatabase', () => {
  it('migrates a version 2 database: every stored blob waits in the outbox for upload', async () => {
    const name = 'migration-2-to-3';
    const old = await openDB(name, 2, {
      upgrade(database) {
        for (const store of ['vault', 'blobs', 'log', 'index', 'imports', 'importItems']) {
          database.createObjectStore(store);
        }
      },
    });
    await old.put('blobs', new Uint8Array([1]), 'aa'.repeat(16));
    await old.put('blobs', new Uint8Array([2]), 'bb'.repeat(16));
    old.close();

    const db = await openPinholeDatabase(name);
    expect(db.version).toBe(3);
    expect(await db.getAllKeys('outbox')).toEqual(['aa'.repeat(16), 'bb'.repeat(16)]);
    expect(await db.getAll('outbox')).toEqual(['put', 'put']);
    expect(await db.count('sync')).toBe(0);
    expect(await db.get('blobs', 'aa'.repeat(16))).toEqual(new Uint8Array([1]));
    db.close();
  });
});
