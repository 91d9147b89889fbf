/**
 * The recovery phrase: the 32-byte recovery key written as 24 BIP39 words (English list), so a
 * person can keep it on paper. The key is random, so no password hashing is needed.
 */
import { entropyToMnemonic, mnemonicToEntropy } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { deriveSubkey, keyBytes } from '../crypto/keys';
import { VaultError } from './errors';
import { VaultErrorName } from './types';

const recoveryPhraseWords = 24;
const knownWords = new Set(wordlist);

export function recoveryPhraseFromKey(recoveryKey: Uint8Array): string[] {
  if (recoveryKey.length !== keyBytes) throw new RangeError('recovery keys are 32 bytes');
  return entropyToMnemonic(recoveryKey, wordlist).split(' ');
}

/** Splits what a person typed into words: any spacing, any case, numbering like "1." ignored. */
export function phraseWords(phrase: string): string[] {
  return phrase
    .toLowerCase()
    .split(/[\s,]+/)
    .map((word) => word.replace(/^\d+[.)]?/, ''))
    .filter((word) => word.length > 0);
}

/** The recovery key in a typed phrase, or an error that says what is wrong with the phrase. */
export function recoveryKeyFromPhrase(phrase: string): Uint8Array {
  const words = phraseWords(phrase);
  const invalid = (message: string) =>
    new VaultError(VaultErrorName.invalidRecoveryPhrase, message);
  if (words.length !== recoveryPhraseWords) {
    throw invalid(`A recovery phrase has 24 words; this one has ${words.length}.`);
  }
  const unknown = words.findIndex((word) => !knownWords.has(word));
  if (unknown >= 0) {
    throw invalid(`Word ${unknown + 1} ("${words[unknown] ?? ''}") is not a recovery-phrase word.`);
  }
  try {
    return mnemonicToEntropy(words.join(' '), wordlist);
  } catch {
    throw invalid('The words are valid but their checksum is not: check them for a typo or swap.');
  }
}

/** The key that wraps the master key for recovery. */
export const recoveryWrappingKey = (recoveryKey: Uint8Array): Promise<Uint8Array> =>
  deriveSubkey(recoveryKey, 'PNHRECOV', 1);
