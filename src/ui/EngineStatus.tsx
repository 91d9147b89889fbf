import { useEffect, useState } from 'react';
import type { EngineInfo } from '../core/crypto/service';
import { FormError } from './FormError';
import { getCryptoWorker } from './workers/cryptoWorker';

type EngineState =
  { kind: 'loading' } | { kind: 'ready'; info: EngineInfo } | { kind: 'failed'; message: string };

/** Starts the crypto worker and says whether its engines (libsodium, Argon2id) work here. */
export function EngineStatus() {
  const [state, setState] = useState<EngineState>({ kind: 'loading' });

  useEffect(() => {
    let cancelled = false;
    getCryptoWorker()
      .engineInfo()
      .then(
        (info) => {
          if (!cancelled) setState({ kind: 'ready', info });
        },
        (error: unknown) => {
          if (!cancelled)
            setState({
              kind: 'failed',
              message: error instanceof Error ? error.message : String(error),
            });
        },
      );
    return () => {
      cancelled = true;
    };
  }, []);

  if (state.kind === 'loading') {
    return <p role="status">Starting the encryption engine…</p>;
  }
  if (state.kind === 'failed') {
    return (
      <FormError
        message={`The encryption engine could not start in this browser: ${state.message}`}
      />
    );
  }
  const { info } = state;
  const healthy = info.secretstreamSelfTest && info.argon2idSelfTest;
  return (
    <p role="status" data-testid="engine-status" data-ready={healthy}>
      {healthy
        ? `Encryption engine ready: libsodium ${info.sodiumVersion}, Argon2id, in a worker${
            info.crossOriginIsolated ? ' (cross-origin isolated)' : ''
          }.`
        : 'The encryption engine failed its self-test; Pinhole will not store anything here.'}
    </p>
  );
}
