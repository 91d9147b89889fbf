import { useId } from 'react';
import { StrengthMeter } from './StrengthMeter';
import type { NewPasswordState } from './useNewPassword';

interface NewPasswordFieldsProps {
  fields: NewPasswordState;
  /** The password replaces one the library already has: "New password". */
  replacing?: boolean;
  autoFocus?: boolean;
}

/** A new password with its strength meter, and the field that confirms it. */
export function NewPasswordFields({
  fields,
  replacing = false,
  autoFocus = false,
}: NewPasswordFieldsProps) {
  const id = useId();
  const passwordLabel = replacing ? 'New password' : 'Password';
  const confirmationLabel = replacing ? 'Confirm new password' : 'Confirm password';
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-password`}>{passwordLabel}</label>
        <input
          id={`${id}-password`}
          type="password"
          autoComplete="new-password"
          autoFocus={autoFocus}
          value={fields.password}
          aria-describedby={`${id}-strength`}
          onChange={(event) => {
            fields.setPassword(event.target.value);
          }}
        />
        <StrengthMeter id={`${id}-strength`} strength={fields.strength} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-confirmation`}>{confirmationLabel}</label>
        <input
          id={`${id}-confirmation`}
          type="password"
          autoComplete="new-password"
          value={fields.confirmation}
          onChange={(event) => {
            fields.setConfirmation(event.target.value);
          }}
        />
      </div>
    </>
  );
}
