import { wrap, type Remote } from 'comlink';

/**
 * A helper worker the page can do without: started on first use, and null (for good) if it could
 * not be made or failed to load, so the caller does the work itself. `start` must call
 * `new Worker(new URL('…', import.meta.url))` itself: that is the form Vite bundles.
 */
export function optionalWorker<T>(start: () => Worker): () => Remote<T> | null {
  /** undefined: not started yet; null: could not start. */
  let service: Remote<T> | null | undefined;
  return () => {
    if (service !== undefined) return service;
    try {
      const started = start();
      started.addEventListener('error', () => {
        service = null;
      });
      service = wrap<T>(started);
    } catch {
      service = null;
    }
    return service;
  };
}
