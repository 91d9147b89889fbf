import { thumbHashToDataURL } from 'thumbhash';

/** Data URLs already made, most recently used last: a tile scrolled back needs no new PNG. */
const made = new Map<string, string | null>();
const KEEP = 2000;

/** A ThumbHash (base64, from the import) as a tiny PNG data URL; null when missing or damaged. */
export function placeholderUrl(base64: string): string | null {
  if (!base64) return null;
  const known = made.get(base64);
  if (known !== undefined) {
    made.delete(base64);
    made.set(base64, known);
    return known;
  }
  let url: string | null;
  try {
    url = thumbHashToDataURL(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
  } catch {
    url = null;
  }
  made.set(base64, url);
  if (made.size > KEEP) made.delete(made.keys().next().value ?? '');
  return url;
}
