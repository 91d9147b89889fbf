import { useEffect, useState } from 'react';
import type { VaultStatus } from '../../core/vault/types';
import { DropOverlay } from '../library/DropOverlay';
import { ImportButtons } from '../library/ImportButtons';
import { ImportPanel } from '../library/ImportPanel';
import { LibraryPane } from '../library/LibraryPane';
import { forgetThumbnails } from '../library/thumbnails';
import type { LibraryPlace } from '../library/LibraryNav';
import { useFileDrop } from '../library/useFileDrop';
import { useLibrary } from '../library/useLibrary';
import { useOpenPhoto } from '../library/useOpenPhoto';
import { useSelection } from '../library/useSelection';
import { SyncStatusBadge } from '../sync/SyncStatusBadge';
import { PhotoViewer } from '../viewer/PhotoViewer';
import { AppHeader } from './AppHeader';
import { SettingsPanel } from './SettingsPanel';
import { useIdleLock } from './useIdleLock';

interface HomeScreenProps {
  status: VaultStatus;
  onLock: () => void;
  onIdle: () => void;
  onStatusChanged: () => Promise<void>;
}

/** The unlocked library: its timeline, imports (buttons, or a drop anywhere), and settings. */
export function HomeScreen({ status, onLock, onIdle, onStatusChanged }: HomeScreenProps) {
  const [settingsOpen, setSettingsOpen] = useState(false);
  // A device chosen to stay unlocked stays so until Lock: idle time does not apply there.
  useIdleLock(status.rememberedOnDevice ? 0 : status.autoLockMinutes, onIdle);
  const [place, setPlace] = useState<LibraryPlace>({ kind: 'timeline' });
  // The albums list has no months of its own: the timeline's stay current behind it.
  const library = useLibrary(place.kind === 'albums' ? { kind: 'timeline' } : place);
  const selection = useSelection();
  const drop = useFileDrop(({ files, unreadable }) => void library.importFiles(files, unreadable));
  const photo = useOpenPhoto();
  // Locked (this screen goes): no decrypted thumbnail stays behind as an object URL.
  useEffect(() => forgetThumbnails, []);

  return (
    <>
      <AppHeader>
        <SyncStatusBadge status={library.sync} />
        <ImportButtons onFiles={(files) => void library.importFiles(files)} />
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
      <main
        className="screen library-screen"
        data-testid="library"
        inert={photo.photoId !== null}
        {...drop.handlers}
      >
        {settingsOpen && <SettingsPanel status={status} onStatusChanged={onStatusChanged} />}
        <section aria-labelledby="library-heading">
          <h2 id="library-heading">Your library</h2>
          {status.rememberedOnDevice && (
            <p className="hint">
              This device stays unlocked until you press Lock, even after a reload.
            </p>
          )}
          <ImportPanel
            progress={library.progress}
            unreadable={library.unreadable}
            storage={library.storage}
            reading={drop.reading}
            error={library.error}
            onPause={() => void library.pause()}
            onResume={() => void library.resume()}
            onCancel={() => void library.cancel()}
            onDismiss={() => void library.dismiss()}
          />
          <LibraryPane
            place={place}
            onPlaceChange={setPlace}
            months={library.months}
            revisions={library.revisions}
            changes={library.changes}
            selection={selection}
            onOpen={photo.open}
          />
        </section>
        {drop.dragging && <DropOverlay />}
      </main>
      {photo.photoId !== null && (
        <PhotoViewer
          view={place.kind === 'albums' ? { kind: 'timeline' } : place}
          photoId={photo.photoId}
          onNavigate={photo.navigate}
          onClose={photo.close}
        />
      )}
    </>
  );
}
