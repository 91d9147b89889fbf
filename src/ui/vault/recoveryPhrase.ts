/** BIP39 phrases of Pinhole libraries have 24 words. */
export const recoveryPhraseLength = 24;

/**
 * The words of a phrase as typed or pasted: any spacing or case, and without the numbers of a
 * numbered list ("1. abandon 2. ability …"), which people often copy along with the words.
 */
export function recoveryWords(typed: string): string[] {
  return typed
    .toLowerCase()
    .split(/[\s,;]+/)
    .filter((token) => token !== '' && !/^\d+[.):]?$/.test(token));
}
