/** One Argon2id derivation, then the page ends this worker (src/core/crypto/password.ts). */
import {
  derivePasswordKeyHere,
  type PasswordKeyReply,
  type PasswordKeyRequest,
} from '../src/core/crypto/password';

self.addEventListener('message', (event: MessageEvent<PasswordKeyRequest>) => {
  const { password, salt, params } = event.data;
  derivePasswordKeyHere(password, salt, params).then(
    (key) => {
      self.postMessage({ key } satisfies PasswordKeyReply, { transfer: [key.buffer] });
    },
    (error: unknown) => {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      self.postMessage({ error: { name, message } } satisfies PasswordKeyReply);
    },
  );
});
