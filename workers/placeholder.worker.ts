/**
 * ThumbHash placeholders into PNG data URLs, off the page's main thread
 * (src/ui/library/placeholder.ts): ~0.1-0.2 ms each, and a jump of the scrubber mounts ~80
 * tiles, each its own photo.
 */
import { expose } from 'comlink';
import { thumbHashToDataURL } from 'thumbhash';

const placeholders = {
  /** Each base64 ThumbHash as a data URL, or null when it is damaged. */
  dataUrls(hashes: string[]): (string | null)[] {
    return hashes.map((base64) => {
      try {
        return thumbHashToDataURL(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
      } catch {
        return null;
      }
    });
  },
};

export type PlaceholderService = typeof placeholders;

expose(placeholders);
