import { thumbHashToDataURL } from 'thumbhash';

/** A ThumbHash (base64, from the import) as a tiny PNG data URL; null when missing or damaged. */
export function placeholderUrl(base64: string): string | null {
  if (!base64) return null;
  try {
    return thumbHashToDataURL(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}
