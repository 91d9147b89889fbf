/** The plaintext of the sealed-object test vectors: byte i is i mod 251 (docs/format.md). */
export function vectorPlaintext(length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = i % 251;
  return bytes;
}
