/**
 * Names of the entries in a downloaded zip: flat (the library has no folders to restore), safe to
 * extract anywhere, and unique as the extracting file system sees them.
 */

/** A name that cannot escape the extraction folder or be refused by Windows or macOS. */
export function safeEntryName(name: string): string {
  // Names reach the zip from other devices' logs too, so none is trusted: no path separators
  // (zip slip), no control characters, none of the characters Windows refuses.
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  const cleaned = name.replace(/[/\\:*?"<>|\u0000-\u001f\u007f]/g, '_').trim();
  // Windows drops trailing dots and spaces; a name of dots alone would mean a folder.
  const trimmed = cleaned.replace(/[. ]+$/, '');
  return trimmed === '' ? 'photo' : trimmed;
}

/**
 * Hands out each name once: the second IMG_0001.JPG becomes "IMG_0001 (2).JPG". Names are
 * compared as case-insensitive file systems (Windows, macOS) compare them, so img_0001.jpg
 * counts as taken too.
 */
export class UniqueNames {
  private readonly taken = new Set<string>();

  claim(name: string): string {
    const safe = safeEntryName(name);
    const dot = safe.lastIndexOf('.');
    // ".hidden" has no extension; "archive.tar.gz" keeps ".gz".
    const [stem, extension] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, ''];
    let candidate = safe;
    for (let copy = 2; this.taken.has(key(candidate)); copy++) {
      candidate = `${stem} (${String(copy)})${extension}`;
    }
    this.taken.add(key(candidate));
    return candidate;
  }
}

const key = (name: string) => name.normalize('NFC').toLowerCase();
