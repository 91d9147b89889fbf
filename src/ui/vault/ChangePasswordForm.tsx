import { useState } from 'react';
import { VaultErrorName } from '../../core/vault/types';
import { FormError } from '../FormError';
import { NewPasswordFields } from './NewPasswordFields';
import { PasswordField } from './PasswordField';
import { useAsyncAction } from './useAsyncAction';
import { useNewPassword } from './useNewPassword';
import { getVaultApi } from './vaultApi';

const messages = {
  [VaultErrorName.wrongPassword]: "That isn't the current password of this library.",
};

/** Current password, then a new one: only the key's wrapping changes, no photo is re-encrypted. */
export function ChangePasswordForm() {
  const [currentPassword, setCurrentPassword] = useState('');
  const newPassword = useNewPassword();
  const [changed, setChanged] = useState(false);
  const { busy, error, submit } = useAsyncAction(messages);

  const onSubmit = submit(
    () => {
      setChanged(false);
      if (!currentPassword) return 'Enter your current password.';
      return newPassword.findProblem();
    },
    async () => {
      await getVaultApi().changePassword(currentPassword, newPassword.password);
      setCurrentPassword('');
      newPassword.clear();
      setChanged(true);
    },
  );

  return (
    <form className="stack" onSubmit={onSubmit} aria-busy={busy}>
      <h3>Change password</h3>
      <PasswordField
        label="Current password"
        value={currentPassword}
        onChange={setCurrentPassword}
      />
      <NewPasswordFields fields={newPassword} replacing />
      <FormError message={error} />
      {changed && <p role="status">Your password has been changed.</p>}
      <button type="submit" disabled={busy}>
        {busy ? 'Changing password…' : 'Change password'}
      </button>
    </form>
  );
}
