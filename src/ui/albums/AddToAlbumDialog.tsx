import { useState } from 'react';
import { ModalDialog } from '../ModalDialog';
import { AlbumNameDialog } from './AlbumNameDialog';
import { sortAlbums, useAlbums } from './useAlbums';
import { photoCount } from '../library/useLibraryAction';

/** Picks an album for the selection, or makes a new one with it. */
export function AddToAlbumDialog({
  changes,
  count,
  onAdd,
  onCreate,
  onClose,
}: {
  changes: number;
  /** How many photos are being added, for the title. */
  count: number;
  onAdd: (albumId: string, albumName: string) => void;
  /** Resolves to an error message, or null once the album exists with the photos in it. */
  onCreate: (name: string) => Promise<string | null>;
  onClose: () => void;
}) {
  const { albums, failed } = useAlbums(changes);
  const [naming, setNaming] = useState(false);

  if (naming) {
    return <AlbumNameDialog title="New album" save="Create" onSave={onCreate} onClose={onClose} />;
  }
  return (
    <ModalDialog title={`Add ${photoCount(count)} to an album`} onClose={onClose}>
      <ul className="album-picker">
        <li>
          <button
            type="button"
            onClick={() => {
              setNaming(true);
            }}
          >
            New album…
          </button>
        </li>
        {sortAlbums(albums ?? [], 'recent').map((album) => (
          <li key={album.id}>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                onAdd(album.id, album.name);
                onClose();
              }}
            >
              {album.name} <span className="hint">({photoCount(album.count)})</span>
            </button>
          </li>
        ))}
      </ul>
      {failed && <p className="error">The albums could not be read.</p>}
      <div className="dialog-actions">
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}
