import { useEffect, useState, type RefObject } from 'react';

/** What waits to come near the viewport, and what to call then. */
const watching = new Map<Element, () => void>();
let shared: IntersectionObserver | null = null;

/** One observer for every element that waits: thousands of tiles share it. */
function observer(): IntersectionObserver {
  shared ??= new IntersectionObserver(
    (records, self) => {
      for (const record of records) {
        if (!record.isIntersecting) continue;
        watching.get(record.target)?.();
        watching.delete(record.target);
        self.unobserve(record.target);
      }
    },
    // About one screen above and below the viewport (percentages count from the viewport).
    { rootMargin: '100% 0px' },
  );
  return shared;
}

function watchOnce(element: Element, onNear: () => void): () => void {
  watching.set(element, onNear);
  observer().observe(element);
  return () => {
    watching.delete(element);
    observer().unobserve(element);
  };
}

/**
 * True once the element has come within about one screen of the viewport, and from then on: what
 * it loads then stays loaded (the timeline is not virtualized yet).
 */
export function useNearViewport(ref: RefObject<Element | null>): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (near || !element) return;
    return watchOnce(element, () => {
      setNear(true);
    });
  }, [ref, near]);
  return near;
}
