/**
 * Object URLs made in a small worker (workers/objectUrl.worker.ts), not on the page's main thread:
 * `URL.createObjectURL` and `revokeObjectURL` wait on Chromium's browser process, and while the
 * timeline scrolls on a busy machine that wait was a long task of its own (50-70 ms seen). A URL
 * made in a dedicated worker works in the page's <img> and lives until revoked (or the worker
 * ends), so it must be revoked there too. Without the worker (it failed to start), the page
 * makes them itself.
 */
import { optionalWorker } from '../workers/optionalWorker';
import type { ObjectUrlService } from '../../../workers/objectUrl.worker';

/** null when it could not start: the page makes its URLs itself. */
const worker = optionalWorker<ObjectUrlService>(
  () =>
    new Worker(new URL('../../../workers/objectUrl.worker.ts', import.meta.url), {
      type: 'module',
      name: 'pinhole-object-urls',
    }),
);

/** Starts the worker ahead of the first URL (the timeline calls it as it mounts). */
export function warmUpObjectUrls(): void {
  worker();
}

export async function createObjectUrl(blob: Blob): Promise<string> {
  const remote = worker();
  if (!remote) return URL.createObjectURL(blob);
  return remote.create(blob);
}

/** Revokes URLs made by createObjectUrl; batched, as several go at once when tiles leave. */
let pending: string[] = [];
export function revokeObjectUrl(url: string): void {
  const remote = worker();
  if (!remote) {
    URL.revokeObjectURL(url);
    return;
  }
  pending.push(url);
  if (pending.length > 1) return;
  setTimeout(() => {
    const urls = pending;
    pending = [];
    void remote.revoke(urls);
  }, 0);
}
