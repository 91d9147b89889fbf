/**
 * How the page saves a stream (a zip of photos) to disk, best first:
 * 1. through the app's service worker, straight to the browser's downloads, never held whole;
 * 2. where no service worker controls the page yet (first visit, dev server, hard reload):
 *    into a file the user picks (File System Access API), also streamed;
 * 3. else collected into a Blob first, which holds the whole zip (see DownloadNote).
 */
import { cancelledError, downloadErrorFrom } from './downloadError';
import { saveFile } from './saveFile';
import { findDownloadWorker, saveThroughWorker } from './serviceWorkerDownload';

export type DownloadMethod = 'service-worker' | 'save-picker' | 'memory';

/** The method saveStream will most likely use, for a hint shown before it starts. */
export function downloadMethod(): DownloadMethod {
  if ('serviceWorker' in navigator && navigator.serviceWorker.controller) return 'service-worker';
  return savePicker() ? 'save-picker' : 'memory';
}

/**
 * Saves `stream` as `fileName` (a .zip is typed application/zip); `size`, when known exactly,
 * lets the browser show progress. Resolves once the last byte was handed over; rejects with a
 * DownloadError naming what failed (no partial file is left as if complete), or with an
 * AbortError DOMException when the user cancelled. Call it soon after the user's click: the file
 * picker needs that click's activation.
 */
export async function saveStream(
  fileName: string,
  stream: ReadableStream<Uint8Array>,
  size?: number,
): Promise<void> {
  const worker = await findDownloadWorker();
  if (worker) {
    await saveThroughWorker(worker, fileName, stream, size);
    return;
  }
  const picker = savePicker();
  // Without a user activation the picker throws: go straight to the Blob.
  if (picker && navigator.userActivation.isActive) {
    await saveWithPicker(picker, fileName, stream);
    return;
  }
  await saveFromMemory(fileName, stream);
}

type SaveFilePicker = (options: {
  suggestedName: string;
  types?: { description: string; accept: Record<string, string[]> }[];
}) => Promise<FileSystemFileHandle>;

/** window.showSaveFilePicker (Chromium), not yet in TypeScript's DOM types. */
function savePicker(): SaveFilePicker | null {
  if (!('showSaveFilePicker' in window) || typeof window.showSaveFilePicker !== 'function') {
    return null;
  }
  return (window.showSaveFilePicker as SaveFilePicker).bind(window);
}

async function saveWithPicker(
  picker: SaveFilePicker,
  fileName: string,
  stream: ReadableStream<Uint8Array>,
): Promise<void> {
  let handle: FileSystemFileHandle;
  try {
    const zip = fileName.toLowerCase().endsWith('.zip');
    handle = await picker({
      suggestedName: fileName,
      ...(zip && {
        types: [{ description: 'Zip archive', accept: { 'application/zip': ['.zip'] } }],
      }),
    });
  } catch (error) {
    // Closing the picker is a cancel like any other; the zip is never read.
    await stream.cancel(error).catch(() => undefined);
    if (error instanceof DOMException && error.name === 'AbortError') throw cancelledError();
    throw downloadErrorFrom(error);
  }
  try {
    // pipeTo aborts the writable when the stream fails: Chromium then discards what was written.
    await stream.pipeTo(await handle.createWritable());
  } catch (error) {
    // The picker may have created the file empty; remove() is Chromium's, hence optional.
    const removable = handle as FileSystemFileHandle & { remove?: () => Promise<void> };
    await removable.remove?.().catch(() => undefined);
    throw downloadErrorFrom(error);
  }
}

async function saveFromMemory(fileName: string, stream: ReadableStream<Uint8Array>) {
  let blob: Blob;
  try {
    blob = await new Response(stream).blob();
  } catch (error) {
    throw downloadErrorFrom(error);
  }
  const type = fileName.toLowerCase().endsWith('.zip') ? 'application/zip' : blob.type;
  saveFile(new File([blob], fileName, { type }));
}
