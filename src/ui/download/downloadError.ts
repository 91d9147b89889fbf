/**
 * A download that failed or never started. Its message is written for people, e.g. the zip's
 * own: "IMG_0002.JPG" could not be added to the zip: …. A download the user cancelled rejects
 * with a DOMException named AbortError instead, which callers ignore.
 */
export class DownloadError extends Error {
  override name = 'DownloadError';
}

/** The error a failed stream gave, as a DownloadError (its class is lost between threads). */
export function downloadErrorFrom(cause: unknown): DownloadError {
  const message = cause instanceof Error ? cause.message : '';
  return new DownloadError(message || 'The download failed.', { cause });
}

export const cancelledError = () => new DOMException('The download was cancelled.', 'AbortError');
