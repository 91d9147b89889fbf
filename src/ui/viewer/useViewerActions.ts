import { useState } from 'react';
import { saveFile } from '../download';
import { describeError } from '../errors';
import { announce } from './announce';
import { viewerApi } from './viewerApi';

interface ActionOptions {
  photoId: string;
  /** The favourite flag of the photo's timeline entry, when the viewer has seen it. */
  entryFavourite: boolean | undefined;
  /** The photo to show once this one is in the trash (the next, else the previous), or null. */
  afterTrash: () => Promise<string | null>;
  onTrashed: (nextPhotoId: string | null) => void;
}

/**
 * Favourite, trash and download for the shown photo. A favourite toggled here is remembered per
 * photo, since the entries the viewer holds were read before the change.
 */
export function useViewerActions({
  photoId,
  entryFavourite,
  afterTrash,
  onTrashed,
}: ActionOptions) {
  const [favourites, setFavourites] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [busy, setBusy] = useState<'trash' | 'download' | null>(null);
  const favourite = favourites.get(photoId) ?? entryFavourite ?? false;

  const remember = (id: string, value: boolean) => {
    setFavourites((previous) => new Map(previous).set(id, value));
  };

  const toggleFavourite = async () => {
    const id = photoId;
    const value = !favourite;
    remember(id, value);
    announce(value ? 'Added to favourites' : 'Removed from favourites');
    try {
      await viewerApi().setFavourite([id], value);
    } catch (error) {
      remember(id, !value);
      announce(`The favourite could not be saved. ${describeError(error)}`);
    }
  };

  const trash = async () => {
    if (busy) return;
    setBusy('trash');
    try {
      const next = await afterTrash();
      await viewerApi().trashPhotos([photoId]);
      announce('Moved to trash');
      onTrashed(next);
    } catch (error) {
      announce(`The photo could not be moved to the trash. ${describeError(error)}`);
    } finally {
      setBusy(null);
    }
  };

  const download = async () => {
    if (busy) return;
    setBusy('download');
    try {
      saveFile(await viewerApi().photoFile(photoId));
    } catch (error) {
      announce(`The original could not be downloaded. ${describeError(error)}`);
    } finally {
      setBusy(null);
    }
  };

  return { favourite, busy, toggleFavourite, trash, download };
}
