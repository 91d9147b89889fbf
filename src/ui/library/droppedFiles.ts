/**
 * Turns what the person picked or dropped into ImportFiles: every file, with its folder path,
 * folders walked to the bottom. Nothing is filtered here; the import decides what it can read.
 */
import type { ImportFile, SkippedFile } from '../../core/import/types';

export interface CollectedFiles {
  files: ImportFile[];
  /** Files or folders the browser would not hand over (removed meanwhile, no permission). */
  unreadable: SkippedFile[];
}

/** What a drop holds. Take it during the drop event: the items are emptied once it returns. */
interface DroppedItems {
  entries: FileSystemEntry[];
  /** Files the browser offered without an entry (no webkitGetAsEntry). */
  loose: File[];
}

export function droppedItems(dataTransfer: DataTransfer): DroppedItems {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(dataTransfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    const file = entry ? null : item.getAsFile();
    if (entry) entries.push(entry);
    else if (file) loose.push(file);
  }
  if (dataTransfer.items.length === 0) loose.push(...Array.from(dataTransfer.files));
  return { entries, loose };
}

/** Reads every file of a drop, walking dropped folders recursively. */
export async function collectDropped({ entries, loose }: DroppedItems): Promise<CollectedFiles> {
  const collected: CollectedFiles = {
    files: loose.map((file) => ({ file, folder: '' })),
    unreadable: [],
  };
  for (const entry of entries) await walk(entry, collected);
  return collected;
}

/** Files from an <input type="file">: with `webkitdirectory`, each knows its path in the folder. */
export function pickedFiles(list: FileList): ImportFile[] {
  return Array.from(list, (file) => ({ file, folder: parentPath(file.webkitRelativePath) }));
}

async function walk(entry: FileSystemEntry, collected: CollectedFiles): Promise<void> {
  if (isFile(entry)) {
    try {
      collected.files.push({ file: await fileOf(entry), folder: parentPath(entry.fullPath) });
    } catch (error) {
      collected.unreadable.push(unreadable(entry, 'This file could not be read', error));
    }
    return;
  }
  if (!isDirectory(entry)) return;
  const reader = entry.createReader();
  // readEntries gives at most 100 entries per call: call it until it gives none.
  for (;;) {
    let batch: FileSystemEntry[];
    try {
      batch = await readBatch(reader);
    } catch (error) {
      collected.unreadable.push(unreadable(entry, 'This folder could not be read', error));
      return;
    }
    if (batch.length === 0) return;
    for (const child of batch) await walk(child, collected);
  }
}

function isFile(entry: FileSystemEntry): entry is FileSystemFileEntry {
  return entry.isFile;
}

function isDirectory(entry: FileSystemEntry): entry is FileSystemDirectoryEntry {
  return entry.isDirectory;
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => {
    entry.file(resolve, reject);
  });
}

function readBatch(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => {
    reader.readEntries(resolve, reject);
  });
}

/** '/Holiday/Day 1/a.jpg' or 'Holiday/Day 1/a.jpg' → 'Holiday/Day 1'; 'a.jpg' → ''. */
function parentPath(path: string): string {
  const parts = path.split('/').filter((part) => part !== '');
  return parts.slice(0, -1).join('/');
}

function unreadable(entry: FileSystemEntry, what: string, error: unknown): SkippedFile {
  const detail = error instanceof Error ? ` (${error.message})` : '';
  return { name: entry.name, folder: parentPath(entry.fullPath), reason: `${what}${detail}.` };
}
