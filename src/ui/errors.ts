import { VaultErrorName } from '../core/vault/types';

/** Words for people, by the `name` the crypto worker gives each vault error. */
const vaultErrorMessages: Record<VaultErrorName, string> = {
  [VaultErrorName.wrongPassword]: "That password doesn't open this library.",
  [VaultErrorName.wrongRecoveryPhrase]:
    'Those 24 words are a valid recovery phrase, but not the one of this library. Check that you are using the phrase you wrote down when you created this library.',
  [VaultErrorName.invalidRecoveryPhrase]:
    "That isn't a valid recovery phrase: a word is misspelled, missing or not on the recovery word list, or two words are swapped. Compare it word by word with what you wrote down.",
  [VaultErrorName.recoveryConfirmation]:
    "Those words don't match your recovery phrase. Check each numbered word against what you wrote down.",
  [VaultErrorName.corruptKeyBundle]:
    "The library's key file is damaged, so the library can't be opened in this browser. This is not a problem with your password.",
  [VaultErrorName.noVault]: 'There is no library in this browser yet.',
  [VaultErrorName.vaultExists]: 'A library already exists in this browser.',
  [VaultErrorName.locked]: 'The library is locked. Unlock it and try again.',
};

/**
 * Where the worker's message says exactly what is wrong with what the person typed (which word is
 * unknown, a bad checksum, which position does not match), it is worth showing inside ours.
 */
const withWorkerDetail: Partial<Record<VaultErrorName, (detail: string) => string>> = {
  [VaultErrorName.invalidRecoveryPhrase]: (detail) =>
    `That isn't a valid recovery phrase. ${detail} Compare it word by word with what you wrote down.`,
  [VaultErrorName.recoveryConfirmation]: (detail) =>
    `${detail} Check each numbered word against what you wrote down.`,
};

const fallbackMessage =
  'Something went wrong. Please try again; if it keeps happening, reload the page.';

/** Overrides for a form where a generic message would be vague (e.g. "current password"). */
export type ErrorMessageOverrides = Partial<Record<VaultErrorName, string>>;

function isVaultErrorName(name: unknown): name is VaultErrorName {
  return typeof name === 'string' && Object.hasOwn(vaultErrorMessages, name);
}

/** The error's name if it is one of the vault's (comlink keeps `name` across the worker). */
function vaultErrorName(error: unknown): VaultErrorName | undefined {
  const name = error instanceof Error ? error.name : undefined;
  return isVaultErrorName(name) ? name : undefined;
}

/** Errors of the library whose own message is written for people (src/core/library). */
const errorsWithPlainMessages = new Set([
  'AlbumNameError',
  'StorageFullError',
  'DownloadError',
  'StoreError',
  'NoLibraryInBucketError',
  'ForeignLibraryError',
]);

/** A plain-language sentence for any error: never a stack trace or an internal message. */
export function describeError(error: unknown, overrides: ErrorMessageOverrides = {}): string {
  if (error instanceof Error && errorsWithPlainMessages.has(error.name)) return error.message;
  const name = vaultErrorName(error);
  if (name) {
    const detail = error instanceof Error ? error.message.trim() : '';
    const withDetail = withWorkerDetail[name];
    if (overrides[name] === undefined && withDetail && detail && detail.length < 200)
      return withDetail(detail.endsWith('.') ? detail : `${detail}.`);
    return overrides[name] ?? vaultErrorMessages[name];
  }
  // Unexpected: keep the details for whoever opens the console, not on the screen.
  console.error(error);
  return fallbackMessage;
}
