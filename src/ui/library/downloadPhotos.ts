import { saveFile, saveStream } from '../download';
import { getCryptoWorker } from '../workers/cryptoWorker';

/**
 * Saves photos' originals, decrypted: one photo as its own file, several as one zip named
 * `zipName`.zip, streamed to disk (src/ui/download). Call it straight from the click: saving may
 * need the click's user activation.
 */
export async function downloadPhotos(photoIds: string[], zipName: string): Promise<void> {
  const worker = getCryptoWorker();
  const [only] = photoIds;
  if (photoIds.length === 1 && only !== undefined) {
    saveFile(await worker.photoFile(only));
    return;
  }
  await saveStream(`${zipName}.zip`, await worker.zipPhotos(photoIds));
}
