import { useCallback, useEffect, useRef, useState } from 'react';

/** The history entry the viewer adds, so the browser's (or a phone's) Back closes it. */
const VIEWER_STATE = 'pinholeViewer';

const isViewerEntry = (state: unknown): boolean =>
  typeof state === 'object' && state !== null && VIEWER_STATE in state;

/**
 * Focuses the tile of the photo the viewer closed on. The timeline is virtualised, so that tile
 * may not be drawn (the viewer went far from where it opened): then the timeline itself.
 */
function focusTile(photoId: string): void {
  const tile = document.querySelector<HTMLElement>(
    `button[data-photo-id="${CSS.escape(photoId)}"]`,
  );
  if (tile) {
    tile.focus();
    return;
  }
  const timeline = document.querySelector<HTMLElement>('section[aria-label="Timeline"]');
  if (!timeline) return;
  // Focusable by script only: the section is a landmark to land on, not a Tab stop.
  if (!timeline.hasAttribute('tabindex')) timeline.tabIndex = -1;
  timeline.focus();
}

/**
 * Which photo the viewer shows; where focus returns when it closes (the tile of the photo shown
 * last). Opening adds a history entry, so Back closes the viewer as it does in a phone's gallery.
 */
export function useOpenPhoto() {
  const [photoId, setPhotoId] = useState<string | null>(null);
  const lastShown = useRef<string | null>(null);

  // The tile that opened it is not kept: focus returns to the photo shown last, wherever it is.
  const open = useCallback((id: string) => {
    lastShown.current = id;
    setPhotoId(id);
    if (!isViewerEntry(history.state)) history.pushState({ [VIEWER_STATE]: true }, '');
  }, []);
  const navigate = useCallback((id: string) => {
    lastShown.current = id;
    setPhotoId(id);
  }, []);
  const close = useCallback(() => {
    // The popstate this causes closes the viewer (below), as Back would.
    if (isViewerEntry(history.state)) history.back();
    else setPhotoId(null);
  }, []);

  useEffect(() => {
    const onPopState = () => {
      setPhotoId(null);
    };
    window.addEventListener('popstate', onPopState);
    return () => {
      window.removeEventListener('popstate', onPopState);
    };
  }, []);

  // After the render that closed it, when the page behind is no longer inert.
  useEffect(() => {
    if (photoId !== null || lastShown.current === null) return;
    focusTile(lastShown.current);
    lastShown.current = null;
  }, [photoId]);

  return { photoId, open, navigate, close };
}
