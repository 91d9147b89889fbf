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

/** Argon2id on the calling thread; the app goes through derivePasswordKey. */
export async function derivePasswordKeyHere(
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

/** What workers/argon2.worker.ts is asked and answers. */
export interface PasswordKeyRequest {
  password: string;
  salt: Uint8Array;
  params: Argon2idParams;
}
export type PasswordKeyReply = { key: Uint8Array } | { error: { name: string; message: string } };

/**
 * The password key, derived in a worker of its own that is ended afterwards. hash-wasm leaves
 * Argon2id's memory (256 MiB by default, filled from the password) to the garbage collector, so a
 * long-lived thread would hold it for the whole session; ending the thread gives it back at once.
 * Where workers cannot be started (Node tests), on this thread.
 */
export async function derivePasswordKey(
  password: string,
  salt: Uint8Array,
  params: Argon2idParams,
): Promise<Uint8Array> {
  if (typeof Worker === 'undefined') return derivePasswordKeyHere(password, salt, params);
  const worker = new Worker(new URL('../../../workers/argon2.worker.ts', import.meta.url), {
    type: 'module',
    name: 'pinhole-argon2id',
  });
  try {
    const reply = await new Promise<PasswordKeyReply>((resolve, reject) => {
      worker.addEventListener('message', (event: MessageEvent<PasswordKeyReply>) => {
        resolve(event.data);
      });
      worker.addEventListener('error', (event) => {
        // A script that fails to load gives a plain Event, without a message.
        const detail = event instanceof ErrorEvent ? event.message : 'it could not be started';
        reject(new Error(`the Argon2id worker failed: ${detail}`));
      });
      worker.postMessage({ password, salt, params } satisfies PasswordKeyRequest);
    });
    if ('key' in reply) return reply.key;
    // Rebuilt with its kind, so an allocation failure is still told apart from other errors.
    const Kind = reply.error.name === 'RangeError' ? RangeError : Error;
    throw new Kind(reply.error.message);
  } finally {
    worker.terminate();
  }
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
