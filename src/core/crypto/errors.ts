/** What failed when a sealed object did not open. Each value names one check in docs/format.md. */
export type DecryptionFailure =
  | 'bad-magic' // not a Pinhole object at all
  | 'unsupported-version' // written by a newer format version
  | 'bad-header' // header fields out of range
  | 'wrong-kind' // a valid object of another kind (thumbnail swapped for original, ...)
  | 'wrong-object' // a valid object with another id (the store swapped two objects)
  | 'chunk-rejected' // a chunk failed authentication: tampered, reordered, or the wrong key
  | 'truncated' // the stream ends before its final chunk
  | 'trailing-data' // bytes after the final chunk
  | 'bad-length'; // the authenticated length disagrees with the padded size

/**
 * A ciphertext that did not open. Never a crash: every malformed input ends here, with a message
 * that says which object and which part failed. The `name` survives comlink.
 */
export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';
  constructor(
    readonly failure: DecryptionFailure,
    message: string,
  ) {
    super(message);
  }
}
