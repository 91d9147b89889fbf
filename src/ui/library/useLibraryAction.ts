import { useCallback, useState } from 'react';
import { describeError } from '../errors';

/** What the last action said: announced in a live region, with Undo where it can be undone. */
export interface ActionStatus {
  message: string;
  failed: boolean;
  undo?: () => Promise<unknown>;
}

/**
 * Runs a change to the library in the crypto worker and keeps what happened for the status line
 * ("3 photos moved to the trash · Undo", or why it failed). Resolves true when it worked.
 */
export function useLibraryAction() {
  const [status, setStatus] = useState<ActionStatus | null>(null);

  const run = useCallback(
    async (
      action: () => Promise<unknown>,
      done: string,
      undo?: () => Promise<unknown>,
    ): Promise<boolean> => {
      try {
        await action();
        setStatus({ message: done, failed: false, undo });
        return true;
      } catch (cause) {
        setStatus({ message: describeError(cause), failed: true });
        return false;
      }
    },
    [],
  );
  const dismiss = useCallback(() => {
    setStatus(null);
  }, []);

  return { status, run, dismiss };
}

/** "1 photo", "12 photos". */
export function photoCount(count: number): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? 'photo' : 'photos'}`;
}
