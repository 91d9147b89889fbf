/**
 * The vault: the library's master key and the operations that open, lock and re-key it. Lives
 * in the crypto worker; the master key never leaves it.
 */
import { wipe } from '../crypto/keys';
import { bytesEqual } from '../crypto/random';
import { unwrapOnDevice, wrapForDevice } from './deviceUnlock';
import { VaultError } from './errors';
import {
  createKeyBundle,
  decodeKeyBundle,
  encodeKeyBundle,
  openKeyBundleWithPassword,
  openKeyBundleWithRecoveryPhrase,
  rewrapForPassword,
  type KeyBundle,
} from './keyBundle';
import { phraseWords } from './recoveryPhrase';
import { VaultErrorName, type PendingVault, type VaultApi, type VaultStatus } from './types';
import type { VaultStore } from './vaultStore';
import type { Argon2idParams } from '../crypto/password';

/** How many words of the phrase a new user types back. */
const confirmWordCount = 3;

interface Unlocked {
  bundle: KeyBundle;
  masterKey: Uint8Array<ArrayBuffer>;
}

export class Vault implements VaultApi {
  private unlocked: Unlocked | null = null;
  private pending: (Unlocked & PendingVault) | null = null;

  /** `kdfParams` is only for tests; the app uses the defaults of src/core/crypto/password.ts. */
  constructor(
    private readonly store: VaultStore,
    private readonly kdfParams?: Argon2idParams,
  ) {}

  /** For the other core services of this worker. */
  masterKey(): Uint8Array {
    return this.requireUnlocked().masterKey;
  }

  libraryId(): Uint8Array {
    return this.requireUnlocked().bundle.libraryId;
  }

  async vaultStatus(): Promise<VaultStatus> {
    const [bundle, device, settings] = await Promise.all([
      this.store.keyBundle(),
      this.store.deviceUnlock(),
      this.store.settings(),
    ]);
    return {
      exists: bundle !== undefined,
      unlocked: this.unlocked !== null,
      rememberedOnDevice: device !== undefined,
      autoLockMinutes: settings.autoLockMinutes,
    };
  }

  async resumeOnDevice(): Promise<boolean> {
    if (this.unlocked) return true;
    const [record, bundle] = await Promise.all([this.store.deviceUnlock(), this.storedBundle()]);
    if (!record) return false;
    if (!bytesEqual(record.libraryId, bundle.libraryId)) {
      await this.store.forgetDeviceUnlock(); // left over from another library
      return false;
    }
    try {
      this.unlocked = { bundle, masterKey: await unwrapOnDevice(record) };
      return true;
    } catch {
      // The device key or its record is damaged; the password still opens the library.
      await this.store.forgetDeviceUnlock();
      return false;
    }
  }

  async beginCreateVault(password: string): Promise<PendingVault> {
    if (await this.store.keyBundle()) {
      throw new VaultError(VaultErrorName.vaultExists, 'A library already exists in this browser.');
    }
    this.discardPending();
    const { bundle, masterKey, recoveryPhrase } = await createKeyBundle(password, this.kdfParams);
    const positions = new Set<number>();
    while (positions.size < confirmWordCount) {
      const [random = 0] = crypto.getRandomValues(new Uint32Array(1));
      positions.add(random % recoveryPhrase.length);
    }
    const confirmPositions = [...positions].sort((a, b) => a - b);
    this.pending = { bundle, masterKey, recoveryPhrase, confirmPositions };
    return { recoveryPhrase, confirmPositions };
  }

  async completeCreateVault(confirmWords: string[], rememberOnDevice: boolean): Promise<void> {
    const pending = this.pending;
    if (!pending) throw new VaultError(VaultErrorName.noVault, 'No library is being created.');
    const typed = confirmWords.map((word) => phraseWords(word).join(' '));
    const wrong = pending.confirmPositions.filter(
      (position, i) => typed[i] !== pending.recoveryPhrase[position],
    );
    if (wrong.length > 0) {
      throw new VaultError(
        VaultErrorName.recoveryConfirmation,
        `Word ${wrong.map((position) => position + 1).join(', ')} does not match your recovery phrase.`,
      );
    }
    await this.store.saveKeyBundle(await encodeKeyBundle(pending.bundle));
    this.pending = null;
    await this.adopt({ bundle: pending.bundle, masterKey: pending.masterKey }, rememberOnDevice);
  }

