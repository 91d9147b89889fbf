import { useCallback, useRef, useState, type SubmitEvent } from 'react';
import { describeError, type ErrorMessageOverrides } from '../errors';

/** Checks a form before its action: a sentence saying what is wrong, or null when nothing is. */
export type FormValidation = () => string | null | Promise<string | null>;

/**
 * Runs a form's async action once at a time: `busy` while it runs, `error` as a sentence for
 * people if it throws. `run` resolves to whether the action succeeded. `submit` makes a form's
 * `onSubmit` handler: busy from the start, so a slow check (zxcvbn) is covered too, then the
 * check's sentence as the error, or else the action.
 */
export function useAsyncAction(overrides?: ErrorMessageOverrides) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // `busy` changes on the next render; a second submit in the same task must be refused too.
  const submitting = useRef(false);

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

  const submit = useCallback(
    (validate: FormValidation, action: () => Promise<void>) => (event: SubmitEvent) => {
      event.preventDefault();
      if (submitting.current) return;
      submitting.current = true;
      setBusy(true);
      void (async () => {
        try {
          const problem = await validate();
          if (problem) setError(problem);
          else await run(action);
        } catch (caught) {
          setError(describeError(caught, overrides));
        } finally {
          submitting.current = false;
          setBusy(false);
        }
      })();
    },
    [overrides, run],
  );

  return { busy, error, run, submit };
}
