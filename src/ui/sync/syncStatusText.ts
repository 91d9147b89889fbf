/** Sync's status in words for the header badge (kept apart from React so it is easy to test). */
import type { SyncStatus } from '../../core/sync/syncController';

/** The state in a few words: what a screen reader announces when it changes. */
export function syncStateText(status: SyncStatus): string {
  switch (status.state) {
    case 'off':
      return 'Sync off';
    case 'syncing':
      return 'Syncing…';
    case 'offline':
      return 'Offline, will retry';
    case 'failed':
      return `Sync failed: ${status.error ?? 'unknown reason'}`;
    case 'elsewhere':
      return 'Syncing in another tab';
    case 'idle':
      return status.lastSyncMs === null ? 'Sync starting…' : 'Synced';
  }
}

/** What is left to upload: files (photos and their previews) and changes (log records). */
export function pendingText(status: SyncStatus): string {
  const { pendingObjects: files, pendingRecords: changes } = status;
  if (files === 0 && changes === 0) return '0 pending';
  const parts: string[] = [];
  if (files > 0) parts.push(`${String(files)} file${files === 1 ? '' : 's'}`);
  if (changes > 0) parts.push(`${String(changes)} change${changes === 1 ? '' : 's'}`);
  return `${parts.join(' and ')} pending`;
}

/** Deleted files the bucket keeps until the other devices sync; null when there are none. */
export function awaitingDevicesText(status: SyncStatus): string | null {
  const files = status.awaitingDevices;
  if (files === 0) return null;
  return `${String(files)} deleted file${files === 1 ? '' : 's'} kept in the bucket until your other devices sync`;
}

const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];

/** Bytes in decimal units, as storage services bill them. */
export function bytesText(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const shown = unit === 0 || value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${String(shown)} ${units[unit] ?? ''}`;
}

/** "just now", "5 min ago", "3 h ago", else the date and time. */
export function relativeTime(ms: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - ms) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${String(minutes)} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${String(hours)} h ago`;
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
