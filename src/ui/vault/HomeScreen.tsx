import { useState } from 'react';
import type { VaultStatus } from '../../core/vault/types';
import { AppHeader } from './AppHeader';
import { SettingsPanel } from './SettingsPanel';
import { useIdleLock } from './useIdleLock';

interface HomeScreenProps {
  status: VaultStatus;
  onLock: () => void;
  onIdle: () => void;
  onStatusChanged: () => Promise<void>;
}

/** The unlocked library. Photos come later; for now it says so, and offers the settings. */
export function HomeScreen({ status, onLock, onIdle, onStatusChanged }: HomeScreenProps) {
  const [settingsOpen, setSettingsOpen] = useState(false);
  // A device chosen to stay unlocked stays so until Lock: idle time does not apply there.
  useIdleLock(status.rememberedOnDevice ? 0 : status.autoLockMinutes, onIdle);

  return (
    <>
      <AppHeader>
        <button
          type="button"
          className="secondary"
          aria-expanded={settingsOpen}
          aria-controls="settings"
          onClick={() => {
            setSettingsOpen(!settingsOpen);
          }}
        >
          Settings
        </button>
        <button type="button" onClick={onLock}>
          Lock
        </button>
      </AppHeader>
      <main className="screen" data-testid="library">
        {settingsOpen && <SettingsPanel status={status} onStatusChanged={onStatusChanged} />}
        <section aria-labelledby="library-heading">
          <h2 id="library-heading">Your library</h2>
          <p>Your library is unlocked. It has no photos yet.</p>
          {status.rememberedOnDevice && (
            <p className="hint">
              This device stays unlocked until you press Lock, even after a reload.
            </p>
          )}
        </section>
      </main>
    </>
  );
}
