import { useState, type SubmitEvent } from 'react';
import { VaultErrorName } from '../../core/vault/types';
import { AppHeader } from '../vault/AppHeader';
import { FormFooter } from '../vault/FormFooter';
import { PasswordField } from '../vault/PasswordField';
import { useAsyncAction } from '../vault/useAsyncAction';
import { getCryptoWorker } from '../workers/cryptoWorker';
import { ConnectionTest } from './ConnectionTest';
import { StoreFields } from './StoreFields';
import { initialValues, settingsFromValues, type StoreFormValues } from './storeForm';

interface OpenExistingLibraryProps {
  onOpened: () => Promise<void>;
  onCancel: () => void;
}

const messages = {
  [VaultErrorName.wrongPassword]:
    "That password doesn't open the library in this bucket. Use the password of that library (the newest one, if it was changed).",
};

/** Errors about the bucket rather than the password: "Test connection" says what to fix. */
const storeErrors = new Set(['StoreError', 'NoLibraryInBucketError']);

/**
 * A second device, or a fresh browser: the bucket's settings and the library's password. The
 * worker reads the key bundle from the bucket, unlocks it, keeps it here and syncs everything.
 */
export function OpenExistingLibrary({ onOpened, onCancel }: OpenExistingLibraryProps) {
  const [values, setValues] = useState<StoreFormValues>(initialValues);
  const [password, setPassword] = useState('');
  const [stayUnlocked, setStayUnlocked] = useState(false);
  const [storeProblem, setStoreProblem] = useState(false);
  const { busy, error, submit } = useAsyncAction(messages);

  const onSubmit = (event: SubmitEvent) => {
    const settings = settingsFromValues(values);
    submit(
      () => {
        setStoreProblem(false);
        if (typeof settings === 'string') return settings;
        return password ? null : 'Enter the password of the library.';
      },
      async () => {
        if (typeof settings === 'string') return; // checked just before
        try {
          await getCryptoWorker().openFromStore(settings, password, stayUnlocked);
        } catch (caught) {
          setStoreProblem(caught instanceof Error && storeErrors.has(caught.name));
          throw caught;
        }
        await onOpened();
      },
    )(event);
  };

  return (
    <>
      <AppHeader />
      <main className="screen">
        <h2>Open an existing library</h2>
        <p>
          Your library is already in a bucket, synced from another device. Enter the same storage
          settings and the library&apos;s password: everything in it comes to this browser.
        </p>
        <form className="stack" onSubmit={onSubmit} aria-busy={busy}>
          <StoreFields values={values} onChange={setValues} />
          <PasswordField label="Password of the library" value={password} onChange={setPassword} />
          <FormFooter
            busy={busy}
            error={error}
            submitLabel="Open library"
            busyLabel="Opening…"
            stayUnlocked={{ checked: stayUnlocked, onChange: setStayUnlocked }}
            secondary={{ label: 'Back', onClick: onCancel }}
          />
          {storeProblem && (
            <p className="hint">
              &quot;Test connection&quot; below tries each operation on the bucket and says what to
              fix.
            </p>
          )}
          <ConnectionTest settings={() => settingsFromValues(values)} preset={values.preset} />
        </form>
      </main>
    </>
  );
}
