import { VaultErrorName } from './types';

/** Vault errors carry a `name` from VaultErrorName; comlink keeps it across the worker boundary. */
export class VaultError extends Error {
  constructor(
    override readonly name: VaultErrorName,
    message: string,
  ) {
    super(message);
  }
}

export const wrongPassword = () =>
  new VaultError(VaultErrorName.wrongPassword, "That password doesn't open this library.");

export const wrongRecoveryPhrase = () =>
  new VaultError(
    VaultErrorName.wrongRecoveryPhrase,
    'That is a valid recovery phrase, but not the one of this library.',
  );

export const corruptKeyBundle = (detail: string) =>
  new VaultError(
    VaultErrorName.corruptKeyBundle,
    `The library's key bundle is damaged: ${detail}.`,
  );
