/**
 * The content hash that recognises a photo imported twice: BLAKE3 keyed with a key derived from
 * the master key (libraryKeys.ts), so neither the store nor IndexedDB ever sees a plain hash
 * that could be matched against known files. Computed while the original is sealed, from the
 * same reads.
 */
import { createBLAKE3 } from 'hash-wasm';
import type { ByteSource } from '../crypto/byteSources';
import { toHex } from '../crypto/random';

export interface ContentHasher {
  /** A source whose reads, front to back, also feed the hash. */
  tap(source: ByteSource): ByteSource;
  /** 32 bytes as hex. Throws if the reads skipped or repeated a range. */
  digest(): string;
}

export async function contentHasher(key: Uint8Array): Promise<ContentHasher> {
  const blake3 = await createBLAKE3(256, key);
  blake3.init();
  let hashedTo = 0;
  let size = -1;
  // Reads may be issued ahead (the sealer prefetches); they are hashed in the order issued.
  let hashed: Promise<void> = Promise.resolve();
  return {
    tap(source) {
      size = source.size;
      return {
        size: source.size,
        read: (start, end) => {
          const reading = source.read(start, end);
          hashed = hashed.then(async () => {
            const bytes = await reading;
            if (start !== hashedTo) throw new Error('content hash: reads must be contiguous');
            blake3.update(bytes);
            hashedTo = end;
          });
          return hashed.then(() => reading);
        },
      };
    },
    digest() {
      if (hashedTo !== size) throw new Error('content hash: the source was not read to its end');
      return toHex(blake3.digest('binary'));
    },
  };
}