  /**
   * Makes this browser a device of an existing library, from its key bundle as another device
   * stored it (the bucket's copy): checked with the password, then saved here and unlocked.
   */
  async joinVault(
    bundleBytes: Uint8Array,
    password: string,
    rememberOnDevice: boolean,
  ): Promise<void> {
    if (await this.store.keyBundle()) {
      throw new VaultError(VaultErrorName.vaultExists, 'A library already exists in this browser.');
    }
    const bundle = await decodeKeyBundle(bundleBytes);
    const masterKey = await openKeyBundleWithPassword(bundle, password);
    await this.store.saveKeyBundle(await encodeKeyBundle(bundle));
    await this.adopt({ bundle, masterKey }, rememberOnDevice);
  }

  async unlock(password: string, rememberOnDevice: boolean): Promise<void> {
    const bundle = await this.storedBundle();
    const masterKey = await openKeyBundleWithPassword(bundle, password);
    await this.adopt({ bundle, masterKey }, rememberOnDevice);
  }

  async recoverWithPhrase(
    phrase: string,
    newPassword: string,
    rememberOnDevice: boolean,
  ): Promise<void> {
    const bundle = await this.storedBundle();
    const masterKey = await openKeyBundleWithRecoveryPhrase(bundle, phrase);
    await this.setPassword(bundle, masterKey, newPassword, rememberOnDevice);
  }

  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const bundle = await this.storedBundle();
    // Proves the person at the keyboard knows the password, even in an unlocked tab.
    const masterKey = await openKeyBundleWithPassword(bundle, currentPassword);
    await this.setPassword(bundle, masterKey, newPassword);
  }

  async lock(): Promise<void> {
    await this.store.forgetDeviceUnlock();
    await this.adopt(null);
    this.discardPending();
  }

  async setAutoLockMinutes(minutes: number): Promise<void> {
    if (!Number.isInteger(minutes) || minutes < 0) throw new RangeError('minutes must be >= 0');
    await this.store.saveSettings({ autoLockMinutes: minutes });
  }

  private requireUnlocked(): Unlocked {
    if (!this.unlocked) throw new VaultError(VaultErrorName.locked, 'The library is locked.');
    return this.unlocked;
  }

  /** Saves the bundle re-wrapped for `newPassword` and unlocks with it (see adopt). */
  private async setPassword(
    bundle: KeyBundle,
    masterKey: Uint8Array<ArrayBuffer>,
    newPassword: string,
    rememberOnDevice?: boolean,
  ): Promise<void> {
    const rewrapped = await rewrapForPassword(bundle, masterKey, newPassword, this.kdfParams);
    await this.store.saveKeyBundle(await encodeKeyBundle(rewrapped));
    await this.adopt({ bundle: rewrapped, masterKey }, rememberOnDevice);
  }

  /** Keeps (or forgets) the unlocked master key wrapped by a non-extractable device key. */
  private async rememberOnDevice(remember: boolean): Promise<void> {
    if (!remember || !this.unlocked) {
      await this.store.forgetDeviceUnlock();
      return;
    }
    const { masterKey, bundle } = this.unlocked;
    await this.store.saveDeviceUnlock(await wrapForDevice(masterKey, bundle.libraryId));
  }

  private async storedBundle(): Promise<KeyBundle> {
    const bytes = await this.store.keyBundle();
    if (!bytes)
      throw new VaultError(VaultErrorName.noVault, 'There is no library in this browser yet.');
    return decodeKeyBundle(bytes);
  }

  /**
   * Replaces the unlocked keys, wiping the previous master key unless it is the same buffer. With
   * `rememberOnDevice`, then keeps or forgets them on this device; without, leaves that as it is.
   */
  private async adopt(next: Unlocked | null, rememberOnDevice?: boolean): Promise<void> {
    const previous = this.unlocked?.masterKey;
    this.unlocked = next;
    if (previous && previous !== next?.masterKey) wipe(previous);
    if (rememberOnDevice !== undefined) await this.rememberOnDevice(rememberOnDevice);
  }

  private discardPending(): void {
    if (this.pending && this.pending.masterKey !== this.unlocked?.masterKey) {
      wipe(this.pending.masterKey);
    }
    this.pending = null;
  }
}
