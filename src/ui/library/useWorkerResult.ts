import { useEffect, useEffectEvent, useState } from 'react';

interface Settled<T> {
  key: string;
  value: T | undefined;
  failed: boolean;
}

/**
 * What `load` (a request to a worker) gives for `key`: loaded once `enabled`, and again whenever
 * `key` changes. `value` is undefined until it arrives and when it failed (`failed`, logged); a
 * result for an earlier key is never returned. `dispose` releases a value that arrived too late
 * or that a newer key or unmounting replaced.
 */
export function useWorkerResult<T>(
  key: string,
  enabled: boolean,
  load: () => Promise<T>,
  dispose?: (value: T) => void,
): { value: T | undefined; failed: boolean } {
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const start = useEffectEvent(load);
  const release = useEffectEvent((value: T) => dispose?.(value));

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    let kept: { value: T } | null = null;
    start().then(
      (value) => {
        if (!live) {
          release(value);
          return;
        }
        kept = { value };
        setSettled({ key, value, failed: false });
      },
      (error: unknown) => {
        console.warn(`${key} did not load`, error);
        if (live) setSettled({ key, value: undefined, failed: true });
      },
    );
    return () => {
      live = false;
      if (kept) release(kept.value);
    };
  }, [key, enabled]);

  const current = settled?.key === key ? settled : null;
  return { value: current?.value, failed: current?.failed ?? false };
}
