import { useEffect, useState } from 'react';

/** True once `active` has stayed true for `ms`: a spinner only when loading takes long. */
export function useDelayed(active: boolean, ms = 500): boolean {
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!active) return;
    const timer = setTimeout(() => {
      setLate(true);
    }, ms);
    return () => {
      clearTimeout(timer);
      setLate(false);
    };
  }, [active, ms]);
  return active && late;
}
