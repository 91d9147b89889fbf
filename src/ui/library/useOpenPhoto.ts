import { useCallback, useEffect, useRef, useState } from 'react';

/** Which photo's details are open, and the tile that opened them: focus goes back there. */
export function useOpenPhoto() {
  const [photoId, setPhotoId] = useState<string | null>(null);
  const opener = useRef<HTMLElement | null>(null);

  const open = useCallback((id: string, tile: HTMLElement) => {
    opener.current = tile;
    setPhotoId(id);
  }, []);
  const close = useCallback(() => {
    setPhotoId(null);
  }, []);

  // After the render that closed it, when the page behind is no longer inert.
  useEffect(() => {
    if (photoId !== null || !opener.current) return;
    opener.current.focus();
    opener.current = null;
  }, [photoId]);

  return { photoId, open, close };
}
