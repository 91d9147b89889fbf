/**
 * What the UI sees of an import: the files it hands over, and the progress it is shown. The work
 * itself runs in workers (see coordinator.ts); nothing here holds a key or a photo's bytes.
 */

/** A file the person dropped or picked, with its path inside a dropped folder ('' at the top). */
export interface ImportFile {
  file: File;
  /** Folder path relative to what was dropped, e.g. 'Holiday/Day 1'; '' for a loose file. */
  folder: string;
}

/** One file that was not imported, and why, in words for people. */
export interface SkippedFile {
  name: string;
  folder: string;
  reason: string;
}

export type ImportPhase =
  /** Nothing is running and nothing is left over. */
  | 'idle'
  | 'running'
  | 'paused'
  /** Finished: every file is imported, a duplicate, or skipped. */
  | 'done'
  | 'cancelled'
  /** Stopped by an error that stops everything (storage full); `error` says what happened. */
  | 'failed'
  /**
   * A tab closed before every file was read. What was read is finished automatically; the
   * rest (`unread` files) need the same files or folder added again.
   */
  | 'interrupted';

export interface ImportProgress {
  phase: ImportPhase;
  /** Files handed over in this import (including those of an interrupted one being finished). */
  totalFiles: number;
  /** Files finished: imported, duplicates, or skipped. */
  doneFiles: number;
  importedFiles: number;
  /** Files whose bytes were already in the library (same content, whatever the name). */
  duplicateFiles: number;
  skipped: SkippedFile[];
  totalBytes: number;
  doneBytes: number;
  /** Bytes per second over the last few seconds; 0 when not running. */
  bytesPerSecond: number;
  /** Estimated seconds left, or null when not known yet. */
  secondsLeft: number | null;
  /** Files an interrupted import never read: add them again to finish. */
  unreadFiles: number;
  /** Set when phase is 'failed': a sentence for people. */
  error: string | null;
}

/** Storage the browser gives this site (navigator.storage.estimate), and whether it is kept. */
export interface StorageStatus {
  usageBytes: number;
  quotaBytes: number;
  /** navigator.storage.persisted(): the browser will not evict the library under pressure. */
  persisted: boolean;
}
