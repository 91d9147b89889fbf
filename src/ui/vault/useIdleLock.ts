import { useEffect, useEffectEvent } from 'react';

const activityEvents = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll'];

/**
 * Calls `onIdle` once nobody has used the page for `minutes` (0: never). It reads time through
 * `Date.now()` and `setTimeout` only, so tests can drive it with a fake clock; a tab that slept
 * (timers paused) is checked again as soon as it is visible.
 */
export function useIdleLock(minutes: number, onIdle: () => void) {
  const fireIdle = useEffectEvent(onIdle);

  useEffect(() => {
    if (minutes <= 0) return;
    const limit = minutes * 60_000;
    let lastActivity = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;

    const check = () => {
      clearTimeout(timer);
      const idleFor = Date.now() - lastActivity;
      if (idleFor >= limit) fireIdle();
      else timer = setTimeout(check, limit - idleFor);
    };
    const noteActivity = () => {
      lastActivity = Date.now();
    };
    const checkWhenVisible = () => {
      if (document.visibilityState === 'visible') check();
    };

    for (const name of activityEvents)
      window.addEventListener(name, noteActivity, { passive: true, capture: true });
    document.addEventListener('visibilitychange', checkWhenVisible);
    timer = setTimeout(check, limit);
    return () => {
      clearTimeout(timer);
      for (const name of activityEvents)
        window.removeEventListener(name, noteActivity, { capture: true });
      document.removeEventListener('visibilitychange', checkWhenVisible);
    };
  }, [minutes]);
}
