import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/sync/syncController';
import {
  awaitingDevicesText,
  bytesText,
  pendingText,
  relativeTime,
  syncStateText,
} from './syncStatusText';

const idle: SyncStatus = {
  state: 'idle',
  pendingObjects: 0,
  pendingRecords: 0,
  awaitingDevices: 0,
  uploadedBytes: 0,
  lastSyncMs: 1000,
  error: null,
};

describe('sync status in words', () => {
  it('says each state', () => {
    expect(syncStateText(idle)).toBe('Synced');
    expect(syncStateText({ ...idle, lastSyncMs: null })).toBe('Sync starting…');
    expect(syncStateText({ ...idle, state: 'syncing' })).toBe('Syncing…');
    expect(syncStateText({ ...idle, state: 'offline' })).toBe('Offline, will retry');
    expect(syncStateText({ ...idle, state: 'failed', error: 'Wrong key.' })).toBe(
      'Sync failed: Wrong key.',
    );
    expect(syncStateText({ ...idle, state: 'elsewhere' })).toBe('Syncing in another tab');
    expect(syncStateText({ ...idle, state: 'off' })).toBe('Sync off');
  });

  it('counts what is pending', () => {
    expect(pendingText(idle)).toBe('0 pending');
    expect(pendingText({ ...idle, pendingObjects: 1 })).toBe('1 file pending');
    expect(pendingText({ ...idle, pendingObjects: 3, pendingRecords: 2 })).toBe(
      '3 files and 2 changes pending',
    );
    expect(awaitingDevicesText(idle)).toBeNull();
    expect(awaitingDevicesText({ ...idle, awaitingDevices: 3 })).toBe(
      '3 deleted files kept in the bucket until your other devices sync',
    );
  });

  it('writes bytes and times for people', () => {
    expect(bytesText(999)).toBe('999 bytes');
    expect(bytesText(2_345_678)).toBe('2.3 MB');
    expect(bytesText(123_456_789)).toBe('123 MB');
    expect(relativeTime(0, 10_000)).toBe('just now');
    expect(relativeTime(0, 5 * 60_000)).toBe('5 min ago');
    expect(relativeTime(0, 3 * 3600_000)).toBe('3 h ago');
  });
});
