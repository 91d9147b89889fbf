/**
 * The import journal (docs/format.md, "Import journal"): what an import was handed and what
 * became of each file, sealed in IndexedDB, so an import cut short by a closed tab is finished
 * after the next unlock. A file's outcome is written in the same transaction as its effect
 * (library.commit), so the journal and the library never disagree.
 */
import { ObjectKind, openJson, sealJson } from '../crypto/sealed';
import type { FileType } from '../media/fileType';
import { objectIdFor, type LibraryKeys } from '../library/libraryKeys';
import { numberedRecords, type PinholeDatabase } from '../storage/db';

export interface ManifestFile {
  name: string;
  folder: string;
  size: number;
  lastModified: number;
}

export interface ImportManifest {
  version: 1;
  startedMs: number;
  files: ManifestFile[];
}

/** What became of one file. A file without a record was never read. */
export type ItemRecord =
  /** Sealed and stored; not yet processed into the library. */
  | {
      s: 'staged';
      photoId: string;
      originalId: string;
      /** The photo key wrapped under the master key (hex). */
      key: string;
      contentHash: string;
      type: FileType;
    }
  | { s: 'done'; photoId: string }
  | { s: 'duplicate' }
  | { s: 'skipped'; reason: string };

export interface JournalEntry {
  importId: string;
  manifest: ImportManifest;
  items: Map<number, ItemRecord>;
}

export type SealedItem = [[string, number], Uint8Array];

export class ImportJournal {
  constructor(
    private readonly db: PinholeDatabase,
    private readonly keys: LibraryKeys,
  ) {}

  async create(importId: string, files: ManifestFile[]): Promise<void> {
    const manifest: ImportManifest = { version: 1, startedMs: Date.now(), files };
    const objectId = await objectIdFor(this.keys, `import ${importId}`);
    const sealed = await sealJson(this.keys.indexKey, manifest, {
      kind: ObjectKind.journal,
      objectId,
    });
    await this.db.put('imports', sealed, importId);
  }

  /** The record of file `index`, sealed, for library.commit's importItems. */
  async sealItem(importId: string, index: number, record: ItemRecord): Promise<SealedItem> {
    const objectId = await objectIdFor(this.keys, `import ${importId} ${String(index)}`);
    const sealed = await sealJson(this.keys.indexKey, record, {
      kind: ObjectKind.journal,
      objectId,
    });
    return [[importId, index], sealed];
  }

  /** Every import in the journal with its file outcomes. */
  async entries(): Promise<JournalEntry[]> {
    const entries: JournalEntry[] = [];
    for (const importId of await this.db.getAllKeys('imports')) {
      const sealed = await this.db.get('imports', importId);
      if (!sealed) continue;
      const manifestId = await objectIdFor(this.keys, `import ${importId}`);
      const manifest = (await openJson(this.keys.indexKey, sealed, {
        kind: ObjectKind.journal,
        objectId: manifestId,
      })) as ImportManifest;
      const items = new Map<number, ItemRecord>();
      for (const [index, value] of await numberedRecords(this.db, 'importItems', importId)) {
        const objectId = await objectIdFor(this.keys, `import ${importId} ${String(index)}`);
        const record = (await openJson(this.keys.indexKey, value, {
          kind: ObjectKind.journal,
          objectId,
        })) as ItemRecord;
        items.set(index, record);
      }
      entries.push({ importId, manifest, items });
    }
    return entries;
  }

  async remove(importId: string): Promise<void> {
    const tx = this.db.transaction(['imports', 'importItems'], 'readwrite');
    await Promise.all([
      tx.objectStore('imports').delete(importId),
      tx.objectStore('importItems').delete(IDBKeyRange.bound([importId, 0], [importId, Infinity])),
      tx.done,
    ]);
  }
}
