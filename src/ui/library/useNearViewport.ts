import { useEffect, useState, type RefObject } from 'react';

/** About one screen above and below the viewport (percentages count from the viewport). */
export const ONE_SCREEN = '100% 0px';

type Watch = Map<Element, () => void>;

/** One observer per margin for every element that waits for it: thousands of tiles share one. */
const observers = new Map<string, { observer: IntersectionObserver; watching: Watch }>();

function watchOnce(element: Element, rootMargin: string, onNear: () => void): () => void {
  let shared = observers.get(rootMargin);
  if (!shared) {
    const watching: Watch = new Map();
    const observer = new IntersectionObserver(
      (records) => {
        for (const record of records) {
          if (!record.isIntersecting) continue;
          watching.get(record.target)?.();
          watching.delete(record.target);
          observer.unobserve(record.target);
        }
      },
      { rootMargin },
    );
    shared = { observer, watching };
    observers.set(rootMargin, shared);
  }
  const { observer, watching } = shared;
  watching.set(element, onNear);
  observer.observe(element);
  return () => {
    watching.delete(element);
    observer.unobserve(element);
  };
}

/**
 * True once the element has come within `rootMargin` of the viewport, and from then on: what it
 * loads then stays loaded (the timeline is not virtualized yet).
 */
export function useNearViewport(ref: RefObject<Element | null>, rootMargin = ONE_SCREEN): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (near || !element) return;
    return watchOnce(element, rootMargin, () => {
      setNear(true);
    });
  }, [ref, rootMargin, near]);
  return near;
}
