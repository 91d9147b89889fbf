import { useRef, useState, type SubmitEvent } from 'react';
import { AppHeader } from './AppHeader';
import { FormFooter } from './FormFooter';
import { PasswordField } from './PasswordField';
import { useAsyncAction } from './useAsyncAction';
import { getVaultApi } from './vaultApi';

interface UnlockScreenProps {
  onUnlocked: () => Promise<void>;
  onForgotPassword: () => void;
}

/** A locked library: only the password field, and the way to recover with the phrase. */
export function UnlockScreen({ onUnlocked, onForgotPassword }: UnlockScreenProps) {
  const [password, setPassword] = useState('');
  const [stayUnlocked, setStayUnlocked] = useState(false);
  const { busy, error, submit } = useAsyncAction();
  const passwordInput = useRef<HTMLInputElement>(null);

  // The ref is read on submit only: build the handler then, not while rendering.
  const onSubmit = (event: SubmitEvent) => {
    submit(
      () => {
        if (password) return null;
        passwordInput.current?.focus();
        return 'Enter the password of this library.';
      },
      async () => {
        try {
          await getVaultApi().unlock(password, stayUnlocked);
          await onUnlocked();
        } catch (error) {
          // Back to the field, its text selected, so a retyped password replaces the wrong one.
          passwordInput.current?.select();
          throw error;
        }
      },
    )(event);
  };

  return (
    <>
      <AppHeader />
      <main className="screen">
        <h2>Unlock your library</h2>
        <form className="stack" onSubmit={onSubmit} aria-busy={busy}>
          <PasswordField
            label="Password"
            value={password}
            onChange={setPassword}
            autoFocus
            inputRef={passwordInput}
          />
          <FormFooter
            busy={busy}
            error={error}
            submitLabel="Unlock"
            busyLabel="Unlocking…"
            stayUnlocked={{ checked: stayUnlocked, onChange: setStayUnlocked }}
          />
        </form>
        <p>
          <button type="button" className="link" onClick={onForgotPassword}>
            Forgot your password?
          </button>
        </p>
      </main>
    </>
  );
}
