import { expose, wrap } from 'comlink';
import { CryptoService } from '../src/core/crypto/service';
import type { ImportWork, ImportWorkerPool } from '../src/core/import/importWork';

/**
 * One import worker per core (at most 4: decoding is memory-hungry), started by this worker so
 * the content-hash key and photo keys pass between workers, never through the page.
 */
function startImportWorkers(): ImportWorkerPool {
  const count = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
  const threads = Array.from(
    { length: count },
    (_, index) =>
      new Worker(new URL('./import.worker.ts', import.meta.url), {
        type: 'module',
        name: `pinhole-import-${String(index + 1)}`,
      }),
  );
  return {
    workers: threads.map((thread) => wrap<ImportWork>(thread)),
    terminate: () => {
      for (const thread of threads) thread.terminate();
    },
  };
}

expose(CryptoService.inBrowser(startImportWorkers));
