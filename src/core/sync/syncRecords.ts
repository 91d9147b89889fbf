/**
 * Sync's own records in IndexedDB (store `sync`): JSON sealed with the index key (kind index),
 * each bound to the derived object id of its label, which is also its key (docs/format.md).
 */
import { toHex } from '../crypto/random';
import { ObjectKind, openJson, sealJson } from '../crypto/sealed';
import { objectIdFor, type LibraryKeys } from '../library/libraryKeys';
import type { PinholeDatabase } from '../storage/db';

export class SyncRecords {
  constructor(
    private readonly db: PinholeDatabase,
    private readonly keys: LibraryKeys,
  ) {}

  /** The record of `label`, or undefined when there is none. */
  async get(label: string): Promise<unknown> {
    const objectId = await objectIdFor(this.keys, label);
    const sealed = await this.db.get('sync', toHex(objectId));
    if (!sealed) return undefined;
    return openJson(this.keys.indexKey, sealed, { kind: ObjectKind.index, objectId });
  }

  async put(label: string, value: unknown): Promise<void> {
    const objectId = await objectIdFor(this.keys, label);
    const sealed = await sealJson(this.keys.indexKey, value, { kind: ObjectKind.index, objectId });
    await this.db.put('sync', sealed, toHex(objectId));
  }

  async delete(label: string): Promise<void> {
    await this.db.delete('sync', toHex(await objectIdFor(this.keys, label)));
  }
}
