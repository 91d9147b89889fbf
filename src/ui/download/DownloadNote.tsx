import { downloadMethod } from './saveStream';

/**
 * Says when a zip would be built in memory first (no service worker controls the page and no
 * file picker exists), so a large selection may fail; renders nothing otherwise.
 */
export function DownloadNote() {
  if (downloadMethod() !== 'memory') return null;
  return (
    <p className="hint">
      Large downloads need Pinhole installed, or reloaded once: until then a zip is built in memory
      before it is saved.
    </p>
  );
}
