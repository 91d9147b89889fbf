/** What the UI may know about the library's keys: never the keys themselves. */
export interface VaultStatus {
  /** A library (its key bundle) exists in this browser. */
  exists: boolean;
  /** The master key is in the crypto worker's memory. */
  unlocked: boolean;
  /** "Stay unlocked on this device": the master key is kept wrapped by a device key. */
  rememberedOnDevice: boolean;
  /** Minutes without user activity before the UI locks the library; 0 means never. */
  autoLockMinutes: number;
}

/** A library being created: shown to the user, then confirmed before anything is saved. */
export interface PendingVault {
  /** The 24-word BIP39 recovery phrase (English word list). */
  recoveryPhrase: string[];
  /** 0-based positions of the words the user must type back to prove they wrote it down. */
  confirmPositions: number[];
}

/**
 * Names of the errors the crypto worker throws for vault operations. comlink keeps an error's
 * `name` and `message` across the worker boundary; the UI maps names to words for people.
 */
export const VaultErrorName = {
  wrongPassword: 'WrongPasswordError',
  wrongRecoveryPhrase: 'WrongRecoveryPhraseError',
  invalidRecoveryPhrase: 'InvalidRecoveryPhraseError',
  recoveryConfirmation: 'RecoveryConfirmationError',
  corruptKeyBundle: 'CorruptKeyBundleError',
  noVault: 'NoVaultError',
  vaultExists: 'VaultExistsError',
  locked: 'VaultLockedError',
} as const;

export type VaultErrorName = (typeof VaultErrorName)[keyof typeof VaultErrorName];

/** The vault operations the crypto worker exposes (implemented in src/core/vault/vault.ts). */
export interface VaultApi {
  vaultStatus(): Promise<VaultStatus>;
  /**
   * Re-opens a library remembered on this device, without a password. Returns false if there is
   * none, or if the device record no longer opens (it is then forgotten: the password still works).
   */
  resumeOnDevice(): Promise<boolean>;
  /** Derives keys for a new library and returns its recovery phrase. Nothing is saved yet. */
  beginCreateVault(password: string): Promise<PendingVault>;
  /** The words at `confirmPositions`, in order. Saves the library and unlocks it. */
  completeCreateVault(confirmWords: string[], rememberOnDevice: boolean): Promise<void>;
  /** Saves another device's key bundle of a library here and unlocks it with its password. */
  joinVault(bundleBytes: Uint8Array, password: string, rememberOnDevice: boolean): Promise<void>;
  unlock(password: string, rememberOnDevice: boolean): Promise<void>;
  /** Opens the library with its recovery phrase and sets a new password. */
  recoverWithPhrase(phrase: string, newPassword: string, rememberOnDevice: boolean): Promise<void>;
  /** Re-wraps the master key only: no photo is re-encrypted. */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  /** Wipes every key from memory and forgets the device unlock. */
  lock(): Promise<void>;
  setAutoLockMinutes(minutes: number): Promise<void>;
}
