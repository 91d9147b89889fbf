/** How the page saves what the crypto worker decrypts: one file, or a stream (a zip) to disk. */
export { DownloadNote } from './DownloadNote';
export { DownloadError } from './downloadError';
export { downloadMethod, saveStream, type DownloadMethod } from './saveStream';
export { saveFile } from './saveFile';
