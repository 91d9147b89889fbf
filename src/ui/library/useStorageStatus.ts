import { useCallback, useEffect, useRef, useState } from 'react';
import type { StorageStatus } from '../../core/import/types';

/** Absent outside a secure context. */
const storageManager = (): StorageManager | undefined =>
  'storage' in navigator ? navigator.storage : undefined;

async function readStorageStatus(): Promise<StorageStatus | null> {
  const manager = storageManager();
  if (!manager) return null;
  try {
    const [estimate, persisted] = await Promise.all([manager.estimate(), manager.persisted()]);
    return { usageBytes: estimate.usage ?? 0, quotaBytes: estimate.quota ?? 0, persisted };
  } catch (error) {
    console.warn('storage estimate failed', error);
    return null;
  }
}

/**
 * How much of the browser's storage the library uses, and whether the browser keeps it under
 * pressure. `askToKeep` requests persistent storage, once per page: browsers weigh the request
 * by engagement, so it is made at the first import rather than on load.
 */
export function useStorageStatus() {
  const [storage, setStorage] = useState<StorageStatus | null>(null);
  const refresh = useCallback(
    () =>
      readStorageStatus().then((status) => {
        if (status) setStorage(status);
      }),
    [],
  );

  const asked = useRef(false);
  const askToKeep = useCallback(async () => {
    const manager = storageManager();
    if (asked.current || !manager) return;
    asked.current = true;
    try {
      if (!(await manager.persisted())) await manager.persist();
    } catch (error) {
      console.warn('persistent storage request failed', error);
    }
    await refresh();
  }, [refresh]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { storage, refresh, askToKeep };
}
