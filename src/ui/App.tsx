import { useState } from 'react';
import { EngineStatus } from './EngineStatus';
import { FormError } from './FormError';
import { UpdatePrompt } from './pwa/UpdatePrompt';
import { OpenExistingLibrary } from './sync/OpenExistingLibrary';
import { AppHeader } from './vault/AppHeader';
import { CreateVaultScreen } from './vault/CreateVaultScreen';
import { HomeScreen } from './vault/HomeScreen';
import { RecoverScreen } from './vault/RecoverScreen';
import { UnlockScreen } from './vault/UnlockScreen';
import { useVault, type VaultState } from './vault/useVault';

/**
 * Picks the screen from the library's status: create (or open one from a bucket), unlock (or
 * recover), or the library.
 */
function VaultScreens({ state, refresh, lock, lockThisTab }: ReturnType<typeof useVault>) {
  const [recovering, setRecovering] = useState(false);
  const [openingExisting, setOpeningExisting] = useState(false);

  if (state.kind !== 'ready') return <StartScreen state={state} />;
  const { status } = state;
  if (!status.exists && openingExisting)
    return (
      <OpenExistingLibrary
        onOpened={async () => {
          setOpeningExisting(false);
          await refresh();
        }}
        onCancel={() => {
          setOpeningExisting(false);
        }}
      />
    );
  if (!status.exists)
    return (
      <CreateVaultScreen
        onCreated={refresh}
        onOpenExisting={() => {
          setOpeningExisting(true);
        }}
      />
    );
  if (status.unlocked)
    return (
      <HomeScreen
        status={status}
        onLock={() => void lock()}
        onIdle={() => void lockThisTab()}
        onStatusChanged={refresh}
      />
    );
  if (recovering)
    return (
      <RecoverScreen
        onRecovered={async () => {
          setRecovering(false);
          await refresh();
        }}
        onCancel={() => {
          setRecovering(false);
        }}
      />
    );
  return (
    <UnlockScreen
      onUnlocked={refresh}
      onForgotPassword={() => {
        setRecovering(true);
      }}
    />
  );
}

function StartScreen({ state }: { state: Exclude<VaultState, { kind: 'ready' }> }) {
  return (
    <>
      <AppHeader />
      <main className="screen">
        {state.kind === 'starting' ? (
          <p role="status">Opening your library…</p>
        ) : (
          <FormError message={state.message} />
        )}
      </main>
    </>
  );
}

export function App() {
  const vault = useVault();
  return (
    <>
      <VaultScreens {...vault} />
      <footer className="app-footer">
        <EngineStatus />
        <p>
          HEIC photos are decoded with libheif and libde265, free software under the{' '}
          <a href="licences/libheif.txt">GNU LGPL 3.0</a> (
          <a href="https://github.com/strukturag/libheif" rel="noreferrer">
            source
          </a>
          ).
        </p>
      </footer>
      <UpdatePrompt />
    </>
  );
}
