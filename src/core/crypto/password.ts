/** The password key: Argon2id (hash-wasm, byte-identical to libsodium's crypto_pwhash). */
import { argon2id } from 'hash-wasm';

export interface Argon2idParams {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** About one second on a laptop; measured by `npm run bench` as limit.argon2id_256mib_ms. */
export const defaultArgon2idParams: Argon2idParams = {
  memoryKiB: 256 * 1024,
  iterations: 3,
  parallelism: 1,
};

/** The fallback for devices that cannot allocate never goes below this. */
const minimumFallbackMemoryKiB = 64 * 1024;

export const saltBytes = 16;

/** The password's bytes: UTF-8 of its NFC form, so every keyboard and OS derives the same key. */
export const passwordBytes = (password: string): Uint8Array =>
  new TextEncoder().encode(password.normalize('NFC'));

export async function derivePasswordKey(
  password: string,
  salt: Uint8Array,
  params: Argon2idParams,
): Promise<Uint8Array> {
  return argon2id({
    password: passwordBytes(password),
    salt,
    memorySize: params.memoryKiB,
    iterations: params.iterations,
    parallelism: params.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
}

/** A failure to allocate Argon2id's memory (wasm memory growth), as opposed to any other error. */
function isAllocationFailure(error: unknown): boolean {
  return (
    error instanceof RangeError ||
    (error instanceof Error && /memory|allocat|out of bounds/i.test(error.message))
  );
}

/**
 * Derives the key for a new password. Where the device cannot allocate the memory (phones), it
 * halves the memory and doubles the iterations, down to 64 MiB, and returns the parameters that
 * worked so they can be stored beside the salt.
 */
export async function derivePasswordKeyAdaptive(
  password: string,
  salt: Uint8Array,
  params: Argon2idParams = defaultArgon2idParams,
  derive: typeof derivePasswordKey = derivePasswordKey,
): Promise<{ key: Uint8Array; params: Argon2idParams }> {
  let attempt = params;
  for (;;) {
    try {
      return { key: await derive(password, salt, attempt), params: attempt };
    } catch (error) {
      const smaller = attempt.memoryKiB / 2;
      if (!isAllocationFailure(error) || smaller < minimumFallbackMemoryKiB) throw error;
      attempt = { ...attempt, memoryKiB: smaller, iterations: attempt.iterations * 2 };
    }
  }
}
