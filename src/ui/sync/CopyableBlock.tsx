import { useId, useState } from 'react';

/** A block of text to paste elsewhere, with a button that copies it. */
export function CopyableBlock({
  label,
  text,
  copyLabel,
}: {
  label: string;
  text: string;
  copyLabel: string;
}) {
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('yes');
    } catch {
      // No clipboard permission (or an insecure page): the text is there to select by hand.
      setCopied('no');
    }
  };

  return (
    <figure className="copyable">
      <figcaption id={id}>{label}</figcaption>
      <pre aria-labelledby={id} tabIndex={0}>
        {text}
      </pre>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void copy()}>
          {copyLabel}
        </button>
        <span role="status">
          {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Could not copy: select the text.' : ''}
        </span>
      </div>
    </figure>
  );
}
