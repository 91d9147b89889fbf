import sodiumWrappers from 'libsodium-wrappers';

export type Sodium = typeof sodiumWrappers;

let sodiumReady: Promise<Sodium> | undefined;

/**
 * libsodium compiles its wasm on first use. One cached promise per worker; a failed load is
 * forgotten so the next call retries instead of failing forever.
 */
export function loadSodium(): Promise<Sodium> {
  sodiumReady ??= sodiumWrappers.ready.then(
    () => sodiumWrappers,
    (error: unknown) => {
      sodiumReady = undefined;
      throw error;
    },
  );
  return sodiumReady;
}
