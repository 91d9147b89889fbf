import { proxy } from 'comlink';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { LibraryEvent } from '../../core/library/librarySession';
import type { SyncStatus } from '../../core/sync/syncController';
import type { ImportFile, ImportProgress, SkippedFile } from '../../core/import/types';
import type { TimelineMonth } from '../../core/library/timeline';
import { viewKey, type LibraryView } from '../../core/library/views';
import { describeError } from '../errors';
import { getCryptoWorker } from '../workers/cryptoWorker';
import { pagePosterMaker } from './posterMaker';
import { useStorageStatus } from './useStorageStatus';

/** Each month's revision ('YYYY-MM' → count), bumped when its photos change; absent means 0. */
export type MonthRevisions = ReadonlyMap<string, number>;

/**
 * The unlocked library as the page sees it: the months of the view shown, the import's progress
 * and the browser's storage, kept current by the crypto worker's events. Mount once per unlock
 * (the worker's library session lives until Lock, which drops its listeners).
 */
export function useLibrary(view: LibraryView) {
  const shownView = viewKey(view);
  const [months, setMonths] = useState<{ view: string; months: TimelineMonth[] } | null>(null);
  /** Bumped per month a 'libraryChanged' names: that month, if loaded, reads its entries again. */
  const [timelineRevisions, setTimelineRevisions] = useState<MonthRevisions>(() => new Map());
  /** How many changes the library has had: other views and the album list read again. */
  const [changes, setChanges] = useState(0);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [sync, setSync] = useState<SyncStatus | null>(null);
  /** Files the page could not even read out of a dropped folder (the worker never saw them). */
  const [unreadable, setUnreadable] = useState<SkippedFile[]>([]);
  const [error, setError] = useState<string | null>(null);
  const { storage, refresh: refreshStorage, askToKeep } = useStorageStatus();

  const currentView = useRef(view);
  useLayoutEffect(() => {
    currentView.current = view;
  });
  const refreshMonths = useCallback(async () => {
    const asked = currentView.current;
    try {
      const viewMonths = await getCryptoWorker().viewMonths(asked);
      // A reply for a view the person has since left is dropped.
      if (viewKey(currentView.current) === viewKey(asked)) {
        setMonths({ view: viewKey(asked), months: viewMonths });
      }
    } catch (cause) {
      setError(describeError(cause));
    }
  }, []);
  useEffect(() => {
    void refreshMonths();
  }, [shownView, refreshMonths]);

  // The worker keeps listeners until Lock and has no unsubscribe: subscribe once per mount, even
  // under StrictMode's double effects (a second subscription would only repeat each event).
  // New imports wait for `ready`: resumeImports would take one started before it for an
  // interrupted import (it reads every import in the journal).
  const ready = useRef<Promise<void>>(null);
  useEffect(() => {
    if (ready.current) return;
    const worker = getCryptoWorker();
    const listener = (event: LibraryEvent) => {
      if (event.type === 'progress') {
        setProgress(event.progress);
      } else if (event.type === 'syncStatus') {
        setSync(event.status);
      } else {
        setTimelineRevisions((previous) => {
          const next = new Map(previous);
          for (const month of event.months) next.set(month, (next.get(month) ?? 0) + 1);
          return next;
        });
        setChanges((count) => count + 1);
        void refreshMonths();
        void refreshStorage();
      }
    };
    ready.current = (async () => {
      try {
        await worker.subscribe(proxy(listener));
        await worker.setPosterMaker(proxy(pagePosterMaker()));
        await worker.resumeImports();
        // Unless an event already said more (it may overtake this reply).
        const snapshot = await worker.importProgress();
        setProgress((previous) => previous ?? snapshot);
      } catch (cause) {
        setError(describeError(cause));
      }
    })();
  }, [refreshMonths, refreshStorage]);

  /** Hands files to the worker, which decides what is importable and reports what it skipped. */
  const importFiles = useCallback(
    async (files: ImportFile[], unread: SkippedFile[] = []) => {
      setError(null);
      setUnreadable((previous) => [...previous, ...unread]);
      if (files.length === 0) return;
      void askToKeep();
      try {
        await ready.current;
        await getCryptoWorker().startImport(files);
      } catch (cause) {
        setError(describeError(cause));
      }
    },
    [askToKeep],
  );

  // Each action makes the worker send the new progress as an event: no reply to wait for here
  // (a reply and an event travel on different ports, so a reply could overtake a newer event).
  const control = useCallback(
    async (action: 'pauseImport' | 'resumeImport' | 'cancelImport' | 'dismissImport') => {
      try {
        if (action === 'dismissImport') setUnreadable([]);
        await getCryptoWorker()[action]();
      } catch (cause) {
        setError(describeError(cause));
      }
    },
    [],
  );

  const shownMonths = months?.view === shownView ? months.months : null;
  // Other views are computed from the whole library: any change may touch any of their months.
  const revisions = useMemo<MonthRevisions>(
    () =>
      shownView === 'timeline'
        ? timelineRevisions
        : new Map((shownMonths ?? []).map(({ month }) => [month, changes])),
    [shownView, timelineRevisions, shownMonths, changes],
  );

  return {
    months: shownMonths,
    revisions,
    changes,
    progress,
    sync,
    unreadable,
    error,
    storage,
    importFiles,
    pause: () => control('pauseImport'),
    resume: () => control('resumeImport'),
    cancel: () => control('cancelImport'),
    dismiss: () => control('dismissImport'),
  };
}
