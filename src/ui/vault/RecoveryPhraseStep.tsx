import { useEffect, useRef } from 'react';

interface RecoveryPhraseStepProps {
  words: string[];
  onWrittenDown: () => void;
}

/** Step 2 of creating a library: the 24 words to write down. */
export function RecoveryPhraseStep({ words, onWrittenDown }: RecoveryPhraseStepProps) {
  // A new step replaces the form the focus was in: start reading at its heading.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);

  return (
    <>
      <h2 ref={heading} tabIndex={-1}>
        Write down your recovery phrase
      </h2>
      <p>
        Write these {words.length} words on paper, in this order, and keep it somewhere safe. They
        open your library if you forget your password. Anyone who has them can open it too, so
        don&apos;t photograph them or store them online.
      </p>
      <ol className="phrase-words" data-testid="recovery-phrase" aria-label="Recovery phrase">
        {words.map((word, index) => (
          <li key={index}>{word}</li>
        ))}
      </ol>
      <button type="button" onClick={onWrittenDown}>
        I have written them down
      </button>
    </>
  );
}
