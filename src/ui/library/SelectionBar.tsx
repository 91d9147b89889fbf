import type { LibraryView } from '../../core/library/views';
import { DownloadNote } from '../download';
import { photoCount } from './useLibraryAction';

/** What can be done to a selection, by view; HomeScreen carries the actions out. */
export type SelectionAction =
  | 'addToAlbum'
  | 'favourite'
  | 'unfavourite'
  | 'archive'
  | 'unarchive'
  | 'download'
  | 'trash'
  | 'restore'
  | 'deleteForever'
  | 'removeFromAlbum'
  | 'setCover';

const labels: Record<SelectionAction, string> = {
  addToAlbum: 'Add to album',
  favourite: 'Favourite',
  unfavourite: 'Remove from favourites',
  archive: 'Archive',
  unarchive: 'Unarchive',
  download: 'Download',
  trash: 'Move to trash',
  restore: 'Restore',
  deleteForever: 'Delete for good',
  removeFromAlbum: 'Remove from album',
  setCover: 'Use as album cover',
};

function actionsFor(view: LibraryView, count: number): SelectionAction[] {
  switch (view.kind) {
    case 'timeline':
      return ['addToAlbum', 'favourite', 'archive', 'download', 'trash'];
    case 'favourites':
      return ['addToAlbum', 'unfavourite', 'download', 'trash'];
    case 'archive':
      return ['unarchive', 'download', 'trash'];
    case 'trash':
      return ['restore', 'deleteForever'];
    case 'album':
      return [
        'addToAlbum',
        ...(count === 1 ? (['setCover'] as const) : []),
        'removeFromAlbum',
        'favourite',
        'download',
        'trash',
      ];
  }
}

/** The bar that replaces the view's title while photos are selected. */
export function SelectionBar({
  view,
  count,
  busy,
  onAction,
  onClear,
}: {
  view: LibraryView;
  count: number;
  busy: boolean;
  onAction: (action: SelectionAction) => void;
  onClear: () => void;
}) {
  return (
    <div className="selection-bar" role="toolbar" aria-label="Selected photos">
      <button type="button" className="secondary" onClick={onClear} aria-label="Clear selection">
        ×
      </button>
      <p className="selection-count">{photoCount(count)} selected</p>
      {actionsFor(view, count).map((action) => (
        <button
          key={action}
          type="button"
          className={action === 'deleteForever' || action === 'trash' ? 'danger' : 'secondary'}
          disabled={busy}
          onClick={() => {
            onAction(action);
          }}
        >
          {labels[action]}
        </button>
      ))}
      {actionsFor(view, count).includes('download') && count > 1 && <DownloadNote />}
    </div>
  );
}
