/** Byte readers shared by the media parsers (file types, EXIF containers, video boxes). */

/** `length` bytes of `file` from `start` (fewer past the end). */
export async function readBytes(file: Blob, start: number, length: number): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(start, start + length).arrayBuffer());
}

/** Bytes as one character each (for four-character codes); '' past the end. */
export function latin1(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

/** A big-endian unsigned 16-bit integer at `at` (missing bytes past the end count as 0). */
export function uint16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

/**
 * An EBML variable-length integer: the leading zero bits of its first byte give its length. IDs
 * keep the length marker bit; sizes drop it, and a size of all ones means "unknown" (undefined).
 */
export function readVint(
  bytes: Uint8Array,
  at: number,
  limit: number,
  keepMarker: boolean,
): { value: number | undefined; end: number } | undefined {
  const first = bytes[at];
  if (first === undefined || first === 0 || at >= limit) return undefined;
  const length = Math.clz32(first) - 23; // clz32 counts from bit 31; the byte's top bit is bit 7
  if (at + length > limit) return undefined;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const byte = bytes[at + i] ?? 0;
    value = value * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  return { value: !keepMarker && allOnes ? undefined : value, end: at + length };
}
