import { useEffect, useState } from 'react';
import { decodeImage } from './decodeImage';
import { viewerApi } from './viewerApi';

interface Preview {
  url: string | null;
  failed: boolean;
  dropped: boolean;
}

/**
 * Decrypted previews as object URLs, decoded before they count as loaded (so a shown photo
 * paints at once, and a preloaded neighbour is instant to arrow to). Keeps only what it is told.
 */
class PreviewCache {
  private readonly previews = new Map<string, Preview>();

  constructor(private readonly changed: () => void) {}

  url(photoId: string): string | null {
    return this.previews.get(photoId)?.url ?? null;
  }

  failed(photoId: string): boolean {
    return this.previews.get(photoId)?.failed ?? false;
  }

  load(photoId: string): void {
    if (this.previews.has(photoId)) return;
    const preview: Preview = { url: null, failed: false, dropped: false };
    this.previews.set(photoId, preview);
    void (async () => {
      let url: string | null = null;
      try {
        url = URL.createObjectURL(await viewerApi().photoImage(photoId, 'preview'));
        // A damaged preview still shows as the browser's broken image, with the error below it.
        await decodeImage(url).catch(() => undefined);
      } catch (error) {
        console.warn(`photo ${photoId}: its preview did not load`, error);
        preview.failed = true;
      }
      if (preview.dropped) {
        if (url) URL.revokeObjectURL(url);
        return;
      }
      preview.url = url;
      this.changed();
    })();
  }

  /** Drops (and revokes) every preview but `photoIds`. */
  keep(photoIds: readonly string[]): void {
    for (const [photoId, preview] of this.previews) {
      if (photoIds.includes(photoId)) continue;
      preview.dropped = true;
      if (preview.url) URL.revokeObjectURL(preview.url);
      this.previews.delete(photoId);
    }
  }
}

/**
 * The preview of `photoId` (its object URL once decoded), and those of its neighbours loaded
 * after it: arrowing to a neighbour then shows it in the same frame.
 */
export function usePreviews(photoId: string, neighbours: readonly (string | undefined)[]) {
  const [, setVersion] = useState(0);
  const [cache] = useState(
    () =>
      new PreviewCache(() => {
        setVersion((version) => version + 1);
      }),
  );
  const url = cache.url(photoId);
  const [previous, next] = neighbours;

  useEffect(() => {
    const neighbourIds = [next, previous].filter((id) => id !== undefined);
    cache.keep([photoId, ...neighbourIds]);
    cache.load(photoId);
    // The shown photo first: its neighbours wait until it has loaded.
    if (url) for (const neighbour of neighbourIds) cache.load(neighbour);
  }, [cache, photoId, url, previous, next]);

  useEffect(
    () => () => {
      cache.keep([]);
    },
    [cache],
  );

  return { url, failed: cache.failed(photoId) };
}
