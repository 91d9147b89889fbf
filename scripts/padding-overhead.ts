/**
 * Prints the size overhead of sealed objects (header, length prefix, Padmé padding, 17 bytes per
 * chunk) for typical plaintext sizes: the table in docs/format.md.
 *   npx tsx scripts/padding-overhead.ts
 */
import { sealedLayout } from '../src/core/crypto/sealed.ts';

for (const length of [1_000, 30_000, 200_000, 2_500_000, 12_000_000, 2_000_000_000]) {
  const { sealedSize } = sealedLayout(length);
  const overhead = ((sealedSize / length - 1) * 100).toFixed(1);
  console.log(
    `${length.toLocaleString('en')} B -> ${sealedSize.toLocaleString('en')} B (${overhead}%)`,
  );
}
