import { useRef, useState, type SubmitEvent } from 'react';
import { AppHeader } from './AppHeader';
import { FormError } from './FormError';
import { StayUnlockedCheckbox } from './StayUnlockedCheckbox';
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
  const { busy, error, setError, run } = useAsyncAction();
  const passwordInput = useRef<HTMLInputElement>(null);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!password) {
      setError('Enter the password of this library.');
      passwordInput.current?.focus();
      return;
    }
    const unlocked = await run(async () => {
      await getVaultApi().unlock(password, stayUnlocked);
      await onUnlocked();
    });
    // Back to the field, its text selected, so a retyped password replaces the wrong one.
    if (!unlocked) passwordInput.current?.select();
  };

  return (
    <>
      <AppHeader />
      <main className="screen">
        <h2>Unlock your library</h2>
        <form className="stack" onSubmit={(event) => void submit(event)} aria-busy={busy}>
          <div className="field">
            <label htmlFor="unlock-password">Password</label>
            <input
              id="unlock-password"
              ref={passwordInput}
              type="password"
              autoComplete="current-password"
              autoFocus
              value={password}
              onChange={(event) => {
                setPassword(event.target.value);
              }}
            />
          </div>
          <StayUnlockedCheckbox checked={stayUnlocked} onChange={setStayUnlocked} />
          <FormError message={error} />
          <button type="submit" disabled={busy}>
            {busy ? 'Unlocking…' : 'Unlock'}
          </button>
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
