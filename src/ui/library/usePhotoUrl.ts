import type { ImageSize } from '../../core/library/librarySession';
import { getCryptoWorker } from '../workers/cryptoWorker';
import { useWorkerResult } from './useWorkerResult';

const revoke = (url: string) => {
  URL.revokeObjectURL(url);
};

/**
 * A photo's thumbnail, preview or original, decrypted by the crypto worker, as an object URL for
 * an <img>; loaded once `enabled`, revoked when the component goes or the photo changes.
 */
export function usePhotoUrl(photoId: string, size: ImageSize, enabled = true) {
  const { value, failed } = useWorkerResult(
    `photo ${photoId}: its ${size}`,
    enabled,
    async () => URL.createObjectURL(await getCryptoWorker().photoImage(photoId, size)),
    revoke,
  );
  return { url: value ?? null, failed };
}
