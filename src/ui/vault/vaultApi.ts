import type { VaultApi } from '../../core/vault/types';
import { getCryptoWorker } from '../workers/cryptoWorker';

/** The vault operations of the shared crypto worker; the keys themselves never leave it. */
export function getVaultApi(): VaultApi {
  return getCryptoWorker();
}
