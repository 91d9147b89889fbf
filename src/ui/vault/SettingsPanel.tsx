import { useEffect, useRef } from 'react';
import type { VaultStatus } from '../../core/vault/types';
import { StorageSettings } from '../sync/StorageSettings';
import { AutoLockSetting } from './AutoLockSetting';
import { ChangePasswordForm } from './ChangePasswordForm';

interface SettingsPanelProps {
  status: VaultStatus;
  onStatusChanged: () => Promise<void>;
}

/** Settings of the unlocked library: its password, when it locks itself, and its storage. */
export function SettingsPanel({ status, onStatusChanged }: SettingsPanelProps) {
  // Opened from the header: take the reader straight to it.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);

  return (
    <section id="settings" className="settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading" ref={heading} tabIndex={-1}>
        Settings
      </h2>
      <AutoLockSetting status={status} onStatusChanged={onStatusChanged} />
      <ChangePasswordForm />
      <StorageSettings />
    </section>
  );
}
