/**
 * The app's one IndexedDB database, through idb. Its schema is versioned: each version adds a
 * migration step below and never edits an earlier one. docs/format.md lists every store and
 * record. Nothing stored here is plaintext user data.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const databaseName = 'pinhole';
export const databaseVersion = 1;

/** The master key kept for "stay unlocked on this device", wrapped by a non-extractable key. */
export interface DeviceUnlockRecord {
  libraryId: Uint8Array;
  deviceKey: CryptoKey;
  iv: Uint8Array;
  wrappedMasterKey: Uint8Array;
}

export interface VaultSettingsRecord {
  autoLockMinutes: number;
}

export interface PinholeSchema extends DBSchema {
  vault: {
    key: 'key-bundle' | 'device-unlock' | 'settings';
    value: Uint8Array | DeviceUnlockRecord | VaultSettingsRecord;
  };
}

export type PinholeDatabase = IDBPDatabase<PinholeSchema>;

const migrations: ((database: IDBPDatabase<PinholeSchema>) => void)[] = [
  // 0 -> 1: the vault store (key bundle, device unlock, settings).
  (database) => {
    database.createObjectStore('vault');
  },
];

export function openPinholeDatabase(name: string = databaseName): Promise<PinholeDatabase> {
  return openDB<PinholeSchema>(name, databaseVersion, {
    upgrade(database, oldVersion) {
      for (let version = oldVersion; version < databaseVersion; version++) {
        migrations[version]?.(database);
      }
    },
  });
}
