/**
 * Opens one large sealed object again and again with the app's own openBlob (its Blob I/O helper
 * included), as a user paging through full-size photos does, and drops each opened Blob. Loaded
 * from the Vite dev server by e2e/crypto-worker.spec.ts.
 */
import { newId, newKey } from '../../src/core/crypto/keys';
import { randomBytes } from '../../src/core/crypto/random';
import { ObjectKind, openBlob, sealBlob } from '../../src/core/crypto/sealed';

export interface BlobsRequest {
  /** Plaintext size, MiB. */
  sizeMiB: number;
  opens: number;
  /** Written every 4 KiB of the plaintext, so a copy of it can be found on disk. */
  marker: string;
}
export interface BlobsReply {
  opened: number;
}

addEventListener('message', (event: MessageEvent<BlobsRequest>) => {
  const { sizeMiB, opens, marker } = event.data;
  (async () => {
    const plain = randomBytes(sizeMiB * 1024 * 1024);
    const mark = new TextEncoder().encode(marker);
    for (let at = 0; at + mark.length <= plain.length; at += 4096) plain.set(mark, at);
    const key = newKey();
    const binding = { kind: ObjectKind.original, objectId: newId() };
    const sealed = await sealBlob(key, new Blob([plain]), binding);
    let opened = 0;
    for (let i = 0; i < opens; i++) {
      const blob = await openBlob(key, sealed, binding, { type: 'image/jpeg' });
      if (blob.size === plain.length) opened++;
    }
    postMessage({ opened } satisfies BlobsReply);
  })().catch((error: unknown) => {
    // Thrown again outside the promise: an error event the spec sees, not a silent hang.
    setTimeout(() => {
      throw error instanceof Error ? error : new Error(String(error));
    });
  });
});
