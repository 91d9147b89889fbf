import { FormError } from '../FormError';
import { StayUnlockedCheckbox } from './StayUnlockedCheckbox';

interface FormFooterProps {
  busy: boolean;
  error: string | null;
  /** The submit button's label, and its label while the form is busy. */
  submitLabel: string;
  busyLabel: string;
  /** "Stay unlocked on this device", on the forms that open the library. */
  stayUnlocked?: { checked: boolean; onChange: (checked: boolean) => void };
  /** A way out of the form, beside the submit button. */
  secondary?: { label: string; onClick: () => void };
}

/** The end of a vault form: the optional checkbox, the error, and its buttons. */
export function FormFooter({
  busy,
  error,
  submitLabel,
  busyLabel,
  stayUnlocked,
  secondary,
}: FormFooterProps) {
  const submitButton = (
    <button type="submit" disabled={busy}>
      {busy ? busyLabel : submitLabel}
    </button>
  );
  return (
    <>
      {stayUnlocked && (
        <StayUnlockedCheckbox checked={stayUnlocked.checked} onChange={stayUnlocked.onChange} />
      )}
      <FormError message={error} />
      {secondary ? (
        <div className="actions">
          {submitButton}
          <button type="button" className="secondary" onClick={secondary.onClick}>
            {secondary.label}
          </button>
        </div>
      ) : (
        submitButton
      )}
    </>
  );
}
