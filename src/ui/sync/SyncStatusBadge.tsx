import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../core/sync/syncController';
import { describeError } from '../errors';
import { getCryptoWorker } from '../workers/cryptoWorker';
import {
  awaitingDevicesText,
  bytesText,
  pendingText,
  relativeTime,
  syncStateText,
} from './syncStatusText';

/** "5 min ago" moves on by itself this often. */
const TICK_MS = 30_000;

/**
 * Sync's status in the header: the state (announced when it changes), what is waiting, what went
 * up, when it last synced, and "Sync now". `status` comes from the worker's events; until the
 * first one arrives the badge asks the worker once.
 */
export function SyncStatusBadge({ status }: { status: SyncStatus | null }) {
  const [asked, setAsked] = useState<SyncStatus | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [nowMs, setNowMs] = useState(() => Date.now());

  useEffect(() => {
    if (status) return;
    let current = true;
    void getCryptoWorker()
      .syncStatus()
      .then((answer) => {
        if (current) setAsked(answer);
      })
      .catch((caught: unknown) => {
        console.warn('sync status unavailable', caught);
      });
    return () => {
      current = false;
    };
  }, [status]);

  useEffect(() => {
    const timer = setInterval(() => {
      setNowMs(Date.now());
    }, TICK_MS);
    return () => {
      clearInterval(timer);
    };
  }, []);

  const shown = status ?? asked;
  if (!shown) return null;

  const syncNow = async () => {
    setSyncing(true);
    setError(null);
    try {
      setAsked(await getCryptoWorker().syncNow());
      setNowMs(Date.now());
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setSyncing(false);
    }
  };

  const on = shown.state !== 'off';
  return (
    <div
      className="sync-badge"
      data-testid="sync-status"
      data-state={shown.state}
      data-pending={shown.pendingObjects + shown.pendingRecords}
    >
      <p className="sync-state" role="status">
        {syncStateText(shown)}
      </p>
      {on && (
        <p className="sync-details">
          <span>{pendingText(shown)}</span>
          {awaitingDevicesText(shown) && <span>{awaitingDevicesText(shown)}</span>}
          {shown.uploadedBytes > 0 && <span>{bytesText(shown.uploadedBytes)} uploaded</span>}
          {shown.lastSyncMs !== null && (
            <span>
              Last sync{' '}
              <time dateTime={new Date(shown.lastSyncMs).toISOString()}>
                {relativeTime(shown.lastSyncMs, Math.max(nowMs, shown.lastSyncMs))}
              </time>
            </span>
          )}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {on && (
        <button
          type="button"
          className="secondary"
          disabled={syncing}
          aria-busy={syncing}
          onClick={() => void syncNow()}
        >
          Sync now
        </button>
      )}
    </div>
  );
}
