/**
 * The ground truth of the shared test photos, read from their MANIFEST.md (never copied): per
 * file, the capture date, GPS and orientation exiftool found.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesDir } from '../../src/core/testing/fixtures.ts';

export interface ManifestPhoto {
  file: string;
  /** Stored (coded) size. */
  width: number;
  height: number;
  /** 'YYYY-MM-DD HH:MM:SS' as the camera recorded it, or null. */
  taken: string | null;
  /** '+03:00' when the file records its offset. */
  offset: string | null;
  gps: [number, number] | null;
  orientation: number;
  bad: boolean;
}

export function readManifest(): ManifestPhoto[] {
  const text = readFileSync(join(fixturesDir(), 'MANIFEST.md'), 'utf8');
  const photos: ManifestPhoto[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const file = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!file) continue;
    const exif = cells[5] ?? '';
    const size = /^(\d+)x(\d+)$/.exec(cells[3] ?? '');
    const date = /DateTimeOriginal (\d{4}):(\d{2}):(\d{2}) (\d{2}:\d{2}:\d{2})/.exec(exif);
    const gps = /GPS (-?\d+\.\d+), (-?\d+\.\d+)/.exec(exif);
    photos.push({
      file,
      width: Number(size?.[1] ?? 0),
      height: Number(size?.[2] ?? 0),
      taken: date ? `${date[1]}-${date[2]}-${date[3]} ${date[4]}` : null,
      offset: /\(offset ([+-]\d{2}:\d{2})\)/.exec(exif)?.[1] ?? null,
      gps: gps ? [Number(gps[1]), Number(gps[2])] : null,
      orientation: Number(/Orientation (\d)/.exec(exif)?.[1] ?? 1),
      bad: file.startsWith('bad-'),
    });
  }
  return photos;
}

/** The size a viewer shows: orientations 5-8 swap width and height. */
export function displayedSize(photo: ManifestPhoto): [number, number] {
  return photo.orientation >= 5 ? [photo.height, photo.width] : [photo.width, photo.height];
}
