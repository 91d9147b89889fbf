import { useState } from 'react';
import type { PendingVault } from '../../core/vault/types';
import { AppHeader } from './AppHeader';
import { ChoosePasswordStep } from './ChoosePasswordStep';
import { ConfirmPhraseStep } from './ConfirmPhraseStep';
import { RecoveryPhraseStep } from './RecoveryPhraseStep';

type CreateStep = { kind: 'password' } | { kind: 'phrase' | 'confirm'; pending: PendingVault };

/**
 * First visit: choose a password, write down the recovery phrase, prove it by typing some of its
 * words back. The worker saves nothing until that proof, so leaving half-way leaves no library.
 */
export function CreateVaultScreen({
  onCreated,
  onOpenExisting,
}: {
  onCreated: () => Promise<void>;
  /** A library already synced from another device: open it from the bucket instead. */
  onOpenExisting?: () => void;
}) {
  const [step, setStep] = useState<CreateStep>({ kind: 'password' });

  return (
    <>
      <AppHeader />
      <main className="screen">
        {step.kind === 'password' && (
          <ChoosePasswordStep
            onPending={(pending) => {
              setStep({ kind: 'phrase', pending });
            }}
          />
        )}
        {step.kind === 'password' && onOpenExisting && (
          <p>
            Already have a library on another device?{' '}
            <button type="button" className="link" onClick={onOpenExisting}>
              Open an existing library from your storage
            </button>
          </p>
        )}
        {step.kind === 'phrase' && (
          <RecoveryPhraseStep
            words={step.pending.recoveryPhrase}
            onWrittenDown={() => {
              setStep({ ...step, kind: 'confirm' });
            }}
          />
        )}
        {step.kind === 'confirm' && (
          <ConfirmPhraseStep
            positions={step.pending.confirmPositions}
            onShowPhraseAgain={() => {
              setStep({ ...step, kind: 'phrase' });
            }}
            onCreated={onCreated}
          />
        )}
      </main>
    </>
  );
}
