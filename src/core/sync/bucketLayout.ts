/**
 * Names in the bucket (docs/format.md, "The bucket"). Every name but the key bundle's is random
 * or derived with a key, so a listing tells the kind of each object and nothing else.
 */
import { toHex } from '../crypto/random';
import { objectIdFor, type LibraryKeys } from '../library/libraryKeys';

export const KEY_BUNDLE_NAME = 'pinhole-library';

export class BucketLayout {
  constructor(
    private readonly keys: LibraryKeys,
    /** '' or a folder ending in '/'. */
    readonly prefix: string,
  ) {}

  keyBundle(): string {
    return `${this.prefix}${KEY_BUNDLE_NAME}`;
  }

  /** A sealed original, preview or thumbnail, by its object id (hex). */
  object(objectId: string): string {
    return `${this.prefix}o/${objectId}`;
  }

  snapshot(objectId: string): string {
    return `${this.prefix}s/${objectId}`;
  }

  deviceHeads(): string {
    return `${this.prefix}d/`;
  }

  async deviceHead(deviceId: string): Promise<{ name: string; objectId: Uint8Array }> {
    const objectId = await objectIdFor(this.keys, deviceHeadLabel(deviceId));
    return { name: `${this.prefix}d/${toHex(objectId)}`, objectId };
  }

  async segment(
    deviceId: string,
    first: number,
    last: number,
  ): Promise<{ name: string; objectId: Uint8Array }> {
    const objectId = await objectIdFor(this.keys, segmentLabel(deviceId, first, last));
    return { name: `${this.prefix}l/${toHex(objectId)}`, objectId };
  }
}

export const deviceHeadLabel = (deviceId: string) => `device ${deviceId}`;
export const segmentLabel = (deviceId: string, first: number, last: number) =>
  `log ${deviceId} ${String(first)}-${String(last)}`;

/** A prefix as people type it ("photos", "/photos/", "") as the bucket layout wants it. */
export function normalisePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}
