import { useState } from 'react';
import { AppHeader } from './AppHeader';
import { FormFooter } from './FormFooter';
import { NewPasswordFields } from './NewPasswordFields';
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
  const { busy, error, submit } = useAsyncAction();
  const words = recoveryWords(phrase);

  const onSubmit = submit(
    () =>
      words.length === recoveryPhraseLength
        ? newPassword.findProblem()
        : `A recovery phrase has ${recoveryPhraseLength} words; you entered ${words.length}. Check it against what you wrote down.`,
    async () => {
      await getVaultApi().recoverWithPhrase(words.join(' '), newPassword.password, stayUnlocked);
      await onRecovered();
    },
  );

  return (
    <>
      <AppHeader />
      <main className="screen">
        <h2>Recover your library</h2>
        <p>
          Type the {recoveryPhraseLength} words of your recovery phrase, in order, and choose a new
          password. Your photos stay as they are.
        </p>
        <form className="stack" onSubmit={onSubmit} aria-busy={busy}>
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
          <NewPasswordFields fields={newPassword} replacing />
          <FormFooter
            busy={busy}
            error={error}
            submitLabel="Recover and unlock"
            busyLabel="Recovering…"
            stayUnlocked={{ checked: stayUnlocked, onChange: setStayUnlocked }}
            secondary={{ label: 'Back to unlock', onClick: onCancel }}
          />
        </form>
      </main>
    </>
  );
}
