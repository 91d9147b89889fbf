import type { VaultStatus } from '../../core/vault/types';
import { FormError } from '../FormError';
import { useAsyncAction } from './useAsyncAction';
import { getVaultApi } from './vaultApi';

/** Choices of idle time before the library locks itself, in minutes; 0 is never. */
const autoLockChoices = [
  { minutes: 5, label: '5 minutes' },
  { minutes: 15, label: '15 minutes' },
  { minutes: 60, label: '1 hour' },
  { minutes: 0, label: 'Never' },
];

interface AutoLockSettingProps {
  status: VaultStatus;
  onStatusChanged: () => Promise<void>;
}

/** How long the library may stay unlocked with nobody using it. */
export function AutoLockSetting({ status, onStatusChanged }: AutoLockSettingProps) {
  const { busy, error, run } = useAsyncAction();
  const current = status.autoLockMinutes;
  // A value saved by another version of the app stays selectable.
  const choices = autoLockChoices.some((choice) => choice.minutes === current)
    ? autoLockChoices
    : [...autoLockChoices, { minutes: current, label: `${current} minutes` }];

  const choose = (minutes: number) =>
    run(async () => {
      await getVaultApi().setAutoLockMinutes(minutes);
      await onStatusChanged();
    });

  return (
    <div className="field">
      <label htmlFor="auto-lock">Lock automatically when idle for</label>
      <select
        id="auto-lock"
        value={current}
        disabled={busy}
        onChange={(event) => void choose(Number(event.target.value))}
      >
        {choices.map((choice) => (
          <option key={choice.minutes} value={choice.minutes}>
            {choice.label}
          </option>
        ))}
      </select>
      {status.rememberedOnDevice && (
        <p className="hint">
          This device stays unlocked, so it does not lock when idle. Press Lock to change that.
        </p>
      )}
      <FormError message={error} />
    </div>
  );
}
