/**
 * Random damage to a ciphertext, for the robustness tests (unit tests in Node and the e2e test in
 * a real browser worker). Deterministic for a seed; every result differs from the input.
 */
import { bytesEqual, concatBytes } from '../crypto/random';
import { seededRandom } from './seededRandom';

export function ciphertextMutator(original: Uint8Array, seed = 1): () => Uint8Array {
  const next = seededRandom(seed);
  const random = (below: number): number => Math.floor(next() * below);
  const randomTail = (length: number): Uint8Array => {
    const tail = new Uint8Array(length);
    for (let i = 0; i < length; i++) tail[i] = random(256);
    return tail;
  };
  const mutateOnce = (): Uint8Array => {
    const copy = original.slice();
    switch (random(5)) {
      case 0: // flip 1-8 random bits
        for (let i = 0, n = 1 + random(8); i < n; i++) {
          const at = random(copy.length);
          copy[at] = (copy[at] ?? 0) ^ (1 << random(8));
        }
        return copy;
      case 1: {
        // overwrite a byte with a different value
        const at = random(copy.length);
        copy[at] = ((copy[at] ?? 0) + 1 + random(255)) & 0xff;
        return copy;
      }
      case 2: // truncate
        return copy.subarray(0, random(copy.length));
      case 3: // append
        return concatBytes([copy, randomTail(1 + random(70_000))]);
      default: {
        // cut a random range out
        const from = random(copy.length);
        return concatBytes([copy.subarray(0, from), copy.subarray(from + 1 + random(5000))]);
      }
    }
  };
  return () => {
    let mutated = mutateOnce();
    // Two flips of one bit cancel out: only real changes count.
    while (bytesEqual(mutated, original)) mutated = mutateOnce();
    return mutated;
  };
}
