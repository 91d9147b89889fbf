import { useCallback, useState } from 'react';
import type { TimelineMonth } from '../../core/library/timeline';
import type { LibraryView } from '../../core/library/views';
import { AddToAlbumDialog } from '../albums/AddToAlbumDialog';
import { AlbumNameDialog } from '../albums/AlbumNameDialog';
import { AlbumsPage } from '../albums/AlbumsPage';
import { useAlbums } from '../albums/useAlbums';
import { describeError } from '../errors';
import { ConfirmDialog } from '../ModalDialog';
import { getCryptoWorker } from '../workers/cryptoWorker';
import { ActionStatusLine } from './ActionStatusLine';
import { downloadPhotos } from './downloadPhotos';
import { LibraryNav, type LibraryPlace } from './LibraryNav';
import { SelectionBar, type SelectionAction } from './SelectionBar';
import { Timeline } from './Timeline';
import type { MonthRevisions } from './useLibrary';
import type { Selection } from './useSelection';
import { photoCount, useLibraryAction } from './useLibraryAction';

type Dialog =
  | { kind: 'addToAlbum' }
  | { kind: 'newAlbum' }
  | { kind: 'renameAlbum'; albumId: string; name: string }
  | { kind: 'deleteAlbum'; albumId: string; name: string }
  | { kind: 'emptyTrash' }
  | { kind: 'deleteForever'; photoIds: string[] };

interface LibraryPaneProps {
  place: LibraryPlace;
  onPlaceChange: (place: LibraryPlace) => void;
  months: TimelineMonth[] | null;
  revisions: MonthRevisions;
  /** How many changes the library has had (useLibrary): album names and counts read again. */
  changes: number;
  selection: Selection;
  onOpen: (photoId: string, tile: HTMLElement) => void;
}

const titles: Record<Exclude<LibraryView['kind'], 'album'>, string> = {
  timeline: 'Photos',
  favourites: 'Favourites',
  archive: 'Archive',
  trash: 'Trash',
};

/**
 * The part of the library being looked at (timeline, favourites, albums, an album, archive,
 * trash), its title and actions, the selection's actions and their confirmations.
 */
