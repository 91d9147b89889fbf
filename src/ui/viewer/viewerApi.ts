import type { ImageSize, PhotoDetails } from '../../core/library/librarySession';
import type { TimelineEntry } from '../../core/library/timeline';
import type { LibraryView } from '../../core/library/views';
import { getCryptoWorker } from '../workers/cryptoWorker';

/** What the viewer asks of the crypto worker (src/core/crypto/service.ts). */
export interface ViewerApi {
  photoImage(photoId: string, size: ImageSize): Promise<Blob>;
  /** The original as an <img> can show it (a HEIC converted to a full-size JPEG). */
  photoViewableOriginal(photoId: string): Promise<Blob>;
  photoDetails(photoId: string): Promise<PhotoDetails | null>;
  /** The photo after (1: older) or before (-1: newer) `photoId` in `view`; null at the ends. */
  adjacentPhoto(view: LibraryView, photoId: string, step: 1 | -1): Promise<TimelineEntry | null>;
  /** The decrypted original with its file name, type and lastModified. */
  photoFile(photoId: string): Promise<File>;
  setFavourite(photoIds: string[], favourite: boolean): Promise<void>;
  trashPhotos(photoIds: string[]): Promise<void>;
}

export const viewerApi = (): ViewerApi => getCryptoWorker();
