import { wrap, type Remote } from 'comlink';
import type { CryptoService } from '../../core/crypto/service';

let cryptoWorker: Remote<CryptoService> | undefined;

/** The app's crypto worker, started on first use and shared by every caller. */
export function getCryptoWorker(): Remote<CryptoService> {
  cryptoWorker ??= wrap<CryptoService>(
    new Worker(new URL('../../../workers/crypto.worker.ts', import.meta.url), {
      type: 'module',
      name: 'pinhole-crypto',
    }),
  );
  return cryptoWorker;
}
