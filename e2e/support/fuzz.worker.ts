/**
 * Opens 10,000 randomly damaged ciphertexts with the app's own code inside a real browser worker
 * and reports how each was rejected. Loaded from the Vite dev server by e2e/crypto-worker.spec.ts.
 */
import { DecryptionError } from '../../src/core/crypto/errors';
import { newId, newKey } from '../../src/core/crypto/keys';
import { randomBytes } from '../../src/core/crypto/random';
import { ObjectKind, openBytes, sealBytes } from '../../src/core/crypto/sealed';
import { ciphertextMutator } from '../../src/core/testing/mutations';

export type FuzzRequest = { count: number } | 'ping';
export type FuzzReply = { failures: Record<string, number> } | 'pong';

async function fuzz(count: number): Promise<Record<string, number>> {
  const key = newKey();
  const binding = { kind: ObjectKind.preview, objectId: newId() };
  const sealed = await sealBytes(key, randomBytes(70_000), binding, { chunkExponent: 16 });
  const mutate = ciphertextMutator(sealed, 2024);
  const failures: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    let outcome: string;
    try {
      await openBytes(key, mutate(), binding);
      outcome = 'opened';
    } catch (error) {
      outcome = error instanceof DecryptionError ? error.failure : `untyped ${String(error)}`;
    }
    failures[outcome] = (failures[outcome] ?? 0) + 1;
  }
  return failures;
}

addEventListener('message', (event: MessageEvent<FuzzRequest>) => {
  const request = event.data;
  if (request === 'ping') {
    postMessage('pong' satisfies FuzzReply);
    return;
  }
  void fuzz(request.count).then((failures) => {
    postMessage({ failures } satisfies FuzzReply);
  });
});
