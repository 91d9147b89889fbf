import { useSyncExternalStore } from 'react';

const HOUR_MS = 3600_000;
const listeners = new Set<() => void>();
let hourMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // One timer for every tile that shows a time left, only while some do.
  timer ??= setInterval(() => {
    const now = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    if (now === hourMs) return;
    hourMs = now;
    for (const notify of listeners) notify();
  }, 60_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** The time, to the hour: enough for "12 days left", and a render stays pure. */
export function useHour(): number {
  return useSyncExternalStore(subscribe, () => hourMs);
}
