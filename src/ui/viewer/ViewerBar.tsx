import type { RefObject } from 'react';
import { Icon } from './icons';
import type { useViewerActions } from './useViewerActions';

interface ViewerBarProps {
  closeButton: RefObject<HTMLButtonElement | null>;
  titleId: string;
  /** The shown photo's date, announced as it changes. */
  title: string;
  /** null: no zoom button (a video, or a photo no larger than the screen); else zoomed or not. */
  zoom: boolean | null;
  onZoom: () => void;
  infoId: string;
  infoOpen: boolean;
  onInfo: () => void;
  actions: ReturnType<typeof useViewerActions>;
  onClose: () => void;
}

/** The viewer's top bar: Close, the date, then zoom, info, favourite, download and trash. */
export function ViewerBar(props: ViewerBarProps) {
  const { closeButton, titleId, title, zoom, onZoom, infoId, infoOpen, onInfo, actions, onClose } =
    props;
  return (
    <div className="viewer-bar">
      <button
        ref={closeButton}
        type="button"
        className="viewer-button"
        aria-label="Close"
        aria-keyshortcuts="Escape"
        title="Close (Esc)"
        onClick={onClose}
      >
        <Icon name="close" />
      </button>
      <p id={titleId} className="viewer-title" aria-live="polite">
        {title}
      </p>
      {zoom !== null && (
        <button
          type="button"
          className="viewer-button"
          aria-label={zoom ? 'Zoom out' : 'Zoom in'}
          title={zoom ? 'Zoom out' : 'Zoom in'}
          onClick={onZoom}
        >
          <Icon name={zoom ? 'zoomOut' : 'zoomIn'} />
        </button>
      )}
      <button
        type="button"
        className="viewer-button"
        aria-label="Info"
        aria-expanded={infoOpen}
        aria-controls={infoId}
        aria-keyshortcuts="I"
        title="Info (I)"
        onClick={onInfo}
      >
        <Icon name="info" />
      </button>
      <button
        type="button"
        className={actions.favourite ? 'viewer-button favourite' : 'viewer-button'}
        aria-label="Favourite"
        aria-pressed={actions.favourite}
        aria-keyshortcuts="F"
        title={actions.favourite ? 'Remove from favourites (F)' : 'Add to favourites (F)'}
        onClick={() => void actions.toggleFavourite()}
      >
        <Icon name={actions.favourite ? 'heart' : 'heartOutline'} />
      </button>
      <button
        type="button"
        className="viewer-button"
        aria-label="Download original"
        title="Download original"
        disabled={actions.busy === 'download'}
        onClick={() => void actions.download()}
      >
        <Icon name="download" />
      </button>
      <button
        type="button"
        className="viewer-button"
        aria-label="Move to trash"
        aria-keyshortcuts="Delete"
        title="Move to trash (Delete)"
        disabled={actions.busy === 'trash'}
        onClick={() => void actions.trash()}
      >
        <Icon name="trash" />
      </button>
    </div>
  );
}
