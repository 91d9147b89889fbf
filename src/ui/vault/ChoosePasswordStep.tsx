import type { PendingVault } from '../../core/vault/types';
import { FormFooter } from './FormFooter';
import { NewPasswordFields } from './NewPasswordFields';
import { useAsyncAction } from './useAsyncAction';
import { useNewPassword } from './useNewPassword';
import { getVaultApi } from './vaultApi';

/** Step 1 of creating a library: what the password and phrase are for, and the password. */
export function ChoosePasswordStep({ onPending }: { onPending: (pending: PendingVault) => void }) {
  const newPassword = useNewPassword();
  const { busy, error, submit } = useAsyncAction();

  const onSubmit = submit(newPassword.findProblem, async () => {
    onPending(await getVaultApi().beginCreateVault(newPassword.password));
  });

  return (
    <>
      <h2>Create your library</h2>
      <p>
        Pinhole encrypts your photos in this browser before they are stored anywhere. Your password
        opens the library on your devices; next you will get a recovery phrase of 24 words, the only
        other way in if you forget the password. Neither ever leaves your devices, so{' '}
        <strong>
          nobody can reset your password: without the password or the recovery phrase, your photos
          are lost for good.
        </strong>
      </p>
      <form className="stack" onSubmit={onSubmit} aria-busy={busy}>
        <NewPasswordFields fields={newPassword} autoFocus />
        <FormFooter
          busy={busy}
          error={error}
          submitLabel="Continue"
          busyLabel="Preparing your keys…"
        />
      </form>
    </>
  );
}
