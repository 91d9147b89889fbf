import { describe, expect, it } from 'vitest';
import { randomBytes } from './random';
import { loadSodium, Secretstream } from './sodium';

describe('Secretstream (libsodium wasm exports, heap buffers)', () => {
  it('is byte-compatible with libsodium-wrappers both ways, with additional data', async () => {
    const sodium = await loadSodium();
    const key = randomBytes(32);
    const ad = randomBytes(47);
    const chunks = [randomBytes(1000), randomBytes(0), randomBytes(70_000)];

    const { stream, header } = Secretstream.push(sodium, key, ad.length);
    stream.bind(ad);
    const sealed = chunks.map((chunk, index) => {
      stream.input(chunk.length).set(chunk);
      return stream.push(chunk.length, index === chunks.length - 1 ? 3 : 0).slice();
    });
    stream.close();
    const state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header, key);
    sealed.forEach((piece, index) => {
      const opened = sodium.crypto_secretstream_xchacha20poly1305_pull(state, piece, ad);
      expect(opened && opened.message).toEqual(chunks[index]);
    });

    const push = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
    const pieces = chunks.map((chunk) =>
      sodium.crypto_secretstream_xchacha20poly1305_push(push.state, chunk, ad, 0),
    );
    const pull = Secretstream.pull(sodium, key, push.header, ad.length);
    pull.bind(ad);
    pieces.forEach((piece, index) => {
      pull.input(piece.length).set(piece);
      expect(pull.pull(piece.length)?.message.slice()).toEqual(chunks[index]);
    });
    // A flipped byte does not authenticate; nor does a chunk shorter than its overhead.
    const bad = (pieces[0] ?? new Uint8Array(20)).slice();
    bad[5] = (bad[5] ?? 0) ^ 1;
    pull.input(bad.length).set(bad);
    expect(pull.pull(bad.length)).toBeNull();
    expect(pull.pull(3)).toBeNull();
    pull.close();
  });

  it('rejects keys that are not 32 bytes', async () => {
    const sodium = await loadSodium();
    expect(() => Secretstream.push(sodium, randomBytes(16), 0)).toThrow(RangeError);
  });
});
