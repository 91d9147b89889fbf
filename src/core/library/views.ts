/**
 * The views of the library besides the timeline: favourites, the archive, the trash and each
 * album. Every view is shown the way the timeline is, as months of entries newest first, so the
 * page draws all of them with one component. They are computed from the library state in the
 * crypto worker (the timeline alone has a sealed index: it is the view opened at every unlock).
 */
import { albumMembers, isPhotoVisible, type LibraryState, type PhotoState } from './libraryState';
import {
  groupPhotosByMonth,
  indexedPhotoOf,
  type IndexedPhoto,
  type TimelineMonth,
} from './timeline';

export type LibraryView =
  | { kind: 'timeline' }
  | { kind: 'favourites' }
  | { kind: 'archive' }
  | { kind: 'trash' }
  | { kind: 'album'; albumId: string };

/** How long a photo stays in the trash before it is deleted for good. */
export const TRASH_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface AlbumSummary {
  id: string;
  name: string;
  count: number;
  /** The chosen cover, else the newest photo; null when the album is empty. */
  coverPhotoId: string | null;
  /** When the album was created (wall time of the device that made it). */
  createdMs: number;
  /** When its newest photo was taken (timeline order), or null when empty. */
  newestMs: number | null;
}

export function viewKey(view: LibraryView): string {
  return view.kind === 'album' ? `album ${view.albumId}` : view.kind;
}

/** When a trashed photo is deleted for good (trashed time + 30 days), or null if not trashed. */
export function purgeMsOf(photo: PhotoState): number | null {
  if (photo.trashed?.value !== true) return null;
  return photo.trashed.stamp.at.wallMs + TRASH_DAYS * DAY_MS;
}

/** Which photos a view (other than the timeline) shows. */
function viewPhotos(
  state: LibraryState,
  view: Exclude<LibraryView, { kind: 'timeline' }>,
): PhotoState[] {
  const trashed = (photo: PhotoState) => photo.trashed?.value === true;
  if (view.kind === 'album') {
    return albumMembers(state, view.albumId)
      .map((id) => state.photos.get(id))
      .filter((photo): photo is PhotoState => isPhotoVisible(photo) && !trashed(photo));
  }
  const visible = [...state.photos.values()].filter((photo) => isPhotoVisible(photo));
  switch (view.kind) {
    case 'favourites':
      return visible.filter((photo) => photo.favourite?.value === true && !trashed(photo));
    case 'archive':
      return visible.filter((photo) => photo.archived?.value === true && !trashed(photo));
    case 'trash':
      return visible.filter(trashed);
  }
}

/** A view's photos by month taken, months and photos newest first (as the timeline's). */
export function groupViewByMonth(
  state: LibraryState,
  view: Exclude<LibraryView, { kind: 'timeline' }>,
): Map<string, IndexedPhoto[]> {
  return groupPhotosByMonth(viewPhotos(state, view), (photo, info) => ({
    ...indexedPhotoOf(photo, info),
    purgeMs: purgeMsOf(photo),
  }));
}

export function monthsOf(grouped: Map<string, IndexedPhoto[]>): TimelineMonth[] {
  return [...grouped].map(([month, entries]) => ({ month, count: entries.length }));
}
