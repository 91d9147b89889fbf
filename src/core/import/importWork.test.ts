import { createBLAKE3 } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import { newKey } from '../crypto/keys';
import { fromHex, toHex } from '../crypto/random';
import { ObjectKind, openBytes } from '../crypto/sealed';
import { readFixture } from '../testing/fixtures';
import { ImportWork } from './importWork';

async function keyedBlake3(key: Uint8Array, bytes: Uint8Array): Promise<string> {
  const hasher = await createBLAKE3(256, key);
  hasher.init();
  hasher.update(bytes);
  return toHex(hasher.digest('binary'));
}

async function fixtureBytes(name: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await (await readFixture(name)).arrayBuffer());
}

describe('ImportWork.stage', () => {
  it('seals the original and hashes it with the keyed BLAKE3 in one read', async () => {
    const bytes = await fixtureBytes('exif-gps-helsinki-nokia83-2022-wide.jpg');
    const key = newKey();
    const work = new ImportWork();
    work.setContentHashKey(key);
    const staged = await work.stage(new Blob([bytes]));
    expect(staged.type.format).toBe('jpeg');
    expect(staged.contentHash).toBe(await keyedBlake3(key, bytes));
    // A photo is sealed in memory: bytes the garbage collector sees, transferred without a copy.
    if (!(staged.original instanceof Uint8Array)) throw new Error('expected sealed bytes');
    const opened = await openBytes(staged.photoKey, staged.original, {
      kind: ObjectKind.original,
      objectId: fromHex(staged.originalId),
    });
    expect(opened).toEqual(bytes);
  });

  it('hashes a file larger than one 4 MiB chunk and one 16 MiB read window', async () => {
    const bytes = new Uint8Array(21 * 1024 * 1024 + 7);
    bytes.set([0xff, 0xd8, 0xff, 0xe0]);
    for (let i = 4; i < bytes.length; i += 4099) bytes[i] = i % 251;
    const key = newKey();
    const work = new ImportWork();
    work.setContentHashKey(key);
    const staged = await work.stage(new Blob([bytes]));
    expect(staged.contentHash).toBe(await keyedBlake3(key, bytes));
  });

  it('gives the same bytes the same hash under any name, and another library another hash', async () => {
    const bytes = await fixtureBytes('face-grace-hopper.gif');
    const key = newKey();
    const work = new ImportWork();
    work.setContentHashKey(key);
    const a = await work.stage(new File([bytes], 'hopper.gif'));
    const b = await work.stage(new File([bytes], 'copy of hopper.gif'));
    expect(a.contentHash).toBe(b.contentHash);
    expect(a.originalId).not.toBe(b.originalId);
    const other = new ImportWork();
    other.setContentHashKey(newKey());
    expect((await other.stage(new Blob([bytes]))).contentHash).not.toBe(a.contentHash);
  });

  it('rejects what is not a photo or video with the reason to show', async () => {
    const work = new ImportWork();
    work.setContentHashKey(newKey());
    await expect(work.stage(await readFixture('bad-text.jpg'))).rejects.toMatchObject({
      name: 'UnsupportedFileError',
      message: 'This is not a photo or video (it looks like text).',
    });
    await expect(work.stage(new Blob([]))).rejects.toMatchObject({ name: 'UnsupportedFileError' });
  });
});
