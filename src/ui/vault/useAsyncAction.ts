import { useCallback, useState } from 'react';
import { describeError, type ErrorMessageOverrides } from '../errors';

/**
 * Runs a form's async action once at a time: `busy` while it runs, `error` as a sentence for
 * people if it throws. `run` resolves to whether the action succeeded.
 */
export function useAsyncAction(overrides?: ErrorMessageOverrides) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(
    async (action: () => Promise<void>): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        await action();
        return true;
      } catch (caught) {
        setError(describeError(caught, overrides));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [overrides],
  );

  return { busy, error, setError, run };
}
