import { useEffect, useState } from 'react';
import type { ImageSize } from '../../core/library/librarySession';
import { getCryptoWorker } from '../workers/cryptoWorker';

interface Loaded {
  key: string;
  url: string | null;
  failed: boolean;
}

/**
 * A photo's thumbnail, preview or original, decrypted by the crypto worker, as an object URL for
 * an <img>; loaded once `enabled`, revoked when the component goes or the photo changes.
 */
export function usePhotoUrl(photoId: string, size: ImageSize, enabled = true) {
  const key = `${photoId} ${size}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    let url: string | null = null;
    getCryptoWorker()
      .photoImage(photoId, size)
      .then(
        (blob) => {
          if (!live) return;
          url = URL.createObjectURL(blob);
          setLoaded({ key, url, failed: false });
        },
        (error: unknown) => {
          console.warn(`photo ${photoId}: its ${size} did not load`, error);
          if (live) setLoaded({ key, url: null, failed: true });
        },
      );
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [photoId, size, enabled, key]);

  const current = loaded?.key === key ? loaded : null;
  return { url: current?.url ?? null, failed: current?.failed ?? false };
}
