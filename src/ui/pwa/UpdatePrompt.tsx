import { useEffect, useState } from 'react';
import { registerServiceWorker } from './serviceWorker';

const offlineNoticeMs = 10_000;

/** Registers the service worker and shows "new version available" and "ready offline" notices. */
export function UpdatePrompt() {
  const [activateUpdate, setActivateUpdate] = useState<(() => void) | null>(null);
  const [offlineReady, setOfflineReady] = useState(false);

  // An information notice, not a question: it steps aside after a while (a new version waits).
  useEffect(() => {
    if (!offlineReady) return;
    const timer = setTimeout(() => {
      setOfflineReady(false);
    }, offlineNoticeMs);
    return () => {
      clearTimeout(timer);
    };
  }, [offlineReady]);

  useEffect(() => {
    registerServiceWorker({
      onOfflineReady: () => {
        setOfflineReady(true);
      },
      onUpdateWaiting: (activate) => {
        setActivateUpdate(() => activate);
      },
    });
  }, []);

  if (activateUpdate) {
    return (
      <div className="toast" role="alert">
        <span>A new version of Pinhole is available.</span>
        <button type="button" onClick={activateUpdate}>
          Reload
        </button>
      </div>
    );
  }
  if (offlineReady) {
    return (
      <div className="toast" role="status">
        <span>Pinhole is ready to work offline.</span>
        <button
          type="button"
          onClick={() => {
            setOfflineReady(false);
          }}
        >
          Dismiss
        </button>
      </div>
    );
  }
  return null;
}
