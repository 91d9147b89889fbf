import { useState } from 'react';
import { FormFooter } from './FormFooter';
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
  const { busy, error, submit } = useAsyncAction();
  const typed = words.map((word) => word.trim().toLowerCase());

  const onSubmit = submit(
    () => (typed.some((word) => !word) ? 'Type each of the requested words.' : null),
    async () => {
      await getVaultApi().completeCreateVault(typed, stayUnlocked);
      await onCreated();
    },
  );

  return (
    <>
      <h2>Confirm your recovery phrase</h2>
      <p>To make sure your copy is right, type these words from it.</p>
      <form className="stack" onSubmit={onSubmit} aria-busy={busy}>
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
        <FormFooter
          busy={busy}
          error={error}
          submitLabel="Create my library"
          busyLabel="Creating your library…"
          stayUnlocked={{ checked: stayUnlocked, onChange: setStayUnlocked }}
          secondary={{ label: 'Show the phrase again', onClick: onShowPhraseAgain }}
        />
      </form>
    </>
  );
}
