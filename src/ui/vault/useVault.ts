import { useCallback, useEffect, useRef, useState } from 'react';
import type { VaultStatus } from '../../core/vault/types';
import { describeError } from '../errors';
import { getVaultApi } from './vaultApi';

const lockChannelName = 'pinhole-lock';

export type VaultState =
  | { kind: 'starting' }
  | { kind: 'ready'; status: VaultStatus }
  | { kind: 'unavailable'; message: string };

/**
 * The library's status as the crypto worker reports it. On start, a library remembered on this
 * device is re-opened without a password. `lock` locks every tab of this browser; idle time
 * locks one tab only (`lockThisTab`), since the person may be busy in another.
 */
export function useVault() {
  const [state, setState] = useState<VaultState>({ kind: 'starting' });

  const refresh = useCallback(async () => {
    try {
      setState({ kind: 'ready', status: await getVaultApi().vaultStatus() });
    } catch (error) {
      setState({ kind: 'unavailable', message: describeError(error) });
    }
  }, []);

  // StrictMode runs effects twice in development; resume only once per page.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void (async () => {
      const api = getVaultApi();
      let status: VaultStatus;
      try {
        status = await api.vaultStatus();
      } catch (error) {
        setState({ kind: 'unavailable', message: describeError(error) });
        return;
      }
      if (status.exists && !status.unlocked && status.rememberedOnDevice) {
        try {
          if (await api.resumeOnDevice()) {
            await refresh();
            return;
          }
          // Its device record was damaged or another library's: the worker has forgotten it.
          status = { ...status, rememberedOnDevice: false };
        } catch (error) {
          // The unlock screen follows: the password still opens the library, or says why not.
          console.error(error);
        }
      }
      setState({ kind: 'ready', status });
    })();
  }, [refresh]);

  /** Hides the library at once, then has this tab's worker wipe its keys. */
  const lockThisTab = useCallback(async () => {
    setState((previous) =>
      previous.kind === 'ready'
        ? {
            kind: 'ready',
            status: { ...previous.status, unlocked: false, rememberedOnDevice: false },
          }
        : previous,
    );
    try {
      await getVaultApi().lock();
    } finally {
      await refresh();
    }
  }, [refresh]);

  // Each tab has its own worker holding its own copy of the keys: Lock in one locks them all.
  const lockChannel = useRef<BroadcastChannel>(null);
  useEffect(() => {
    const channel = new BroadcastChannel(lockChannelName);
    channel.onmessage = () => void lockThisTab();
    lockChannel.current = channel;
    return () => {
      channel.close();
    };
  }, [lockThisTab]);

  const lock = useCallback(async () => {
    lockChannel.current?.postMessage('lock');
    await lockThisTab();
  }, [lockThisTab]);

  return { state, refresh, lock, lockThisTab };
}
