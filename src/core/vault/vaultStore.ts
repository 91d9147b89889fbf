/** Where the vault keeps its records in IndexedDB (the `vault` store of src/core/storage/db.ts). */
import type { DeviceUnlockRecord, PinholeDatabase, VaultSettingsRecord } from '../storage/db';

const defaultAutoLockMinutes = 15;

export class VaultStore {
  /** Takes the database as a promise so a worker can start serving before it is open. */
  constructor(private readonly opening: Promise<PinholeDatabase>) {}

  async keyBundle(): Promise<Uint8Array | undefined> {
    const value = await (await this.opening).get('vault', 'key-bundle');
    return value instanceof Uint8Array ? value : undefined;
  }

  async saveKeyBundle(bytes: Uint8Array): Promise<void> {
    await (await this.opening).put('vault', bytes, 'key-bundle');
  }

  async deviceUnlock(): Promise<DeviceUnlockRecord | undefined> {
    const value = await (await this.opening).get('vault', 'device-unlock');
    return value && 'deviceKey' in value ? value : undefined;
  }

  async saveDeviceUnlock(record: DeviceUnlockRecord): Promise<void> {
    await (await this.opening).put('vault', record, 'device-unlock');
  }

  async forgetDeviceUnlock(): Promise<void> {
    await (await this.opening).delete('vault', 'device-unlock');
  }

  async settings(): Promise<VaultSettingsRecord> {
    const value = await (await this.opening).get('vault', 'settings');
    return value && 'autoLockMinutes' in value
      ? value
      : { autoLockMinutes: defaultAutoLockMinutes };
  }

  async saveSettings(settings: VaultSettingsRecord): Promise<void> {
    await (await this.opening).put('vault', settings, 'settings');
  }
}
