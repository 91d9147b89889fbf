import { useState, type SubmitEvent } from 'react';
import { AppHeader } from './AppHeader';
import { FormError } from './FormError';
import { NewPasswordFields } from './NewPasswordFields';
import { StayUnlockedCheckbox } from './StayUnlockedCheckbox';
import { recoveryPhraseLength, recoveryWords } from './recoveryPhrase';
import { useAsyncAction } from './useAsyncAction';
import { useNewPassword } from './useNewPassword';
import { getVaultApi } from './vaultApi';

interface RecoverScreenProps {
  onRecovered: () => Promise<void>;
  onCancel: () => void;
}

/** "Forgot your password?": the recovery phrase opens the library and sets a new password. */
export function RecoverScreen({ onRecovered, onCancel }: RecoverScreenProps) {
  const [phrase, setPhrase] = useState('');
  const newPassword = useNewPassword();
  const [stayUnlocked, setStayUnlocked] = useState(false);
  const { busy, error, setError, run } = useAsyncAction();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    const words = recoveryWords(phrase);
    if (words.length !== recoveryPhraseLength) {
      setError(
        `A recovery phrase has ${recoveryPhraseLength} words; you entered ${words.length}. Check it against what you wrote down.`,
      );
      return;
    }
    const problem = await newPassword.findProblem();
    if (problem) {
      setError(problem);
      return;
    }
    await run(async () => {
      await getVaultApi().recoverWithPhrase(words.join(' '), newPassword.password, stayUnlocked);
      await onRecovered();
    });
  };

  return (
    <>
      <AppHeader />
      <main className="screen">
        <h2>Recover your library</h2>
        <p>
          Type the {recoveryPhraseLength} words of your recovery phrase, in order, and choose a new
          password. Your photos stay as they are.
        </p>
        <form className="stack" onSubmit={(event) => void submit(event)} aria-busy={busy}>
          <div className="field">
            <label htmlFor="recovery-phrase">Recovery phrase ({recoveryPhraseLength} words)</label>
            <textarea
              id="recovery-phrase"
              rows={4}
              autoFocus
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              value={phrase}
              onChange={(event) => {
                setPhrase(event.target.value);
              }}
            />
          </div>
          <NewPasswordFields
            fields={newPassword}
            passwordLabel="New password"
            confirmationLabel="Confirm new password"
          />
          <StayUnlockedCheckbox checked={stayUnlocked} onChange={setStayUnlocked} />
          <FormError message={error} />
          <div className="actions">
            <button type="submit" disabled={busy}>
              {busy ? 'Recovering…' : 'Recover and unlock'}
            </button>
            <button type="button" className="secondary" onClick={onCancel}>
              Back to unlock
            </button>
          </div>
        </form>
      </main>
    </>
  );
}