export function LibraryPane({
  place,
  onPlaceChange,
  months,
  revisions,
  changes,
  selection,
  onOpen,
}: LibraryPaneProps) {
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [busy, setBusy] = useState(false);
  const { status, run, dismiss } = useLibraryAction();
  const worker = getCryptoWorker();
  const albumId = place.kind === 'album' ? place.albumId : null;
  const { albums } = useAlbums(changes, albumId !== null);
  const album = albumId === null ? null : albums?.find((a) => a.id === albumId);
  const closeDialog = useCallback(() => {
    setDialog(null);
  }, []);

  const act = async (
    work: () => Promise<unknown>,
    done: string,
    undo?: () => Promise<unknown>,
  ): Promise<boolean> => {
    setBusy(true);
    const worked = await run(work, done, undo);
    setBusy(false);
    if (worked) selection.clear();
    return worked;
  };

  const onAction = (action: SelectionAction) => {
    const ids = [...selection.selected];
    const some = photoCount(ids.length);
    switch (action) {
      case 'addToAlbum':
        setDialog({ kind: 'addToAlbum' });
        return;
      case 'favourite':
        void act(() => worker.setFavourite(ids, true), `${some} added to favourites.`);
        return;
      case 'unfavourite':
        void act(
          () => worker.setFavourite(ids, false),
          `${some} removed from favourites.`,
          () => worker.setFavourite(ids, true),
        );
        return;
      case 'archive':
        void act(
          () => worker.setArchived(ids, true),
          `${some} archived: they are hidden from Photos.`,
          () => worker.setArchived(ids, false),
        );
        return;
      case 'unarchive':
        void act(() => worker.setArchived(ids, false), `${some} back in Photos.`);
        return;
      case 'download':
        void act(() => downloadPhotos(ids, 'Pinhole photos'), `Downloading ${some}.`);
        return;
      case 'trash':
        void act(
          () => worker.trashPhotos(ids),
          `${some} moved to the trash.`,
          () => worker.restorePhotos(ids),
        );
        return;
      case 'restore':
        void act(() => worker.restorePhotos(ids), `${some} restored.`);
        return;
      case 'deleteForever':
        setDialog({ kind: 'deleteForever', photoIds: ids });
        return;
      case 'removeFromAlbum':
        if (albumId !== null) {
          void act(
            () => worker.removeFromAlbum(albumId, ids),
            `${some} removed from the album.`,
            () => worker.addToAlbum(albumId, ids),
          );
        }
        return;
      case 'setCover':
        if (albumId !== null && ids[0] !== undefined) {
          const cover = ids[0];
          void act(() => worker.setAlbumCover(albumId, cover), 'Album cover changed.');
        }
        return;
    }
  };

  const view: LibraryView | null = place.kind === 'albums' ? null : place;
  return (
    <>
      <LibraryNav
        place={place}
        onChange={(next) => {
          selection.clear();
          onPlaceChange(next);
        }}
      />
      {selection.selected.size > 0 && view ? (
        <SelectionBar
          view={view}
          count={selection.selected.size}
          busy={busy}
          onAction={onAction}
          onClear={selection.clear}
        />
      ) : (
        view && (
          <div className="view-header">
            {view.kind === 'album' ? (
              <>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    onPlaceChange({ kind: 'albums' });
                  }}
                >
                  ← Albums
                </button>
                <h2>{album?.name ?? 'Album'}</h2>
                {album && (
                  <>
                    <span className="hint">{photoCount(album.count)}</span>
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => {
                        setDialog({ kind: 'renameAlbum', albumId: album.id, name: album.name });
                      }}
                    >
                      Rename
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      disabled={album.count === 0}
                      onClick={() => {
                        void run(
                          async () =>
                            downloadPhotos(
                              await worker.viewPhotoIds({ kind: 'album', albumId: album.id }),
                              album.name,
                            ),
                          `Downloading ${album.name}.`,
                        );
                      }}
                    >
                      Download
                    </button>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => {
                        setDialog({ kind: 'deleteAlbum', albumId: album.id, name: album.name });
                      }}
                    >
                      Delete album
                    </button>
                  </>
                )}
              </>
            ) : (
              <h2>{titles[view.kind]}</h2>
            )}
            {view.kind === 'trash' && (
              <>
                <p className="hint">
                  Photos in the trash are deleted for good 30 days after they were moved there.
                </p>
                <button
                  type="button"
                  className="danger"
                  disabled={months?.length === 0}
                  onClick={() => {
                    setDialog({ kind: 'emptyTrash' });
                  }}
                >
                  Empty trash
                </button>
              </>
            )}
            {view.kind === 'archive' && (
              <p className="hint">Archived photos are hidden from Photos but stay in albums.</p>
            )}
          </div>
        )
      )}
      {view ? (
        <Timeline
          view={view}
          months={months}
          revisions={revisions}
          selection={selection}
          onOpen={onOpen}
        />
      ) : (
        <AlbumsPage
          changes={changes}
          onOpen={(id) => {
            onPlaceChange({ kind: 'album', albumId: id });
          }}
          onCreate={() => {
            setDialog({ kind: 'newAlbum' });
          }}
        />
      )}
      {dialog?.kind === 'addToAlbum' && (
        <AddToAlbumDialog
          changes={changes}
          count={selection.selected.size}
          onClose={closeDialog}
          onAdd={(id, name) => {
            const ids = [...selection.selected];
            void act(
              () => worker.addToAlbum(id, ids),
              `${photoCount(ids.length)} added to ${name}.`,
            );
          }}
          onCreate={async (name) => {
            const ids = [...selection.selected];
            try {
              await worker.createAlbum(name, ids);
            } catch (cause) {
              return describeError(cause);
            }
            selection.clear();
            return null;
          }}
        />
      )}
      {dialog?.kind === 'newAlbum' && (
        <AlbumNameDialog
          title="New album"
          save="Create"
          onClose={closeDialog}
          onSave={async (name) => {
            try {
              const id = await worker.createAlbum(name, []);
              onPlaceChange({ kind: 'album', albumId: id });
              return null;
            } catch (cause) {
              return describeError(cause);
            }
          }}
        />
      )}
      {dialog?.kind === 'renameAlbum' && (
        <AlbumNameDialog
          title="Rename album"
          save="Rename"
          initialName={dialog.name}
          onClose={closeDialog}
          onSave={async (name) => {
            try {
              await worker.renameAlbum(dialog.albumId, name);
              return null;
            } catch (cause) {
              return describeError(cause);
            }
          }}
        />
      )}
      {dialog?.kind === 'deleteAlbum' && (
        <ConfirmDialog
          title={`Delete the album ${dialog.name}?`}
          message="The album goes; its photos stay in your library."
          confirm="Delete album"
          onClose={closeDialog}
          onConfirm={() => {
            void run(() => worker.deleteAlbum(dialog.albumId), `Album ${dialog.name} deleted.`);
            onPlaceChange({ kind: 'albums' });
          }}
        />
      )}
      {dialog?.kind === 'emptyTrash' && (
        <ConfirmDialog
          title="Empty the trash?"
          message="Every photo in the trash is deleted for good, on this device and in your storage. This cannot be undone."
          confirm="Empty trash"
          onClose={closeDialog}
          onConfirm={() => {
            void act(() => worker.emptyTrash(), 'Trash emptied: its photos are deleted for good.');
          }}
        />
      )}
      {dialog?.kind === 'deleteForever' && (
        <ConfirmDialog
          title={`Delete ${photoCount(dialog.photoIds.length)} for good?`}
          message="They are deleted on this device and in your storage. This cannot be undone."
          confirm="Delete for good"
          onClose={closeDialog}
          onConfirm={() => {
            const ids = dialog.photoIds;
            void act(
              () => worker.deleteForever(ids),
              `${photoCount(ids.length)} deleted for good.`,
            );
          }}
        />
      )}
      <ActionStatusLine status={status} onDismiss={dismiss} />
    </>
  );
}
