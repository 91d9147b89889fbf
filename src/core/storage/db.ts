/**
 * The app's one IndexedDB database, through idb. Its schema is versioned: each version adds a
 * migration step below and never edits an earlier one. docs/format.md lists every store and
 * record. Nothing stored here is plaintext user data.
 */
import {
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';

export const databaseName = 'pinhole';
const databaseVersion = 3;

/** The master key kept for "stay unlocked on this device", wrapped by a non-extractable key. */
export interface DeviceUnlockRecord {
  libraryId: Uint8Array<ArrayBuffer>;
  deviceKey: CryptoKey;
  iv: Uint8Array<ArrayBuffer>;
  wrappedMasterKey: Uint8Array<ArrayBuffer>;
}

export interface VaultSettingsRecord {
  autoLockMinutes: number;
}

/** This browser's device id in the library's operation logs (random; see library/hlc.ts). */
export interface DeviceRecord {
  deviceId: string;
}

/**
 * Every value below except the vault's records is a sealed object (docs/format.md, "Sealed
 * object"), and every key is random or derived with a key: nothing here names, dates or
 * describes a photo.
 */
export interface PinholeSchema extends DBSchema {
  vault: {
    key: 'key-bundle' | 'device-unlock' | 'settings' | 'device';
    value: Uint8Array | DeviceUnlockRecord | VaultSettingsRecord | DeviceRecord;
  };
  /** Photo originals, previews and thumbnails: sealed objects (bytes, or a Blob for a large video) by object id (hex). */
  blobs: { key: string; value: Uint8Array | Blob };
  /** Operation log records: [device id, sequence number] → sealed batch of operations. */
  log: { key: [string, number]; value: Uint8Array };
  /** Timeline index (head and month buckets) and snapshot, by derived object id (hex). */
  index: { key: string; value: Uint8Array };
  /** Import journal: import id → sealed list of the files handed over. */
  imports: { key: string; value: Uint8Array };
  /** Import journal: [import id, file number] → sealed outcome of that file. */
  importItems: { key: [string, number]; value: Uint8Array };
  /** Sync: blobs (by object id, hex) to upload to the store, or to delete from it. */
  outbox: { key: string; value: 'put' | 'delete' };
  /** Sync: its sealed settings and progress, by derived object id (hex). */
  sync: { key: string; value: Uint8Array };
}

export type PinholeDatabase = IDBPDatabase<PinholeSchema>;

type Migration = (
  database: IDBPDatabase<PinholeSchema>,
  transaction: IDBPTransaction<PinholeSchema, StoreNames<PinholeSchema>[], 'versionchange'>,
) => void;

const migrations: Migration[] = [
  // 0 -> 1: the vault store (key bundle, device unlock, settings).
  (database) => {
    database.createObjectStore('vault');
  },
  // 1 -> 2: the library (blobs, operation log, index) and the import journal.
  (database) => {
    database.createObjectStore('blobs');
    database.createObjectStore('log');
    database.createObjectStore('index');
    database.createObjectStore('imports');
    database.createObjectStore('importItems');
  },
  // 2 -> 3: sync. Every blob already stored is waiting to be uploaded.
  (database, transaction) => {
    const outbox = database.createObjectStore('outbox');
    database.createObjectStore('sync');
    void transaction
      .objectStore('blobs')
      .getAllKeys()
      .then((ids) => Promise.all(ids.map((id) => outbox.put('put', id))));
  },
];

/**
 * The records of a store keyed [name, number] (`log`, `importItems`) under `name`, numbers from
 * `from` on, in order, as [number, value] pairs; at most `count` of them.
 */
export async function numberedRecords(
  database: PinholeDatabase,
  store: 'log' | 'importItems',
  name: string,
  from = 0,
  count?: number,
): Promise<[number, Uint8Array][]> {
  const range = IDBKeyRange.bound([name, from], [name, Infinity]);
  const tx = database.transaction(store);
  const [keys, values] = await Promise.all([
    tx.store.getAllKeys(range, count),
    tx.store.getAll(range, count),
  ]);
  return keys.map((key, index): [number, Uint8Array] => [
    key[1],
    values[index] ?? new Uint8Array(),
  ]);
}

export function openPinholeDatabase(name: string = databaseName): Promise<PinholeDatabase> {
  return openDB<PinholeSchema>(name, databaseVersion, {
    upgrade(database, oldVersion, _newVersion, transaction) {
      for (let version = oldVersion; version < databaseVersion; version++) {
        migrations[version]?.(database, transaction);
      }
    },
  });
}
