import { argon2id } from 'hash-wasm';
import { openPinholeDatabase } from '../storage/db';
import { Vault } from '../vault/vault';
import { VaultStore } from '../vault/vaultStore';
import { loadSodium } from './sodium';

export interface EngineInfo {
  /** libsodium's own version string, e.g. "1.0.22". */
  sodiumVersion: string;
  /** A secretstream message encrypted and decrypted back, byte for byte. */
  secretstreamSelfTest: boolean;
  /** Argon2id (hash-wasm) produced a key of the requested length. */
  argon2idSelfTest: boolean;
  /** True where the worker may use SharedArrayBuffer (COOP/COEP in force). */
  crossOriginIsolated: boolean;
}

/**
 * The crypto service a worker exposes over comlink: the vault (the master key and everything that
 * opens, locks and re-keys it) plus engine checks. Keys never leave this worker.
 */
export class CryptoService extends Vault {
  // The VaultApi methods (vaultStatus, resumeOnDevice, beginCreateVault, completeCreateVault,
  // unlock, recoverWithPhrase, changePassword, lock, setAutoLockMinutes) come from Vault.

  static inBrowser(): CryptoService {
    return new CryptoService(new VaultStore(openPinholeDatabase()));
  }

  /** Loads both wasm engines and proves each works with a tiny self-test. */
  async engineInfo(): Promise<EngineInfo> {
    const sodium = await loadSodium();
    const key = sodium.crypto_secretstream_xchacha20poly1305_keygen();
    const message = sodium.from_string('pinhole self-test');
    const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
    const sealed = sodium.crypto_secretstream_xchacha20poly1305_push(
      state,
      message,
      null,
      sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL,
    );
    const pull = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header, key);
    const opened = sodium.crypto_secretstream_xchacha20poly1305_pull(pull, sealed, null);
    const secretstreamSelfTest =
      opened !== false && sodium.memcmp(opened.message, message) && opened.tag === 3;

    const derived = await argon2id({
      password: 'self-test',
      salt: new Uint8Array(16),
      iterations: 1,
      parallelism: 1,
      memorySize: 1024,
      hashLength: 32,
      outputType: 'binary',
    });

    return {
      sodiumVersion: sodium.sodium_version_string(),
      secretstreamSelfTest,
      argon2idSelfTest: derived.length === 32,
      crossOriginIsolated: globalThis.crossOriginIsolated,
    };
  }
}
