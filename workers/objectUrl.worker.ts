/**
 * Makes and revokes the page's object URLs for decrypted thumbnails, off its main thread
 * (src/ui/library/objectUrls.ts): in Chromium both wait on the browser process, which under
 * load kept the page's main thread waiting for tens of ms (npm run bench, gallery).
 */
import { expose } from 'comlink';

const objectUrls = {
  create(blob: Blob): string {
    return URL.createObjectURL(blob);
  },
  revoke(urls: string[]): void {
    for (const url of urls) URL.revokeObjectURL(url);
  },
};

export type ObjectUrlService = typeof objectUrls;

expose(objectUrls);
