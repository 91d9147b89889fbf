import { useState, type SubmitEvent } from 'react';
import { FormError } from './FormError';
import { StayUnlockedCheckbox } from './StayUnlockedCheckbox';
import { useAsyncAction } from './useAsyncAction';
import { getVaultApi } from './vaultApi';

interface ConfirmPhraseStepProps {
  positions: number[];
  onShowPhraseAgain: () => void;
  onCreated: () => Promise<void>;
}

/** Step 3 of creating a library: type some words of the phrase back; then it is saved. */
export function ConfirmPhraseStep(props: ConfirmPhraseStepProps) {
  const { positions, onShowPhraseAgain, onCreated } = props;
  const [words, setWords] = useState(() => positions.map(() => ''));
  const [stayUnlocked, setStayUnlocked] = useState(false);
  const { busy, error, setError, run } = useAsyncAction();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return;
    const typed = words.map((word) => word.trim().toLowerCase());
    if (typed.some((word) => !word)) {
      setError('Type each of the requested words.');
      return;
    }
    await run(async () => {
      await getVaultApi().completeCreateVault(typed, stayUnlocked);
      await onCreated();
    });
  };

  return (
    <>
      <h2>Confirm your recovery phrase</h2>
      <p>To make sure your copy is right, type these words from it.</p>
      <form className="stack" onSubmit={(event) => void submit(event)} aria-busy={busy}>
        {positions.map((position, index) => (
          <div className="field" key={position}>
            <label htmlFor={`confirm-word-${position}`}>Word {position + 1}</label>
            <input
              id={`confirm-word-${position}`}
              autoFocus={index === 0}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              value={words[index]}
              onChange={(event) => {
                const next = [...words];
                next[index] = event.target.value;
                setWords(next);
              }}
            />
          </div>
        ))}
        <StayUnlockedCheckbox checked={stayUnlocked} onChange={setStayUnlocked} />
        <FormError message={error} />
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Creating your library…' : 'Create my library'}
          </button>
          <button type="button" className="secondary" onClick={onShowPhraseAgain}>
            Show the phrase again
          </button>
        </div>
      </form>
    </>
  );
}
