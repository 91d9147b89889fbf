import { useId, useState } from 'react';
import { FormError } from '../FormError';
import { ModalDialog } from '../ModalDialog';

/** Asks for an album's name (to create or rename it); `onSave` resolves to an error or null. */
export function AlbumNameDialog({
  title,
  initialName = '',
  save,
  onSave,
  onClose,
}: {
  title: string;
  initialName?: string;
  /** The button's words: "Create", "Rename". */
  save: string;
  onSave: (name: string) => Promise<string | null>;
  onClose: () => void;
}) {
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();

  return (
    <ModalDialog title={title} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setBusy(true);
          void onSave(name).then((failure) => {
            setBusy(false);
            if (failure) setError(failure);
            else onClose();
          });
        }}
      >
        <label htmlFor={inputId}>Album name</label>
        <input
          id={inputId}
          value={name}
          maxLength={200}
          required
          autoFocus
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
        <FormError message={error} />
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={busy || name.trim() === ''}>
            {save}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
