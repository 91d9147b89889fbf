/**
 * The timeline: visible photos (not trashed, archived, deleted or duplicates) grouped by the month
 * they were taken, newest first. The local library keeps it sealed in IndexedDB as one small head
 * (months and counts) plus one bucket per month, so opening a library of 100,000 photos decrypts
 * the head and the months in view, not 100,000 records.
 */
import { isPhotoVisible, type LibraryState, type PhotoState } from './libraryState';
import { monthOf, readPhotoInfo, timelineMs, type PhotoInfo } from './photoInfo';

/** What the UI gets for one photo on the timeline: no key, no object ids. */
export interface TimelineEntry {
  id: string;
  kind: PhotoInfo['kind'];
  /** Sort key, newest first (see timelineMs). */
  sortMs: number;
  /** Local date taken, 'YYYY-MM-DD', for the day headings. */
  day: string;
  /** Local time of day taken, 'HH:MM', as the camera's clock showed it. */
  time: string;
  width: number;
  height: number;
  placeholder: string;
  durationS: number | null;
  favourite: boolean;
  /** In the trash view: when the photo is deleted for good (ms since 1970). Absent elsewhere. */
  purgeMs?: number | null;
}

/** A timeline entry as stored in a month bucket: with what it takes to open the photo. */
export interface IndexedPhoto extends TimelineEntry {
  key: string;
  objects: PhotoInfo['objects'];
  mime: string;
}

export interface TimelineMonth {
  /** 'YYYY-MM' */
  month: string;
  count: number;
}

export function isOnTimeline(photo: PhotoState): boolean {
  return isPhotoVisible(photo) && photo.trashed?.value !== true && photo.archived?.value !== true;
}

export function indexedPhotoOf(photo: PhotoState, info: PhotoInfo): IndexedPhoto {
  return {
    id: photo.id,
    kind: info.kind,
    sortMs: timelineMs(info.takenAt),
    day: info.takenAt.local.slice(0, 10),
    time: info.takenAt.local.slice(11, 16),
    width: info.width,
    height: info.height,
    placeholder: info.placeholder,
    durationS: info.durationS,
    favourite: photo.favourite?.value === true,
    key: info.key,
    objects: info.objects,
    mime: info.mime,
  };
}

/** Newest first; equal times by id, so every device orders a month the same way. */
export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  return b.sortMs - a.sortMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Every month of the timeline with its photos, months newest first. O(photos). */
export function groupByMonth(state: LibraryState): Map<string, IndexedPhoto[]> {
  const onTimeline = [...state.photos.values()].filter(isOnTimeline);
  return groupPhotosByMonth(onTimeline, indexedPhotoOf);
}

/**
 * `photos` by the month they were taken, as entries made by `entryOf`: months and the photos in
 * each newest first. Photos whose info does not read are left out.
 */
export function groupPhotosByMonth(
  photos: Iterable<PhotoState>,
  entryOf: (photo: PhotoState, info: PhotoInfo) => IndexedPhoto,
): Map<string, IndexedPhoto[]> {
  const months = new Map<string, IndexedPhoto[]>();
  for (const photo of photos) {
    const info = readPhotoInfo(photo.info);
    if (!info) continue;
    const month = monthOf(info.takenAt);
    let entries = months.get(month);
    if (!entries) months.set(month, (entries = []));
    entries.push(entryOf(photo, info));
  }
  for (const entries of months.values()) entries.sort(compareEntries);
  return new Map([...months].sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0)));
}

/** The entry without its key and object ids: what may cross to the UI. */
export function publicEntry(entry: IndexedPhoto): TimelineEntry {
  const { id, kind, sortMs, day, time, width, height, placeholder, durationS, favourite } = entry;
  const shown = { id, kind, sortMs, day, time, width, height, placeholder, durationS, favourite };
  return entry.purgeMs === undefined ? shown : { ...shown, purgeMs: entry.purgeMs };
}
